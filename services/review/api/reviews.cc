// Reviews: StartReview (from drafting, with the machine checks and what a
// resubmission carries over), GetReview, ListReviews, WithdrawReview, and the
// workflow definitions.
#include <cstring>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "proofread/version_check.h"
#include "services/common/paging.h"
#include "services/common/proto_time.h"
#include "services/common/request_log.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/text_rules.h"
#include "services/review/api/review_names.h"
#include "services/review/api/review_proto.h"
#include "services/review/api/review_service.h"
#include "services/review/domain/resubmission.h"

namespace reportflow::review {

absl::Status ReviewServiceImpl::CreateReview(Transaction& tx,
                                             const drafting::v1::ReportVersion& version,
                                             const drafting::v1::Template& report_template,
                                             std::shared_ptr<const workflow::Definition> definition,
                                             int64_t* review_id) {
  const absl::Time now = context_.now();
  ASSIGN_OR_RETURN(auto name, ParseVersionName(version.name(), "report_version"));
  ASSIGN_OR_RETURN(ReportReviews existing, LockReportReviews(tx, name.first));
  ASSIGN_OR_RETURN(std::optional<int64_t> raced, FindReviewOfVersion(tx, name.first, name.second));
  if (raced.has_value()) {
    *review_id = *raced;
    return absl::OkStatus();
  }

  NewReview row;
  row.report_id = name.first;
  row.version_number = name.second;
  row.title = version.title();
  row.submitter_name = version.submitter().display_name();
  row.previous_review_id = existing.latest;
  workflow::ReviewInput input;
  input.definition = definition;
  input.unit = version.unit();
  input.report_version = version.name();
  input.digest = version.digest();
  input.submitter_id = version.submitter().user_id();
  std::set<std::string> authors;
  for (const drafting::v1::ManifestEntry& entry : version.manifest()) {
    row.sections.push_back({entry.section(), entry.revision(), entry.content_sha256(),
                            entry.title(), CodePoints(entry.content())});
    for (const type::v1::Person& author : entry.authors()) {
      if (authors.insert(author.user_id()).second) {
        row.authors.push_back({author.user_id(), author.display_name()});
        input.author_ids.push_back(author.user_id());
      }
    }
  }
  ASSIGN_OR_RETURN(workflow::Transition started, workflow::StartReview(input));
  row.review = started.review;
  ASSIGN_OR_RETURN(*review_id, InsertReview(tx, row, now));
  ASSIGN_OR_RETURN(std::optional<StoredReview> stored,
                   LoadReview(tx, workflows_.definitions, *review_id, true));
  Caller system{kSystemId, kSystemName, {std::string(workflow::kSystemRole)}, {}};
  // The report's audit entries of the start, appended at once at the end.
  RETURN_IF_ERROR(EnsureAuditHead(tx, name.first, version.unit()));
  std::vector<AuditRecord> records;
  for (const workflow::Event& event : started.events) {
    records.push_back(AuditOf(*stored, system, event));
  }

  // What the previous review of this report saw, for carrying items over.
  std::vector<ReviewSection> previous_sections;
  std::vector<v1::Finding> previous_findings;
  std::vector<v1::Comment> previous_comments;
  if (existing.latest != 0) {
    ASSIGN_OR_RETURN(previous_sections, ListReviewSections(tx, existing.latest));
    ASSIGN_OR_RETURN(previous_findings, review::ListFindings(tx, existing.latest, 0, 100000));
    ASSIGN_OR_RETURN(previous_comments, review::ListComments(tx, existing.latest, 0, 100000));
  }
  std::vector<ManifestSection> before_sections, after_sections;
  for (const ReviewSection& s : previous_sections) {
    before_sections.push_back({s.section, s.content_sha256});
  }
  for (const ReviewSection& s : row.sections)
    after_sections.push_back({s.section, s.content_sha256});
  const SectionChanges changes(std::move(before_sections), std::move(after_sections));
  const std::string previous_name = absl::StrCat("reviews/", existing.latest);

  // The machine checks (机器预检).
  std::vector<v1::Finding> findings;
  std::vector<workflow::Finding> engine_findings;
  int counts[3] = {0, 0, 0};
  const std::vector<proofread::SectionFinding> all_found =
      proofread::CheckVersion(version, report_template);
  if (static_cast<int64_t>(all_found.size()) > context_.limits.max_findings_per_review) {
    return absl::ResourceExhaustedError(
        absl::StrCat("机器预检发现 ", all_found.size(), " 处问题，超过每次审核 ",
                     context_.limits.max_findings_per_review,
                     " 处的上限：文稿多半含有大段占位符或异常文本，请修正后重新提交 (limit "
                     "max_findings_per_review)"));
  }
  for (const proofread::SectionFinding& found : all_found) {
    v1::Finding finding;
    finding.set_rule(found.finding.rule);
    finding.set_severity(SeverityProto(found.finding.severity));
    finding.set_section(found.section);
    finding.set_line(found.line);
    finding.set_column(found.finding.column);
    // Bounded whatever the text held: a finding quotes the report.
    finding.set_excerpt(TruncateText(found.finding.excerpt, 500));
    finding.set_message(TruncateText(found.finding.message, 2000));
    finding.set_suggestion(TruncateText(found.finding.suggestion, 2000));
    finding.set_carried_from(FindingOrigin(finding, previous_findings, changes, previous_name));
    findings.push_back(std::move(finding));
    engine_findings.push_back(
        {absl::StrCat(findings.size()), ToEngine(found.finding.severity), false, "", ""});
    ++counts[static_cast<int>(found.finding.severity)];
  }
  RETURN_IF_ERROR(InsertFindings(tx, *review_id, findings));
  workflow::Review after = stored->review;
  if (!definition->IsHuman(0)) {
    ASSIGN_OR_RETURN(workflow::Transition checked,
                     workflow::Apply(stored->review, SystemPerson(),
                                     workflow::Action::CompleteMachineCheck(engine_findings), now));
    after = checked.review;
    RETURN_IF_ERROR(SaveReview(tx, *stored, after, kSystemName, now));
    for (workflow::Event event : checked.events) {
      event.detail =
          Canonical({{"errors", counts[0]}, {"warnings", counts[1]}, {"infos", counts[2]}});
      records.push_back(AuditOf(*stored, system, event));
    }
  }

  // Unresolved comments on sections that did not change carry over.
  int comment_id = 0;
  for (const v1::Comment& comment : CarriedComments(previous_comments, changes, previous_name)) {
    RETURN_IF_ERROR(InsertComment(tx, *review_id, ++comment_id, comment, now));
  }

  // An open review of an older version is superseded.
  for (int64_t open : existing.open) {
    ASSIGN_OR_RETURN(std::optional<StoredReview> old,
                     LoadReview(tx, workflows_.definitions, open, true));
    ASSIGN_OR_RETURN(workflow::Transition cancelled,
                     workflow::Apply(old->review, SystemPerson(), Supersede(version.name()), now));
    RETURN_IF_ERROR(SaveReview(tx, *old, cancelled.review, kSystemName, now));
    for (const workflow::Event& event : cancelled.events) {
      records.push_back(AuditOf(*old, system, event));
    }
  }
  RETURN_IF_ERROR(AppendAudits(tx, name.first, version.unit(), records, now).status());
  // The first stage that waits for a person is announced.
  return EnqueueNotifications(tx, Saved(*stored, after, now), {}, {});
}

grpc::Status ReviewServiceImpl::StartReview(grpc::ServerContext* context,
                                            const v1::StartReviewRequest* request,
                                            v1::Review* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    if (!caller.IsService("drafting")) {
      return absl::PermissionDeniedError(
          "只有起草服务可以发起审核 (requires the drafting service's token)");
    }
    ASSIGN_OR_RETURN(auto name, ParseVersionName(request->report_version(), "report_version"));
    if (!IsHexDigest(request->digest())) {
      return absl::InvalidArgumentError(
          "digest: 应为 64 位小写十六进制 SHA-256 (lowercase hex SHA-256)");
    }
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    std::string definition_id(workflow::kDefaultDefinition);
    if (!request->workflow_definition().empty()) {
      if (!absl::StartsWith(request->workflow_definition(), kDefinitionPrefix)) {
        return Malformed("workflow_definition", "workflowDefinitions/{definition}",
                         request->workflow_definition());
      }
      definition_id = request->workflow_definition().substr(strlen(kDefinitionPrefix));
    }
    auto definition = workflows_.definitions.find(definition_id);
    if (definition == workflows_.definitions.end()) {
      return absl::InvalidArgumentError(absl::StrCat("workflow_definition: 没有流程定义 “",
                                                     definition_id, "” (unknown definition)"));
    }
    auto existing = [&]() -> absl::StatusOr<std::optional<v1::Review>> {
      return context_.db->Transact<std::optional<v1::Review>>(
          [&](Transaction& tx) -> absl::StatusOr<std::optional<v1::Review>> {
            ASSIGN_OR_RETURN(std::optional<int64_t> id,
                             FindReviewOfVersion(tx, name.first, name.second));
            if (!id.has_value()) {
              return std::nullopt;
            }
            ASSIGN_OR_RETURN(StoredReview stored, Visible(tx, caller, *id));
            if (stored.review.digest != request->digest()) {
              return absl::FailedPreconditionError(
                  absl::StrCat("版本 ", request->report_version(), " 已按摘要 ",
                               stored.review.digest.substr(0, 12), "… 审核，不是 ",
                               request->digest().substr(0, 12), "… (digest mismatch)"));
            }
            return ToProto(stored, caller);
          });
    };
    ASSIGN_OR_RETURN(std::optional<v1::Review> found, existing());
    if (found.has_value()) {
      *response = *std::move(found);
      return absl::OkStatus();
    }

    absl::StatusOr<drafting::v1::ReportVersion> version =
        drafting_->GetVerifiedVersion(request->report_version(), request->digest());
    if (version.status().code() == absl::StatusCode::kFailedPrecondition) {
      // Refused: the version is not what drafting froze. Audited.
      RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
        return AppendAudit(tx, name.first, "",
                           {"review.start_refused", caller.user_id, caller.display_name,
                            request->report_version(),
                            Canonical({{"digest", request->digest()},
                                       {"reason", std::string(version.status().message())}})},
                           context_.now())
            .status();
      }));
      return version.status();
    }
    if (!version.ok()) {
      return version.status();
    }
    // The template gives the parts and completeness rules; without it the
    // checks still run, section by section.
    drafting::v1::Template report_template;
    if (absl::StatusOr<drafting::v1::Report> report =
            drafting_->GetReport(absl::StrCat("reports/", name.first));
        report.ok()) {
      if (absl::StatusOr<drafting::v1::Template> found_template =
              drafting_->GetTemplate(report->template_());
          found_template.ok()) {
        report_template = *std::move(found_template);
      }
    }
    // Without a definition named in the request, the unit's setting in the
    // directory decides (a small unit signs with gov-three-signers).
    std::shared_ptr<const workflow::Definition> chosen = definition->second;
    if (request->workflow_definition().empty() && !context_.peers.identity_address.empty()) {
      absl::StatusOr<std::string> setting = UnitWorkflowDefinition(context_.peers, version->unit());
      if (!setting.ok()) {
        return setting.status();
      }
      if (!setting->empty()) {
        auto unit_definition = workflows_.definitions.find(*setting);
        if (unit_definition == workflows_.definitions.end()) {
          return absl::FailedPreconditionError(
              absl::StrCat("单位 ", version->unit(), " 设定的审校流程 “", *setting,
                           "” 不存在，请管理员更正单位设置 (unknown workflow definition)"));
        }
        chosen = unit_definition->second;
      }
    }
    int64_t review_id = 0;
    RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
      return CreateReview(tx, *version, report_template, chosen, &review_id);
    }));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(StoredReview stored, Visible(tx, caller, review_id));
      *response = ToProto(stored, caller);
      return absl::OkStatus();
    });
  });
}

