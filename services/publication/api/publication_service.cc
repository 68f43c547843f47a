#include "services/publication/api/publication_service.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "nlohmann/json.hpp"
#include "reportflow/drafting/v1/drafting.pb.h"
#include "services/common/certificate.h"
#include "services/common/notify_outbox.h"
#include "services/common/outbox.h"
#include "services/common/paging.h"
#include "services/common/proto_time.h"
#include "services/common/request_log.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/text_rules.h"
#include "services/publication/api/delivery.h"
#include "services/publication/api/portal_checks.h"
#include "services/publication/domain/notifications.h"
#include "services/publication/domain/publication_rules.h"
#include "services/publication/render/page.h"

namespace reportflow::publication {
namespace {

constexpr char kWithdrawMethod[] = "WithdrawPublication";
constexpr char kRetryMethod[] = "RetryPortalPush";

absl::StatusOr<int64_t> ParsePublicationName(absl::string_view name, absl::string_view field) {
  ASSIGN_OR_RETURN(std::vector<int64_t> ids,
                   ParseNumericName(name, "publications/{publication}", field));
  return ids[0];
}

std::string Json(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The leaf of a publication directory ("unit/2024/r-1-v2" → "r-1-v2"), for
// links between sibling publications.
std::string Leaf(absl::string_view directory) {
  const size_t slash = directory.rfind('/');
  return std::string(slash == absl::string_view::npos ? directory : directory.substr(slash + 1));
}

v1::DeadlineStatus DeadlineProto(DeadlineStanding standing) {
  switch (standing) {
    case DeadlineStanding::kOnTime:
      return v1::DEADLINE_STATUS_ON_TIME;
    case DeadlineStanding::kAtRisk:
      return v1::DEADLINE_STATUS_AT_RISK;
    case DeadlineStanding::kOverdue:
      return v1::DEADLINE_STATUS_OVERDUE;
    case DeadlineStanding::kOpen:
      return v1::DEADLINE_STATUS_OPEN;
    default:
      return v1::DEADLINE_STATUS_UNSPECIFIED;
  }
}

// The page's sections grouped by the template's parts (a section the
// template does not know goes last, in a part of its own).
std::vector<PagePart> Parts(const drafting::v1::ReportVersion& version,
                            const drafting::v1::Template* report_template) {
  std::vector<PagePart> parts;
  std::vector<bool> placed(version.manifest_size(), false);
  auto section_of = [&](int i) {
    const drafting::v1::ManifestEntry& entry = version.manifest(i);
    const size_t slash = entry.section().rfind('/');
    return PageSection{entry.section().substr(slash + 1), entry.title(),
                       entry.kind() == drafting::v1::SECTION_KIND_TABLE, entry.content()};
  };
  if (report_template != nullptr) {
    for (const drafting::v1::TemplatePart& template_part : report_template->parts()) {
      PagePart part{template_part.title(), {}};
      for (const drafting::v1::TemplateSection& template_section : template_part.sections()) {
        for (int i = 0; i < version.manifest_size(); ++i) {
          if (!placed[i] && absl::EndsWith(version.manifest(i).section(),
                                           absl::StrCat("/sections/", template_section.key()))) {
            part.sections.push_back(section_of(i));
            placed[i] = true;
          }
        }
      }
      if (!part.sections.empty()) parts.push_back(std::move(part));
    }
  }
  PagePart rest{"", {}};
  for (int i = 0; i < version.manifest_size(); ++i) {
    if (!placed[i]) rest.sections.push_back(section_of(i));
  }
  if (!rest.sections.empty()) parts.push_back(std::move(rest));
  return parts;
}

// The publication's last portal check, when there is one.
absl::Status AddPortalCheck(Transaction& tx, int64_t id, v1::Publication* publication) {
  ASSIGN_OR_RETURN(std::optional<PortalCheckRecord> check, FindPortalCheck(tx, id, false));
  if (check.has_value()) *publication->mutable_portal_check() = PortalCheckProto(*check);
  return absl::OkStatus();
}

}  // namespace

std::string PublicationName(int64_t id) { return absl::StrCat("publications/", id); }

absl::Status EnqueuePush(Transaction& tx, const PublicationRecord& record, absl::string_view method,
                         PortalBundle bundle, absl::string_view key) {
  bundle.idempotency_key = std::string(key);
  return EnqueueMessage(tx, {record.unit, std::string(method), PublicationName(record.id),
                             std::string(key), SerializeBundle(bundle)});
}

v1::Publication PublicationProto(const PublicationRecord& record, const PortalSink& sink,
                                 absl::CivilDay today) {
  v1::Publication publication;
  publication.set_name(PublicationName(record.id));
  publication.set_report(record.report);
  publication.set_report_version(record.report_version);
  publication.set_digest(record.digest);
  publication.set_certificate(record.certificate);
  publication.set_unit(record.unit);
  publication.set_fiscal_year(record.fiscal_year);
  publication.set_title(record.title);
  publication.set_state(record.state);
  publication.set_index_number(record.index_number);
  publication.set_url(sink.PageLocation(record.directory));
  if (record.finance_approval_date.has_value()) {
    publication.set_finance_approval_date(FormatDay(*record.finance_approval_date));
  }
  if (record.deadline_date.has_value()) {
    publication.set_deadline_date(FormatDay(*record.deadline_date));
  }
  publication.set_deadline_status(
      DeadlineProto(Standing(record.deadline_date, record.published_on, today)));
  if (record.publish_time.has_value()) {
    SetTimestamp(*record.publish_time, publication.mutable_publish_time());
  }
  SetTimestamp(record.create_time, publication.mutable_create_time());
  if (record.supersedes > 0) publication.set_supersedes(PublicationName(record.supersedes));
  if (record.superseded_by > 0) {
    publication.set_superseded_by(PublicationName(record.superseded_by));
  }
  if (record.withdraw_time.has_value()) {
    v1::Withdrawal* withdrawal = publication.mutable_withdrawal();
    withdrawal->set_reason(record.withdraw_reason);
    withdrawal->mutable_actor()->set_user_id(record.withdraw_actor_id);
    withdrawal->mutable_actor()->set_display_name(record.withdraw_actor_name);
    SetTimestamp(*record.withdraw_time, withdrawal->mutable_withdraw_time());
  }
  publication.set_etag(absl::StrCat(record.revision));
  return publication;
}

absl::Status EnqueueIndexPush(Transaction& tx, const PublicationRecord& record,
                              absl::string_view event) {
  PortalBundle bundle;
  bundle.kind = "index";
  bundle.publication = PublicationName(record.id);
  bundle.directory = IndexDirectory(record.unit, record.fiscal_year);
  bundle.replace_directory = false;
  return EnqueuePush(tx, record, kPushIndex, std::move(bundle),
                     absl::StrCat("index-", record.id, "-", event));
}

absl::Status EnqueueOutcome(Transaction& tx, const PublicationRecord& record, int outcome,
                            absl::string_view url, absl::string_view reason,
                            absl::string_view event) {
  drafting::v1::RecordPublicationOutcomeRequest request;
  request.set_version(record.report_version);
  request.set_outcome(static_cast<drafting::v1::PublicationOutcome>(outcome));
  request.set_publication(PublicationName(record.id));
  request.set_url(std::string(url));
  request.set_reason(std::string(reason));
  request.set_request_id(absl::StrCat("publication-", record.id, "-", event));
  return EnqueueMessage(tx, {record.unit, kRecordPublicationOutcome, PublicationName(record.id),
                             request.request_id(), request.SerializeAsString()});
}

PublicationServiceImpl::PublicationServiceImpl(ServiceContext context, PublicationConfig config)
    : context_(std::move(context)), config_(std::move(config)), drafting_(context_.peers) {}

absl::CivilDay PublicationServiceImpl::Today() const { return ChinaDay(context_.now()); }

absl::Status PublicationServiceImpl::Refuse(const Caller& caller, absl::string_view report,
                                            const v1::SignedCertificate& certificate,
                                            const absl::Status& why) {
  // The refusal is recorded in a transaction of its own: the call fails, the
  // audit entry stays.
  RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
    return AppendAudit(tx,
                       {report.empty() ? "(unverified)" : std::string(report), 0,
                        "publication.refused", caller.user_id, caller.display_name,
                        Json({{"certificate", certificate.name()},
                              {"public_key", certificate.public_key()},
                              {"code", absl::StatusCodeToString(why.code())},
                              {"error", std::string(why.message())}})},
                       context_.now());
  }));
  return why;
}

absl::Status PublicationServiceImpl::Publish(const Caller& caller,
                                             const v1::PublishReportRequest& request,
                                             v1::Publication* response) {
  if (!caller.IsService("review") && !caller.HasRole(kRolePublisher)) {
    return absl::PermissionDeniedError(
        "发布需要审核服务的令牌或发布员角色 (requires the review service's token or role "
        "publisher)");
  }
  RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  const v1::SignedCertificate& signed_certificate = request.certificate();
  if (signed_certificate.signed_payload().empty()) {
    return absl::InvalidArgumentError("certificate.signed_payload: 必填 (required)");
  }
  if (signed_certificate.signature().empty()) {
    return absl::InvalidArgumentError("certificate.signature: 必填 (required)");
  }
  RETURN_IF_ERROR(
      ValidateText("certificate.name", signed_certificate.name(), 64, Presence::kRequired));
  RETURN_IF_ERROR(ValidateText("certificate.public_key", signed_certificate.public_key(), 128));
  absl::StatusOr<review::v1::ApprovalCertificate> certificate = OpenSignedCertificate(
      signed_certificate.name(), signed_certificate.signed_payload(),
      signed_certificate.signature(), signed_certificate.public_key(), config_.review_public_key);
  if (!certificate.ok()) {
    return Refuse(caller, "", signed_certificate, certificate.status());
  }
  // The unit names the portal directory: never a path of its own.
  RETURN_IF_ERROR(ValidateUnitId("certificate.unit", certificate->unit()));
  if (!caller.IsService("review") && !caller.HasRoleIn(kRolePublisher, certificate->unit())) {
    return absl::PermissionDeniedError(absl::StrCat("您不属于单位 ", certificate->unit(),
                                                    " (the certificate is for another unit)"));
  }
  ASSIGN_OR_RETURN(auto version_name,
                   ParseVersionName(certificate->report_version(), "certificate.report_version"));
  const std::string report_name = absl::StrCat("reports/", version_name.first);
  // Idempotent on (report, version): a repeat gets the publication as it is.
  ASSIGN_OR_RETURN(std::optional<PublicationRecord> existing,
                   context_.db->Transact<std::optional<PublicationRecord>>(
                       [&](Transaction& tx) -> absl::StatusOr<std::optional<PublicationRecord>> {
                         return FindPublicationOfVersion(tx, report_name, version_name.second,
                                                         false);
                       }));
  if (existing.has_value()) {
    if (existing->digest != certificate->digest()) {
      return Refuse(
          caller, report_name, signed_certificate,
          absl::FailedPreconditionError(absl::StrCat("版本 ", certificate->report_version(),
                                                     " 已按摘要 ", existing->digest.substr(0, 12),
                                                     "… 公开，证书的摘要不同 (digest mismatch)")));
    }
    *response = PublicationProto(*existing, *config_.sink, Today());
    return absl::OkStatus();
  }
  absl::StatusOr<drafting::v1::ReportVersion> version =
      drafting_.GetVerifiedVersion(certificate->report_version(), certificate->digest());
  if (!version.ok()) {
    if (version.status().code() == absl::StatusCode::kFailedPrecondition) {
      return Refuse(caller, report_name, signed_certificate, version.status());
    }
    return version.status();
  }
  ASSIGN_OR_RETURN(drafting::v1::Report report, drafting_.GetReport(report_name));
  std::optional<drafting::v1::Template> report_template;
  if (absl::StatusOr<drafting::v1::Template> found = drafting_.GetTemplate(report.template_());
      found.ok()) {
    report_template = *std::move(found);
  }
  std::optional<absl::CivilDay> approval;
  if (!report.finance_approval_date().empty()) {
    ASSIGN_OR_RETURN(approval, ParseDay(report.finance_approval_date(), "finance_approval_date"));
  }

  const absl::Time now = context_.now();
  return context_.db->Transact([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<PublicationRecord> raced,
                     FindPublicationOfVersion(tx, report_name, version_name.second, true));
    if (raced.has_value()) {
      *response = PublicationProto(*raced, *config_.sink, Today());
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(std::optional<PublicationRecord> previous,
                     FindLivePublicationBefore(tx, report_name, version_name.second));
    PublicationRecord record;
    record.report = report_name;
    record.version_number = version_name.second;
    record.report_version = certificate->report_version();
    record.digest = certificate->digest();
    record.certificate = signed_certificate.name();
    record.signed_payload = signed_certificate.signed_payload();
    record.signature = signed_certificate.signature();
    record.public_key = signed_certificate.public_key();
    record.unit = certificate->unit();
    record.unit_display_name = version->unit_display_name();
    record.fiscal_year = version->fiscal_year();
    record.title = version->title();
    record.state = v1::PUBLICATION_STATE_PENDING;
    record.finance_approval_date = approval;
    if (approval.has_value()) record.deadline_date = DeadlineFor(*approval);
    record.page_date = ChinaDay(now);
    record.create_time = now;
    record.supersedes = previous.has_value() ? previous->id : 0;
    ASSIGN_OR_RETURN(record.id, InsertPublication(tx, record));
    record.index_number = IndexNumber(record.unit, record.fiscal_year, record.id);
    record.directory = PublicationDirectory(record.unit, record.fiscal_year, version_name.first,
                                            version_name.second);
    RETURN_IF_ERROR(SetPlacement(tx, record.id, record.index_number, record.directory));

    PageInput page;
    page.title = record.title;
    page.unit = record.unit;
    page.unit_display_name = record.unit_display_name;
    page.fiscal_year = record.fiscal_year;
    page.index_number = record.index_number;
    page.publish_date = FormatDay(record.page_date);
    page.report_version = record.report_version;
    page.digest = record.digest;
    page.certificate = record.certificate;
    page.parts = Parts(*version, report_template.has_value() ? &*report_template : nullptr);
    for (const review::v1::CertifiedStage& stage : certificate->stages()) {
      page.stages.push_back(
          {stage.display_name(), stage.signer().display_name(),
           FormatDay(ChinaDay(absl::FromUnixSeconds(stage.sign_time().seconds()))), stage.opinion(),
           stage.key()});
    }
    if (previous.has_value()) {
      page.corrects_url = absl::StrCat("../", Leaf(previous->directory), "/index.html");
      page.corrects_date = FormatDay(previous->page_date);
    }
    absl::StatusOr<std::vector<RenderedFile>> files = RenderPublication(page);
    if (!files.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("审定版本无法生成公开页面 (the approved version cannot be rendered): ",
                       files.status().message()));
    }
    int64_t total_bytes = 0;
    for (const RenderedFile& file : *files)
      total_bytes += static_cast<int64_t>(file.content.size());
    if (total_bytes > context_.limits.max_page_bytes) {
      return absl::FailedPreconditionError(absl::StrCat("公开页面共 ", total_bytes, " 字节，超过 ",
                                                        context_.limits.max_page_bytes,
                                                        " 字节的上限 (limit max_page_bytes)"));
    }
    RETURN_IF_ERROR(InsertFiles(tx, record.id, *files));
    PortalBundle bundle{"page", PublicationName(record.id), record.directory, true, "", *files};
    RETURN_IF_ERROR(
        EnqueuePush(tx, record, kPushPage, std::move(bundle), absl::StrCat("page-", record.id)));
    RETURN_IF_ERROR(AppendAudit(
        tx,
        {report_name, record.id, "publication.accepted", caller.user_id, caller.display_name,
         Json({{"version", record.report_version},
               {"digest", record.digest},
               {"certificate", record.certificate},
               {"files", files->size()}})},
        now));
    if (previous.has_value()) {
      RETURN_IF_ERROR(MarkSuperseded(tx, previous->id, record.id));
      NoticeInput notice{previous->title,
                         previous->unit_display_name,
                         previous->index_number,
                         FormatDay(previous->page_date),
                         FormatDay(ChinaDay(now)),
                         false,
                         "",
                         absl::StrCat("../", Leaf(record.directory), "/index.html")};
      const std::string notice_html = RenderNotice(notice);
      RETURN_IF_ERROR(SetExpectedNotice(tx, previous->id, notice_html, now));
      PortalBundle correction{"correction",
                              PublicationName(previous->id),
                              previous->directory,
                              true,
                              "",
                              {{"index.html", "text/html; charset=utf-8", notice_html}}};
      RETURN_IF_ERROR(EnqueuePush(tx, *previous, kPushCorrection, std::move(correction),
                                  absl::StrCat("correction-", previous->id)));
      RETURN_IF_ERROR(EnqueueOutcome(tx, *previous, drafting::v1::PUBLICATION_OUTCOME_CORRECTED,
                                     config_.sink->PageLocation(previous->directory), "",
                                     "corrected"));
      RETURN_IF_ERROR(EnqueueNotify(
          tx, context_.peers,
          PublicationNotification(PublicationEvent::kCorrected, SummaryOf(*previous, *config_.sink),
                                  PublicationName(record.id))));
      RETURN_IF_ERROR(
          AppendAudit(tx,
                      {report_name, previous->id, "publication.corrected", caller.user_id,
                       caller.display_name, Json({{"superseded_by", PublicationName(record.id)}})},
                      now));
    }
    ASSIGN_OR_RETURN(std::optional<PublicationRecord> stored,
                     FindPublication(tx, record.id, false));
    *response = PublicationProto(*stored, *config_.sink, Today());
    return absl::OkStatus();
  });
}