grpc::Status ReviewServiceImpl::GetReview(grpc::ServerContext* context,
                                          const v1::GetReviewRequest* request,
                                          v1::Review* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(auto name, ParseReviewName(request->name(), "name", ""));
    std::string previous_version;
    RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      ASSIGN_OR_RETURN(StoredReview stored, Visible(tx, caller, name.first));
      *response = ToProto(stored, caller);
      if (request->view() != v1::REVIEW_VIEW_FULL) {
        return absl::OkStatus();
      }
      ASSIGN_OR_RETURN(std::vector<v1::Finding> findings,
                       review::ListFindings(tx, stored.id, 0, 100000));
      for (v1::Finding& finding : findings) *response->add_findings() = std::move(finding);
      ASSIGN_OR_RETURN(std::vector<v1::Comment> comments,
                       review::ListComments(tx, stored.id, 0, 100000));
      for (v1::Comment& comment : comments) *response->add_comments() = std::move(comment);
      if (stored.previous_review_id != 0) {
        ASSIGN_OR_RETURN(std::optional<StoredReview> previous,
                         LoadReview(tx, workflows_.definitions, stored.previous_review_id, false));
        if (previous.has_value()) previous_version = previous->version_name();
      }
      return absl::OkStatus();
    }));
    if (request->view() != v1::REVIEW_VIEW_FULL) {
      return absl::OkStatus();
    }
    // The content, exactly the version under review (digest checked).
    ASSIGN_OR_RETURN(drafting::v1::ReportVersion version,
                     drafting_->GetVerifiedVersion(response->report_version(), response->digest()));
    drafting::v1::DiffReportVersionsResponse diff;
    if (!previous_version.empty()) {
      ASSIGN_OR_RETURN(diff, drafting_->DiffVersions(previous_version, response->report_version()));
    }
    for (const drafting::v1::ManifestEntry& entry : version.manifest()) {
      v1::ReviewedSection* section = response->add_sections();
      section->set_section(entry.section());
      section->set_revision(entry.revision());
      section->set_title(entry.title());
      section->set_content(entry.content());
      for (const drafting::v1::SectionDiff& changed : diff.sections()) {
        if (changed.section() == entry.section() && changed.changed()) {
          *section->mutable_diff() = changed.diff();
        }
      }
    }
    return absl::OkStatus();
  });
}