grpc::Status PublicationServiceImpl::PublishReport(grpc::ServerContext* context,
                                                   const v1::PublishReportRequest* request,
                                                   v1::Publication* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    return Publish(caller, *request, response);
  });
}

absl::StatusOr<PublicationRecord> PublicationServiceImpl::Visible(Transaction& tx,
                                                                  const Caller& caller,
                                                                  absl::string_view name,
                                                                  bool for_update) {
  ASSIGN_OR_RETURN(const int64_t id, ParsePublicationName(name, "name"));
  ASSIGN_OR_RETURN(std::optional<PublicationRecord> record, FindPublication(tx, id, for_update));
  if (!record.has_value() || (!caller.InUnit(record->unit) && !caller.IsService("review"))) {
    return absl::NotFoundError(absl::StrCat("公开记录 ", name, " 不存在 (publication not found)"));
  }
  return *std::move(record);
}

grpc::Status PublicationServiceImpl::GetPublication(grpc::ServerContext* context,
                                                    const v1::GetPublicationRequest* request,
                                                    v1::Publication* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(PublicationRecord record, Visible(tx, caller, request->name(), false));
      *response = PublicationProto(record, *config_.sink, Today());
      return AddPortalCheck(tx, record.id, response);
    });
  });
}

grpc::Status PublicationServiceImpl::ListPublications(grpc::ServerContext* context,
                                                      const v1::ListPublicationsRequest* request,
                                                      v1::ListPublicationsResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(const int page_size, PageSize(request->page_size(), 100));
    ASSIGN_OR_RETURN(const int64_t before, NumberToken(request->page_token(), 1));
    if (request->fiscal_year() < 0) {
      return absl::InvalidArgumentError("fiscal_year: 不能为负数 (must not be negative)");
    }
    PublicationFilter filter;
    if (!request->unit().empty()) {
      if (!caller.InUnit(request->unit())) {
        return absl::PermissionDeniedError(
            absl::StrCat("您不属于单位 ", request->unit(), " (not a member of that unit)"));
      }
      filter.units = {request->unit()};
    } else {
      filter.units = caller.Units();
    }
    if (filter.units.empty()) return absl::OkStatus();
    filter.fiscal_year = request->fiscal_year();
    filter.state = request->state();
    filter.deadline_status = request->deadline_status();
    filter.today = Today();
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      ASSIGN_OR_RETURN(std::vector<PublicationRecord> records,
                       ListPublicationRecords(tx, filter, before, page_size));
      for (const PublicationRecord& record : PageOf(records, page_size)) {
        v1::Publication* publication = response->add_publications();
        *publication = PublicationProto(record, *config_.sink, filter.today);
        RETURN_IF_ERROR(AddPortalCheck(tx, record.id, publication));
      }
      response->set_next_page_token(NextPageToken(
          records, page_size, [](const PublicationRecord& last) { return absl::StrCat(last.id); }));
      return absl::OkStatus();
    });
  });
}

grpc::Status PublicationServiceImpl::WithdrawPublication(
    grpc::ServerContext* context, const v1::WithdrawPublicationRequest* request,
    v1::Publication* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    if (!caller.HasRole(kRolePublisher)) {
      return absl::PermissionDeniedError("撤回需要发布员角色 (requires role publisher)");
    }
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    RETURN_IF_ERROR(ValidateText("reason", request->reason(),
                                 static_cast<size_t>(context_.limits.max_text_chars),
                                 Presence::kRequired));
    const std::string reason(StripBlank(request->reason()));
    const absl::Time now = context_.now();
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      return Idempotent(
          tx, caller.user_id, request->request_id(), kWithdrawMethod, response,
          [&]() -> absl::Status {
            ASSIGN_OR_RETURN(PublicationRecord record, Visible(tx, caller, request->name(), true));
            if (!caller.HasRoleIn(kRolePublisher, record.unit)) {
              return absl::PermissionDeniedError(
                  "撤回需要该单位的发布员角色 (requires role publisher)");
            }
            if (!request->etag().empty() && request->etag() != absl::StrCat(record.revision)) {
              return absl::AbortedError(
                  "公开记录已被他人修改，请重新读取后再撤回 (stale etag; get the publication "
                  "again)");
            }
            if (record.state == v1::PUBLICATION_STATE_WITHDRAWN ||
                record.state == v1::PUBLICATION_STATE_SUPERSEDED) {
              return absl::FailedPreconditionError(absl::StrCat(
                  "公开记录 ", request->name(), " 已撤回或已被更正，不能再撤回 (already ",
                  v1::PublicationState_Name(record.state), ")"));
            }
            RETURN_IF_ERROR(
                MarkWithdrawn(tx, record.id, reason, caller.user_id, caller.display_name, now));
            NoticeInput notice{record.title,
                               record.unit_display_name,
                               record.index_number,
                               FormatDay(record.page_date),
                               FormatDay(ChinaDay(now)),
                               true,
                               reason,
                               ""};
            const std::string notice_html = RenderNotice(notice);
            RETURN_IF_ERROR(SetExpectedNotice(tx, record.id, notice_html, now));
            PortalBundle bundle{"withdrawal",
                                PublicationName(record.id),
                                record.directory,
                                true,
                                "",
                                {{"index.html", "text/html; charset=utf-8", notice_html}}};
            RETURN_IF_ERROR(EnqueuePush(tx, record, kPushWithdrawal, std::move(bundle),
                                        absl::StrCat("withdrawal-", record.id)));
            RETURN_IF_ERROR(EnqueueIndexPush(tx, record, "withdrawn"));
            RETURN_IF_ERROR(EnqueueOutcome(tx, record, drafting::v1::PUBLICATION_OUTCOME_WITHDRAWN,
                                           config_.sink->PageLocation(record.directory), reason,
                                           "withdrawn"));
            RETURN_IF_ERROR(
                EnqueueNotify(tx, context_.peers,
                              PublicationNotification(PublicationEvent::kWithdrawn,
                                                      SummaryOf(record, *config_.sink), reason)));
            RETURN_IF_ERROR(
                AppendAudit(tx,
                            {record.report, record.id, "publication.withdrawn", caller.user_id,
                             caller.display_name, Json({{"reason", reason}})},
                            now));
            ASSIGN_OR_RETURN(std::optional<PublicationRecord> stored,
                             FindPublication(tx, record.id, false));
            *response = PublicationProto(*stored, *config_.sink, Today());
            return AddPortalCheck(tx, record.id, response);
          });
    });
  });
}