grpc::Status ReviewServiceImpl::ListReviews(grpc::ServerContext* context,
                                            const v1::ListReviewsRequest* request,
                                            v1::ListReviewsResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(int page_size, PageSize(request->page_size(), 100));
    ASSIGN_OR_RETURN(int64_t before, NumberToken(request->page_token(), 1));
    std::string report_id;
    if (!request->report().empty()) {
      ASSIGN_OR_RETURN(report_id, ParseReportName(request->report(), "report"));
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      ASSIGN_OR_RETURN(
          std::vector<int64_t> ids,
          ListReviewIds(tx, caller.Units(), report_id, request->state(), before, page_size + 1));
      for (const int64_t id : PageOf(ids, page_size)) {
        ASSIGN_OR_RETURN(StoredReview stored, Visible(tx, caller, id));
        *response->add_reviews() = ToProto(stored, caller);
      }
      response->set_next_page_token(
          NextPageToken(ids, page_size, [](int64_t last) { return absl::StrCat(last); }));
      return absl::OkStatus();
    });
  });
}

grpc::Status ReviewServiceImpl::WithdrawReview(grpc::ServerContext* context,
                                               const v1::WithdrawReviewRequest* request,
                                               v1::Review* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(auto name, ParseReviewName(request->name(), "name", ""));
    RETURN_IF_ERROR(ValidateText("reason", request->reason(),
                                 static_cast<size_t>(context_.limits.max_text_chars)));
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    return Mutate(caller, request->request_id(), "WithdrawReview", response,
                  [&](Transaction& tx) -> absl::StatusOr<std::optional<AuditAnchor>> {
                    ASSIGN_OR_RETURN(Acted acted,
                                     Act(tx, caller, name.first,
                                         {workflow::Action::Withdraw(request->reason())}, {}));
                    *response = ToProto(acted.review, caller);
                    return acted.anchor;
                  });
  });
}