grpc::Status PublicationServiceImpl::VerifyPublication(grpc::ServerContext* context,
                                                       const v1::VerifyPublicationRequest* request,
                                                       v1::Publication* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    if (!caller.HasRole(kRolePublisher)) {
      return absl::PermissionDeniedError("核验门户页面需要发布员角色 (requires role publisher)");
    }
    ASSIGN_OR_RETURN(
        const int64_t id,
        context_.db->Transact<int64_t>([&](Transaction& tx) -> absl::StatusOr<int64_t> {
          ASSIGN_OR_RETURN(PublicationRecord record, Visible(tx, caller, request->name(), false));
          if (!caller.HasRoleIn(kRolePublisher, record.unit)) {
            return absl::PermissionDeniedError(
                "核验门户页面需要该单位的发布员角色 (requires role publisher)");
          }
          if (!record.publish_time.has_value()) {
            return absl::FailedPreconditionError(
                absl::StrCat("公开记录 ", request->name(),
                             " 尚未推送到门户，暂无可核验的内容 (not on the portal yet)"));
          }
          ASSIGN_OR_RETURN(const bool in_flight, HasPushInFlight(tx, record.id));
          if (in_flight) {
            return absl::FailedPreconditionError(
                absl::StrCat("公开记录 ", request->name(),
                             " 还有推送未完成，完成后会自动核验 (a portal push is in flight)"));
          }
          return record.id;
        }));
    RETURN_IF_ERROR(CheckPortalCopy(
        {context_.db, config_.sink, context_.peers, context_.now, config_.portal_check_interval},
        id, v1::PORTAL_CHECK_TRIGGER_MANUAL));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(std::optional<PublicationRecord> record, FindPublication(tx, id, false));
      *response = PublicationProto(*record, *config_.sink, Today());
      return AddPortalCheck(tx, id, response);
    });
  });
}