grpc::Status ReviewServiceImpl::ListWorkflowDefinitions(
    grpc::ServerContext* context, const v1::ListWorkflowDefinitionsRequest* request,
    v1::ListWorkflowDefinitionsResponse* response) {
  return context_.Handle(context, [&](const Caller&) -> absl::Status {
    RETURN_IF_ERROR(PageSize(request->page_size(), 100).status());
    std::vector<std::string> ids;
    for (const auto& [id, definition] : workflows_.definitions) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    for (const std::string& id : ids) {
      *response->add_workflow_definitions() = DefinitionProto(*workflows_.definitions.at(id));
    }
    return absl::OkStatus();
  });
}

grpc::Status ReviewServiceImpl::GetWorkflowDefinition(
    grpc::ServerContext* context, const v1::GetWorkflowDefinitionRequest* request,
    v1::WorkflowDefinition* response) {
  return context_.Handle(context, [&](const Caller&) -> absl::Status {
    if (!absl::StartsWith(request->name(), kDefinitionPrefix)) {
      return Malformed("name", "workflowDefinitions/{definition}", request->name());
    }
    auto found = workflows_.definitions.find(request->name().substr(strlen(kDefinitionPrefix)));
    if (found == workflows_.definitions.end()) {
      return absl::NotFoundError(
          absl::StrCat("流程定义 ", request->name(), " 不存在 (definition not found)"));
    }
    *response = DefinitionProto(*found->second);
    return absl::OkStatus();
  });
}

}  // namespace reportflow::review