grpc::Status PublicationServiceImpl::ListPortalPushes(grpc::ServerContext* context,
                                                      const v1::ListPortalPushesRequest* request,
                                                      v1::ListPortalPushesResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(const int page_size, PageSize(request->page_size(), 100));
    ASSIGN_OR_RETURN(const int64_t after, NumberToken(request->page_token(), 1));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      ASSIGN_OR_RETURN(PublicationRecord record, Visible(tx, caller, request->parent(), false));
      ASSIGN_OR_RETURN(std::vector<v1::PortalPush> pushes,
                       ListPushes(tx, record.id, after, page_size, config_.sink->name()));
      for (const v1::PortalPush& push : PageOf(pushes, page_size)) {
        *response->add_portal_pushes() = push;
      }
      response->set_next_page_token(NextPageToken(
          pushes, page_size, [](const v1::PortalPush& last) { return NameTail(last.name()); }));
      return absl::OkStatus();
    });
  });
}

grpc::Status PublicationServiceImpl::RetryPortalPush(grpc::ServerContext* context,
                                                     const v1::RetryPortalPushRequest* request,
                                                     v1::PortalPush* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    if (!caller.HasRole(kRolePublisher)) {
      return absl::PermissionDeniedError("重试推送需要发布员角色 (requires role publisher)");
    }
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    ASSIGN_OR_RETURN(
        std::vector<int64_t> ids,
        ParseNumericName(request->name(), "publications/{publication}/pushes/{push}", "name"));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      return Idempotent(
          tx, caller.user_id, request->request_id(), kRetryMethod, response, [&]() -> absl::Status {
            ASSIGN_OR_RETURN(PublicationRecord record,
                             Visible(tx, caller, PublicationName(ids[0]), false));
            if (!caller.HasRoleIn(kRolePublisher, record.unit)) {
              return absl::PermissionDeniedError(
                  "重试推送需要该单位的发布员角色 (requires role publisher)");
            }
            ASSIGN_OR_RETURN(std::optional<v1::PortalPush> push,
                             FindPush(tx, record.id, ids[1], config_.sink->name()));
            if (!push.has_value()) {
              return absl::NotFoundError(
                  absl::StrCat("推送 ", request->name(), " 不存在 (push not found)"));
            }
            if (push->state() == v1::PUSH_STATE_SUCCEEDED) {
              return absl::FailedPreconditionError(
                  absl::StrCat("推送 ", request->name(), " 已成功，无需重试 (already succeeded)"));
            }
            RETURN_IF_ERROR(MakeDueNow(tx, ids[1]).status());
            ASSIGN_OR_RETURN(push, FindPush(tx, record.id, ids[1], config_.sink->name()));
            *response = *push;
            return absl::OkStatus();
          });
    });
  });
}

grpc::Status PublicationServiceImpl::ListDeliveries(grpc::ServerContext* context,
                                                    const v1::ListDeliveriesRequest* request,
                                                    v1::ListDeliveriesResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    if (!caller.HasRole(kRolePublisher) && !caller.HasRole(kRoleAdmin)) {
      return absl::PermissionDeniedError(
          "查看投递记录需要发布员或管理员角色 (requires role publisher or admin)");
    }
    return ListDeliveriesInto(*context_.db, caller.Units(), *request, response);
  });
}

}  // namespace reportflow::publication
