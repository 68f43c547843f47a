#include "services/drafting/api/drafting_service.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "proofread/version_check.h"
#include "reportflow/review/v1/review.pb.h"
#include "services/common/outbox.h"
#include "services/common/paging.h"
#include "services/common/request_log.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/text_rules.h"
#include "services/common/version_digest.h"
#include "services/drafting/domain/content.h"
#include "services/drafting/domain/diff.h"
#include "services/drafting/domain/import.h"
#include "services/drafting/domain/report_state.h"
#include "services/drafting/store/report_store.h"
#include "services/drafting/store/revision_store.h"
#include "services/drafting/store/version_store.h"

namespace reportflow::drafting {
namespace {

constexpr char kCreateReport[] = "CreateReport";
constexpr char kCreateRevision[] = "CreateRevision";
constexpr char kImportDocument[] = "ImportDocument";
constexpr char kSubmitReport[] = "SubmitReport";
constexpr char kStartReview[] = "reportflow.review.v1.ReviewService/StartReview";
// A whole document to import may be larger than one section's content.
constexpr size_t kMaxDocumentBytes = 8 << 20;

// The parts of reports/{r}/sections/{s}[/revisions/{n}].
struct SectionName {
  std::string report;  // "reports/{r}"
  std::string section;
  int revision = 0;
};

absl::StatusOr<SectionName> ParseSectionName(absl::string_view name, absl::string_view field,
                                             bool with_revision) {
  std::vector<std::string> parts = absl::StrSplit(name, '/');
  const size_t expected = with_revision ? 6 : 4;
  SectionName parsed;
  const bool shape =
      parts.size() == expected && parts[0] == "reports" && !parts[1].empty() &&
      parts[2] == "sections" && !parts[3].empty() &&
      (!with_revision || (parts[4] == "revisions" && ParseIdNumber(parts[5], &parsed.revision) &&
                          parsed.revision > 0));
  if (!shape) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": 应为 reports/{report}/sections/{section}",
                     with_revision ? "/revisions/{revision}" : "", "，收到“", QuoteInput(name),
                     "” (malformed resource name)"));
  }
  parsed.report = absl::StrCat("reports/", parts[1]);
  parsed.section = parts[3];
  return parsed;
}

// "reports/{r}/versions/{n}" → ("reports/{r}", n).
absl::StatusOr<std::pair<std::string, int>> ParseVersionName(absl::string_view name,
                                                             absl::string_view field) {
  std::vector<std::string> parts = absl::StrSplit(name, '/');
  int number = 0;
  if (parts.size() != 4 || parts[0] != "reports" || parts[1].empty() || parts[2] != "versions" ||
      !ParseIdNumber(parts[3], &number) || number <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": 应为 reports/{report}/versions/{version}，收到“", name,
                     "” (malformed resource name)"));
  }
  return std::make_pair(absl::StrCat("reports/", parts[1]), number);
}

v1::CheckSeverity CheckSeverityOf(proofread::Severity severity) {
  switch (severity) {
    case proofread::Severity::kError:
      return v1::CHECK_SEVERITY_ERROR;
    case proofread::Severity::kWarning:
      return v1::CHECK_SEVERITY_WARNING;
    case proofread::Severity::kInfo:
      return v1::CHECK_SEVERITY_INFO;
  }
  return v1::CHECK_SEVERITY_UNSPECIFIED;
}

absl::Status CheckEditable(const StoredReport& report, const Caller& caller) {
  if (!caller.HasRoleIn(kRoleDrafter, report.report.unit())) {
    return absl::PermissionDeniedError("修改章节需要起草人角色 (requires role drafter)");
  }
  return CheckEditableState(report.report.name(), report.report.state());
}

absl::Status CheckAssignee(const LockedSection& section, const Caller& caller) {
  if (!section.assignee_id.empty() && section.assignee_id != caller.user_id) {
    return absl::PermissionDeniedError(absl::StrCat(
        "章节 ", section.key, " 已分配给 ", section.assignee_name, "（", section.assignee_id,
        "），只有该起草人可以提交 (only the assignee may submit)"));
  }
  return absl::OkStatus();
}

std::string BeijingTime(const google::protobuf::Timestamp& time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S", absl::FromUnixSeconds(time.seconds()),
                          absl::FixedTimeZone(8 * 3600));
}

reportflow::type::v1::DiffOp ToProto(DiffOp op);

// The API form of a diff between two revisions (names may be empty).
void ToProto(const TextDiff& diff, const std::string& old_revision, const std::string& new_revision,
             reportflow::type::v1::TextDiff* out) {
  out->set_old_revision(old_revision);
  out->set_new_revision(new_revision);
  out->set_inserted_lines(diff.inserted_lines);
  out->set_deleted_lines(diff.deleted_lines);
  for (const DiffLine& line : diff.lines) {
    reportflow::type::v1::DiffLine* entry = out->add_lines();
    entry->set_op(ToProto(line.op));
    entry->set_old_line(line.old_line);
    entry->set_new_line(line.new_line);
    entry->set_text(line.text);
    for (const DiffSpan& span : line.spans) {
      reportflow::type::v1::DiffSpan* piece = entry->add_spans();
      piece->set_op(ToProto(span.op));
      piece->set_text(span.text);
    }
  }
}

reportflow::type::v1::DiffOp ToProto(DiffOp op) {
  switch (op) {
    case DiffOp::kEqual:
      return reportflow::type::v1::DIFF_OP_EQUAL;
    case DiffOp::kInsert:
      return reportflow::type::v1::DIFF_OP_INSERT;
    case DiffOp::kDelete:
      return reportflow::type::v1::DIFF_OP_DELETE;
  }
  return reportflow::type::v1::DIFF_OP_UNSPECIFIED;
}

// "reports/{report}" → "{report}"; INVALID_ARGUMENT naming `field`.
absl::StatusOr<std::string> ReportId(absl::string_view name, absl::string_view field) {
  absl::string_view id = name;
  if (!absl::ConsumePrefix(&id, "reports/") || id.empty() ||
      id.find('/') != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": 应为 reports/{report}，收到“", name, "” (malformed resource name)"));
  }
  return std::string(id);
}

absl::Status NotFound(absl::string_view name) {
  return absl::NotFoundError(
      absl::StrCat("报告 ", name, " 不存在或不在你的单位 (report not found)"));
}

// The report named `name`, if the caller may see it.
absl::StatusOr<StoredReport> VisibleReport(Transaction& tx, const Caller& caller,
                                           absl::string_view name, absl::string_view field) {
  ASSIGN_OR_RETURN(std::string id, ReportId(name, field));
  ASSIGN_OR_RETURN(std::optional<StoredReport> stored, FindReport(tx, id));
  // The review and publication services read every unit's versions: they
  // check the reader's unit themselves.
  const bool reader_service = caller.IsService("review") || caller.IsService("publication");
  if (!stored.has_value() || (!caller.InUnit(stored->report.unit()) && !reader_service)) {
    return NotFound(name);
  }
  return *std::move(stored);
}

// Page tokens are the last row id seen, opaque to clients.
std::string PageToken(int64_t id) { return absl::StrCat("r", id); }

absl::StatusOr<int64_t> ParsePageToken(absl::string_view token) {
  if (token.empty()) {
    return 0;
  }
  int64_t id = 0;
  if (!absl::ConsumePrefix(&token, "r") || !ParseIdNumber(token, &id) || id <= 0) {
    return absl::InvalidArgumentError(
        "page_token: 无效，请使用上一页响应中的 next_page_token (invalid page token)");
  }
  return id;
}

ContentLimits ContentLimitsOf(const Limits& limits) {
  return {static_cast<size_t>(limits.max_section_bytes), static_cast<size_t>(limits.max_table_rows),
          static_cast<size_t>(limits.max_table_columns)};
}

DiffBounds Bounds(const Limits& limits) {
  DiffBounds bounds;
  bounds.max_line_bytes = static_cast<size_t>(limits.max_diff_line_chars) * 3;
  return bounds;
}

absl::Status ValidateNewReport(const v1::Report& report, const Caller& caller,
                               const std::map<std::string, v1::Template>& templates,
                               const Limits& limits) {
  if (report.unit().empty()) {
    return absl::InvalidArgumentError("report.unit: 必填 (required)");
  }
  RETURN_IF_ERROR(ValidateUnitId("report.unit", report.unit()));
  if (!caller.InUnit(report.unit())) {
    return absl::PermissionDeniedError(
        absl::StrCat("report.unit: 你不属于单位 ", report.unit(),
                     "，不能为其创建报告 (not a member of the unit)"));
  }
  if (!caller.HasRoleIn(kRoleDrafter, report.unit())) {
    return absl::PermissionDeniedError("创建报告需要该单位的起草人角色 (requires role drafter)");
  }
  if (report.fiscal_year() < 2000 || report.fiscal_year() > 2100) {
    return absl::InvalidArgumentError(
        "report.fiscal_year: 应在 2000 至 2100 之间 (must be 2000..2100)");
  }
  if (report.kind() == v1::REPORT_KIND_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        "report.kind: 必填，FINAL_ACCOUNTS（决算）或 BUDGET（预算） (required)");
  }
  auto found = templates.find(report.template_());
  if (found == templates.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("report.template: 没有模板“", report.template_(),
                     "”，可用 ListTemplates 查看 (unknown template)"));
  }
  if (found->second.kind() != report.kind() ||
      found->second.fiscal_year() != report.fiscal_year()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "report.template: 模板 ", report.template_(), " 适用于 ", found->second.fiscal_year(),
        " 年度的另一类报告 (template kind and year must match the report)"));
  }
  const size_t max_name = static_cast<size_t>(limits.max_name_chars);
  RETURN_IF_ERROR(ValidateText("report.title", report.title(), max_name));
  RETURN_IF_ERROR(ValidateText("report.unit_display_name", report.unit_display_name(), max_name));
  return ValidateText("report.template", report.template_(), max_name);
}

}  // namespace

grpc::Status DraftingServiceImpl::ListTemplates(grpc::ServerContext* context,
                                                const v1::ListTemplatesRequest* request,
                                                v1::ListTemplatesResponse* response) {
  return context_.Handle(context, [&](const Caller&) -> absl::Status {
    ASSIGN_OR_RETURN(int page_size, PageSize(request->page_size(), 100));
    auto it = templates_.upper_bound(request->page_token());
    for (; it != templates_.end() && response->templates_size() < page_size; ++it) {
      *response->add_templates() = it->second;
    }
    if (it != templates_.end() && response->templates_size() > 0) {
      response->set_next_page_token(response->templates().rbegin()->name());
    }
    return absl::OkStatus();
  });
}

grpc::Status DraftingServiceImpl::GetTemplate(grpc::ServerContext* context,
                                              const v1::GetTemplateRequest* request,
                                              v1::Template* response) {
  return context_.Handle(context, [&](const Caller&) -> absl::Status {
    auto it = templates_.find(request->name());
    if (it == templates_.end()) {
      return absl::NotFoundError(
          absl::StrCat("模板 ", request->name(), " 不存在 (template not found)"));
    }
    *response = it->second;
    return absl::OkStatus();
  });
}

grpc::Status DraftingServiceImpl::CreateReport(grpc::ServerContext* context,
                                               const v1::CreateReportRequest* request,
                                               v1::Report* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    v1::Report report = request->report();
    RETURN_IF_ERROR(ValidateNewReport(report, caller, templates_, context_.limits));
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    if (report.unit_display_name().empty()) {
      report.set_unit_display_name(report.unit());
    }
    if (report.title().empty()) {
      report.set_title(
          absl::StrCat(report.unit_display_name(), report.fiscal_year(), "年度",
                       report.kind() == v1::REPORT_KIND_BUDGET ? "部门预算" : "部门决算"));
      RETURN_IF_ERROR(ValidateText("report.title", report.title(),
                                   static_cast<size_t>(context_.limits.max_name_chars)));
    }
    const v1::Template& report_template = templates_.at(report.template_());
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      return Idempotent(
          tx, caller.user_id, request->request_id(), kCreateReport, response,
          [&]() -> absl::Status {
            absl::StatusOr<v1::Report> created = InsertReport(tx, report, report_template, caller);
            if (created.status().code() == absl::StatusCode::kAlreadyExists) {
              ASSIGN_OR_RETURN(
                  std::optional<StoredReport> existing,
                  FindReportOf(tx, report.unit(), report.fiscal_year(), report.kind()));
              return absl::AlreadyExistsError(absl::StrCat(
                  "单位 ", report.unit(), " 的 ", report.fiscal_year(), " 年度同类报告已存在：",
                  existing.has_value() ? existing->report.name() : "",
                  " (one report per unit, year and kind)"));
            }
            RETURN_IF_ERROR(created.status());
            *response = *created;
            return absl::OkStatus();
          });
    });
  });
}

grpc::Status DraftingServiceImpl::GetReport(grpc::ServerContext* context,
                                            const v1::GetReportRequest* request,
                                            v1::Report* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(StoredReport stored, VisibleReport(tx, caller, request->name(), "name"));
      *response = stored.report;
      return absl::OkStatus();
    });
  });
}

grpc::Status DraftingServiceImpl::ListReports(grpc::ServerContext* context,
                                              const v1::ListReportsRequest* request,
                                              v1::ListReportsResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ReportQuery query;
    ASSIGN_OR_RETURN(query.limit, PageSize(request->page_size(), 100));
    ASSIGN_OR_RETURN(query.before_id, ParsePageToken(request->page_token()));
    query.fiscal_year = request->fiscal_year();
    query.kind = request->kind();
    query.state = request->state();
    for (const std::string& unit : caller.Units()) {
      if (request->unit().empty() || request->unit() == unit) {
        query.units.push_back(unit);
      }
    }
    if (query.units.empty()) {
      return absl::OkStatus();  // none of the caller's units: nothing to see
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(std::vector<StoredReport> reports, drafting::ListReports(tx, query));
      for (size_t i = 0; i < reports.size() && static_cast<int>(i) < query.limit; ++i) {
        *response->add_reports() = reports[i].report;
      }
      if (static_cast<int>(reports.size()) > query.limit) {
        response->set_next_page_token(PageToken(reports[query.limit - 1].id));
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status DraftingServiceImpl::ListSections(grpc::ServerContext* context,
                                               const v1::ListSectionsRequest* request,
                                               v1::ListSectionsResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(int page_size, PageSize(request->page_size(), 200));
    ASSIGN_OR_RETURN(const int64_t offset, NumberToken(request->page_token(), 0));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(StoredReport stored, VisibleReport(tx, caller, request->parent(), "parent"));
      ASSIGN_OR_RETURN(std::vector<v1::Section> sections, drafting::ListSections(tx, stored));
      for (int i = offset; i < static_cast<int>(sections.size()) && i < offset + page_size; ++i) {
        *response->add_sections() = sections[i];
      }
      if (offset + page_size < static_cast<int>(sections.size())) {
        response->set_next_page_token(absl::StrCat(offset + page_size));
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status DraftingServiceImpl::GetSection(grpc::ServerContext* context,
                                             const v1::GetSectionRequest* request,
                                             v1::Section* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(SectionName name, ParseSectionName(request->name(), "name", false));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(StoredReport stored, VisibleReport(tx, caller, name.report, "name"));
      ASSIGN_OR_RETURN(std::vector<v1::Section> sections, drafting::ListSections(tx, stored));
      for (v1::Section& section : sections) {
        if (section.name() == request->name()) {
          *response = std::move(section);
          return absl::OkStatus();
        }
      }
      return absl::NotFoundError(absl::StrCat("报告 ", name.report, " 没有章节“",
                                              QuoteInput(name.section), "” (section not found)"));
    });
  });
}

grpc::Status DraftingServiceImpl::CreateRevision(grpc::ServerContext* context,
                                                 const v1::CreateRevisionRequest* request,
                                                 v1::Revision* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(SectionName name, ParseSectionName(request->parent(), "parent", false));
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    const v1::Revision& revision = request->revision();
    if (revision.base_revision() < 0) {
      return absl::InvalidArgumentError("revision.base_revision: 不能为负数 (must be >= 0)");
    }
    if (revision.note().size() > 1000) {
      return absl::InvalidArgumentError("revision.note: 不超过 1000 字节 (at most 1000 bytes)");
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      return Idempotent(
          tx, caller.user_id, request->request_id(), kCreateRevision, response,
          [&]() -> absl::Status {
            ASSIGN_OR_RETURN(StoredReport visible,
                             VisibleReport(tx, caller, name.report, "parent"));
            ASSIGN_OR_RETURN(StoredReport report, LockReport(tx, visible));
            RETURN_IF_ERROR(CheckEditable(report, caller));
            ASSIGN_OR_RETURN(std::optional<LockedSection> section,
                             LockSection(tx, report, name.section));
            if (!section.has_value()) {
              return absl::InvalidArgumentError(absl::StrCat(
                  "parent: 报告的模板中没有章节“", name.section,
                  "”，可用 ListSections 查看 (unknown section of the report's template)"));
            }
            RETURN_IF_ERROR(CheckAssignee(*section, caller));
            RETURN_IF_ERROR(ValidateContent(section->kind, revision.content(), "revision.content",
                                            ContentLimitsOf(context_.limits)));
            if (revision.base_revision() != section->latest_revision) {
              ASSIGN_OR_RETURN(
                  std::optional<v1::Revision> latest,
                  FindRevision(tx, report, section->key, section->latest_revision, false));
              if (!latest.has_value()) {
                return absl::AbortedError(
                    absl::StrCat("revision.base_revision: 章节还没有第 ", revision.base_revision(),
                                 " 版，应基于第 0 版提交 (base revision is not the latest)"));
              }
              return absl::AbortedError(absl::StrCat(
                  "章节已有更新：第 ", latest->number(), " 版由 ", latest->author().display_name(),
                  "（", latest->author().user_id(), "）于 ", BeijingTime(latest->create_time()),
                  "（北京时间）提交，你的修改基于第 ", revision.base_revision(),
                  " 版；请基于最新版本重新修改 (base revision is not the latest)"));
            }
            ASSIGN_OR_RETURN(*response, AppendRevision(tx, report, *section, revision, caller));
            return absl::OkStatus();
          });
    });
  });
}

grpc::Status DraftingServiceImpl::GetRevision(grpc::ServerContext* context,
                                              const v1::GetRevisionRequest* request,
                                              v1::Revision* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(SectionName name, ParseSectionName(request->name(), "name", true));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(StoredReport report, VisibleReport(tx, caller, name.report, "name"));
      ASSIGN_OR_RETURN(std::optional<v1::Revision> revision,
                       FindRevision(tx, report, name.section, name.revision, true));
      if (!revision.has_value()) {
        return absl::NotFoundError(
            absl::StrCat("修订 ", request->name(), " 不存在 (revision not found)"));
      }
      *response = *std::move(revision);
      return absl::OkStatus();
    });
  });
}

grpc::Status DraftingServiceImpl::ListRevisions(grpc::ServerContext* context,
                                                const v1::ListRevisionsRequest* request,
                                                v1::ListRevisionsResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(SectionName name, ParseSectionName(request->parent(), "parent", false));
    ASSIGN_OR_RETURN(int page_size, PageSize(request->page_size(), 100));
    ASSIGN_OR_RETURN(const int64_t before, NumberToken(request->page_token(), 1));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(StoredReport report, VisibleReport(tx, caller, name.report, "parent"));
      ASSIGN_OR_RETURN(std::vector<v1::Revision> revisions,
                       drafting::ListRevisions(tx, report, name.section, before, page_size,
                                               request->include_content()));
      for (const v1::Revision& revision : PageOf(revisions, page_size)) {
        *response->add_revisions() = revision;
      }
      response->set_next_page_token(
          NextPageToken(revisions, page_size,
                        [](const v1::Revision& last) { return absl::StrCat(last.number()); }));
      return absl::OkStatus();
    });
  });
}

grpc::Status DraftingServiceImpl::DiffRevisions(grpc::ServerContext* context,
                                                const v1::DiffRevisionsRequest* request,
                                                v1::DiffRevisionsResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(SectionName old_name,
                     ParseSectionName(request->old_revision(), "old_revision", true));
    ASSIGN_OR_RETURN(SectionName new_name,
                     ParseSectionName(request->new_revision(), "new_revision", true));
    if (old_name.report != new_name.report || old_name.section != new_name.section) {
      return absl::InvalidArgumentError(
          "new_revision: 须与 old_revision 属于同一章节 (both revisions of one section)");
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(StoredReport report,
                       VisibleReport(tx, caller, old_name.report, "old_revision"));
      std::optional<v1::Revision> revisions[2];
      const SectionName* names[2] = {&old_name, &new_name};
      for (int i = 0; i < 2; ++i) {
        ASSIGN_OR_RETURN(revisions[i],
                         FindRevision(tx, report, names[i]->section, names[i]->revision, true));
        if (!revisions[i].has_value()) {
          return absl::NotFoundError(
              absl::StrCat("修订 ", i == 0 ? request->old_revision() : request->new_revision(),
                           " 不存在 (revision not found)"));
        }
      }
      const TextDiff diff = DiffTexts(revisions[0]->content(), revisions[1]->content(),
                                      request->context_lines(), Bounds(context_.limits));
      ToProto(diff, revisions[0]->name(), revisions[1]->name(), response->mutable_diff());
      return absl::OkStatus();
    });
  });
}

grpc::Status DraftingServiceImpl::ImportDocument(grpc::ServerContext* context,
                                                 const v1::ImportDocumentRequest* request,
                                                 v1::ImportDocumentResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::string report_id, ReportId(request->report(), "report"));
    (void)report_id;
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    // The file is read before the transaction: parsing takes no lock.
    std::optional<formats::ReadDocument> docx;
    std::optional<std::vector<formats::Worksheet>> xlsx;
    switch (request->document_case()) {
      case v1::ImportDocumentRequest::kText:
        if (request->text().size() > kMaxDocumentBytes) {
          return absl::InvalidArgumentError(absl::StrCat("text: 文档 ", request->text().size(),
                                                         " 字节，超过 8 MiB 上限 (at most 8 MiB)"));
        }
        if (const long bad = InvalidUtf8Offset(request->text()); bad >= 0) {
          return absl::InvalidArgumentError(
              absl::StrCat("text: 第 ", bad + 1, " 字节起不是有效的 UTF-8 (must be UTF-8)"));
        }
        break;
      case v1::ImportDocumentRequest::kDocx: {
        ASSIGN_OR_RETURN(formats::ReadDocument read, formats::ReadDocx(request->docx(), "docx"));
        docx = std::move(read);
        break;
      }
      case v1::ImportDocumentRequest::kXlsx: {
        ASSIGN_OR_RETURN(std::vector<formats::Worksheet> read,
                         formats::ReadXlsx(request->xlsx(), "xlsx"));
        xlsx = std::move(read);
        break;
      }
      case v1::ImportDocumentRequest::DOCUMENT_NOT_SET:
        return absl::InvalidArgumentError(
            "text: 须给出要导入的内容：text、docx 或 xlsx 之一 (one of text, docx, xlsx is "
            "required)");
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      return Idempotent(
          tx, caller.user_id, request->validate_only() ? "" : request->request_id(),
          kImportDocument, response, [&]() -> absl::Status {
            ASSIGN_OR_RETURN(StoredReport visible,
                             VisibleReport(tx, caller, request->report(), "report"));
            ASSIGN_OR_RETURN(StoredReport report, LockReport(tx, visible));
            RETURN_IF_ERROR(CheckEditable(report, caller));
            auto found = templates_.find(report.report.template_());
            if (found == templates_.end()) {
              return absl::FailedPreconditionError(absl::StrCat(
                  "报告使用的模板 ", report.report.template_(), " 已不存在 (template missing)"));
            }
            const ImportResult split = docx.has_value() ? SplitBlocks(found->second, docx->blocks)
                                       : xlsx.has_value()
                                           ? SplitWorkbook(found->second, *xlsx)
                                           : SplitDocument(found->second, request->text());
            if (docx.has_value()) {
              for (const formats::NotImported& item : docx->not_imported) {
                v1::NotImported* out = response->add_not_imported();
                out->set_what(item.what);
                out->set_location(item.location);
              }
            }
            for (const UnmatchedText& stray : split.unmatched) {
              v1::UnmatchedFragment* fragment = response->add_unmatched();
              fragment->set_start_line(stray.start_line);
              fragment->set_end_line(stray.end_line);
              fragment->set_text(stray.text);
              fragment->set_reason(stray.reason);
            }
            for (const std::string& key : split.missing_required) {
              response->add_missing_required_sections(key);
            }
            for (const ImportedSection& imported : split.sections) {
              if (imported.content.empty()) {
                continue;  // a table title: its data is attached separately
              }
              const std::string section_name =
                  absl::StrCat(report.report.name(), "/sections/", imported.key);
              if (request->validate_only()) {
                v1::Revision* preview = response->add_revisions();
                preview->set_name(section_name);
                preview->set_content(imported.content);
                continue;
              }
              ASSIGN_OR_RETURN(std::optional<LockedSection> section,
                               LockSection(tx, report, imported.key));
              if (!section.has_value()) {
                return absl::FailedPreconditionError(absl::StrCat(
                    "报告缺少模板章节 ", imported.key, " (report does not match its template)"));
              }
              RETURN_IF_ERROR(CheckAssignee(*section, caller));
              const std::string field =
                  docx.has_value()   ? absl::StrCat("docx (", imported.heading, ")")
                  : xlsx.has_value() ? absl::StrCat("xlsx (工作表“", imported.heading, "”)")
                                     : absl::StrCat("text (", imported.heading, ")");
              RETURN_IF_ERROR(ValidateContent(section->kind, imported.content, field,
                                              ContentLimitsOf(context_.limits)));
              v1::Revision revision;
              revision.set_content(imported.content);
              revision.set_base_revision(section->latest_revision);
              revision.set_note(
                  docx.has_value() ? absl::StrCat("导入 Word 文档第 ", imported.first_line, "–",
                                                  imported.last_line, " 段")
                  : xlsx.has_value()
                      ? absl::StrCat("导入 Excel 工作簿的工作表“", imported.heading, "”")
                      : absl::StrCat("导入文档第 ", imported.first_line, "–", imported.last_line,
                                     " 行"));
              ASSIGN_OR_RETURN(v1::Revision created,
                               AppendRevision(tx, report, *section, revision, caller));
              created.clear_content();  // the answer names the revisions; GetRevision has the text
              *response->add_revisions() = std::move(created);
            }
            return absl::OkStatus();
          });
    });
  });
}

grpc::Status DraftingServiceImpl::CheckReport(grpc::ServerContext* context,
                                              const v1::CheckReportRequest* request,
                                              v1::CheckReportResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    v1::ReportVersion draft;
    std::string template_name;
    RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
      draft.Clear();
      ASSIGN_OR_RETURN(StoredReport report, VisibleReport(tx, caller, request->name(), "name"));
      template_name = report.report.template_();
      draft.set_name(absl::StrCat(report.report.name(), "/draft"));
      draft.set_unit(report.report.unit());
      draft.set_unit_display_name(report.report.unit_display_name());
      draft.set_fiscal_year(report.report.fiscal_year());
      draft.set_kind(report.report.kind());
      draft.set_title(report.report.title());
      ASSIGN_OR_RETURN(std::vector<CurrentEntry> entries, CurrentManifest(tx, report));
      for (const CurrentEntry& entry : entries) {
        if (entry.revision == 0) continue;
        ASSIGN_OR_RETURN(
            std::optional<v1::Revision> revision,
            FindRevision(tx, report, entry.key, entry.revision, /*with_content=*/true));
        if (!revision.has_value()) continue;
        v1::ManifestEntry* line = draft.add_manifest();
        line->set_section(absl::StrCat(report.report.name(), "/sections/", entry.key));
        line->set_revision(revision->name());
        line->set_title(entry.title);
        line->set_kind(entry.kind);
        line->set_content(revision->content());
      }
      return absl::OkStatus();
    }));
    // A report of a template no longer shipped is checked in section order.
    const auto found = templates_.find(template_name);
    const v1::Template no_template;
    const std::vector<proofread::SectionFinding> findings =
        proofread::CheckVersion(draft, found == templates_.end() ? no_template : found->second);
    for (const proofread::SectionFinding& found_at : findings) {
      v1::CheckFinding* finding = response->add_findings();
      finding->set_section(found_at.section);
      for (const v1::ManifestEntry& entry : draft.manifest()) {
        if (entry.section() == found_at.section) finding->set_revision(entry.revision());
      }
      finding->set_line(found_at.line);
      finding->set_column(found_at.finding.column);
      finding->set_rule(found_at.finding.rule);
      finding->set_severity(CheckSeverityOf(found_at.finding.severity));
      finding->set_excerpt(found_at.finding.excerpt);
      finding->set_message(found_at.finding.message);
      finding->set_suggestion(found_at.finding.suggestion);
    }
    response->set_checked_sections(draft.manifest_size());
    return absl::OkStatus();
  });
}

grpc::Status DraftingServiceImpl::SubmitReport(grpc::ServerContext* context,
                                               const v1::SubmitReportRequest* request,
                                               v1::SubmitReportResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::string report_id, ReportId(request->name(), "name"));
    (void)report_id;
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    if (request->note().size() > 1000) {
      return absl::InvalidArgumentError("note: 不超过 1000 字节 (at most 1000 bytes)");
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      return Idempotent(
          tx, caller.user_id, request->request_id(), kSubmitReport, response,
          [&]() -> absl::Status {
            ASSIGN_OR_RETURN(StoredReport visible,
                             VisibleReport(tx, caller, request->name(), "name"));
            ASSIGN_OR_RETURN(StoredReport report, LockReport(tx, visible));
            RETURN_IF_ERROR(CheckEditable(report, caller));
            if (!request->etag().empty() && request->etag() != report.report.etag()) {
              return absl::AbortedError(
                  absl::StrCat("报告已被修改（当前版本标记 ", report.report.etag(), "，你提交的是 ",
                               request->etag(), "），请重新查看后再提交 (stale etag)"));
            }
            ASSIGN_OR_RETURN(std::vector<CurrentEntry> entries, CurrentManifest(tx, report));
            std::vector<std::string> empty;
            std::vector<ManifestLine> manifest;
            for (const CurrentEntry& entry : entries) {
              if (entry.required && entry.revision == 0) {
                empty.push_back(entry.title);
              }
              manifest.push_back({entry.key, entry.revision, entry.content_sha256});
            }
            if (!empty.empty()) {
              return absl::FailedPreconditionError(absl::StrCat("以下必填章节尚无内容，不能提交：",
                                                                absl::StrJoin(empty, "；"),
                                                                " (required sections are empty)"));
            }
            const int number = report.report.latest_version() + 1;
            const std::string digest = ManifestDigest(manifest);
            RETURN_IF_ERROR(
                FreezeVersion(tx, report, number, entries, digest, caller, request->note()));
            const std::string version_name =
                absl::StrCat(report.report.name(), "/versions/", number);
            review::v1::StartReviewRequest start;
            start.set_report_version(version_name);
            start.set_digest(digest);
            start.set_request_id(
                absl::StrCat("start-", report.report.name().substr(8), "-v", number));
            RETURN_IF_ERROR(EnqueueMessage(tx, {report.report.unit(), kStartReview, version_name,
                                                start.request_id(), start.SerializeAsString()}));
            ASSIGN_OR_RETURN(StoredReport submitted, LockReport(tx, report));
            *response->mutable_report() = submitted.report;
            ASSIGN_OR_RETURN(std::optional<v1::ReportVersion> version,
                             FindVersion(tx, submitted, number, /*full=*/false));
            if (!version.has_value()) {
              return absl::InternalError("frozen version not found");
            }
            *response->mutable_version() = *std::move(version);
            return absl::OkStatus();
          });
    });
  });
}

grpc::Status DraftingServiceImpl::GetReportVersion(grpc::ServerContext* context,
                                                   const v1::GetReportVersionRequest* request,
                                                   v1::ReportVersion* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(auto name, ParseVersionName(request->name(), "name"));
    const int number = name.second;
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(StoredReport report, VisibleReport(tx, caller, name.first, "name"));
      ASSIGN_OR_RETURN(
          std::optional<v1::ReportVersion> version,
          FindVersion(tx, report, number, request->view() == v1::REPORT_VERSION_VIEW_FULL));
      if (!version.has_value()) {
        return absl::NotFoundError(
            absl::StrCat("版本 ", request->name(), " 不存在 (version not found)"));
      }
      *response = *std::move(version);
      return absl::OkStatus();
    });
  });
}

grpc::Status DraftingServiceImpl::ListDeliveries(grpc::ServerContext* context,
                                                 const v1::ListDeliveriesRequest* request,
                                                 v1::ListDeliveriesResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    if (!caller.HasRole(kRoleDrafter) && !caller.HasRole(kRoleAdmin)) {
      return absl::PermissionDeniedError(
          "查看投递记录需要起草人或管理员角色 (requires role drafter or admin)");
    }
    return ListDeliveriesInto(*context_.db, caller.Units(), *request, response);
  });
}

grpc::Status DraftingServiceImpl::RetryDelivery(grpc::ServerContext* context,
                                                const v1::RetryDeliveryRequest* request,
                                                type::v1::Delivery* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    if (!caller.HasRole(kRoleDrafter) && !caller.HasRole(kRoleAdmin)) {
      return absl::PermissionDeniedError(
          "重试投递需要起草人或管理员角色 (requires role drafter or admin)");
    }
    ASSIGN_OR_RETURN(*response,
                     reportflow::RetryDelivery(*context_.db, caller.Units(), request->name()));
    return absl::OkStatus();
  });
}

grpc::Status DraftingServiceImpl::UpdateReport(grpc::ServerContext* context,
                                               const v1::UpdateReportRequest* request,
                                               v1::Report* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    if (!caller.HasRole(kRoleDrafter)) {
      return absl::PermissionDeniedError("修改报告需要起草人角色 (requires role drafter)");
    }
    bool title = false;
    bool date = false;
    for (const std::string& path : request->update_mask().paths()) {
      if (path == "title") {
        title = true;
      } else if (path == "finance_approval_date") {
        date = true;
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat("update_mask: 只能更新 title 与 finance_approval_date，不能更新 ", path,
                         " (only title and finance_approval_date are updatable)"));
      }
    }
    if (!title && !date) {
      return absl::InvalidArgumentError("update_mask: 请列出要更新的字段 (no field to update)");
    }
    const v1::Report& changes = request->report();
    if (title) {
      RETURN_IF_ERROR(ValidateText("report.title", changes.title(),
                                   static_cast<size_t>(context_.limits.max_name_chars),
                                   Presence::kRequired));
    }
    absl::Time parsed_date;
    std::string error;
    if (date && !changes.finance_approval_date().empty() &&
        !absl::ParseTime("%Y-%m-%d", changes.finance_approval_date(), &parsed_date, &error)) {
      return absl::InvalidArgumentError(
          "report.finance_approval_date: 应为 YYYY-MM-DD 格式的日期 (must be YYYY-MM-DD)");
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(StoredReport visible,
                       VisibleReport(tx, caller, changes.name(), "report.name"));
      ASSIGN_OR_RETURN(StoredReport report, LockReport(tx, visible));
      if (!caller.HasRoleIn(kRoleDrafter, report.report.unit())) {
        return absl::PermissionDeniedError(
            "修改报告需要该单位的起草人角色 (requires role drafter)");
      }
      if (!changes.etag().empty() && changes.etag() != report.report.etag()) {
        return absl::AbortedError(absl::StrCat("报告已被修改（当前版本标记 ", report.report.etag(),
                                               "），请重新查看后再改 (stale etag)"));
      }
      if (title) {
        RETURN_IF_ERROR(CheckEditable(report, caller));  // the date may follow the approval
      }
      RETURN_IF_ERROR(UpdateReportFields(
          tx, report, title ? changes.title() : report.report.title(),
          date ? changes.finance_approval_date() : report.report.finance_approval_date()));
      ASSIGN_OR_RETURN(StoredReport updated, LockReport(tx, report));
      *response = updated.report;
      return absl::OkStatus();
    });
  });
}

grpc::Status DraftingServiceImpl::AssignSection(grpc::ServerContext* context,
                                                const v1::AssignSectionRequest* request,
                                                v1::Section* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(SectionName name, ParseSectionName(request->name(), "name", false));
    if (request->assignee_user_id().size() > 128 || request->assignee_display_name().size() > 255) {
      return absl::InvalidArgumentError("assignee_user_id: 不超过 128 字节 (at most 128 bytes)");
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(StoredReport visible, VisibleReport(tx, caller, name.report, "name"));
      ASSIGN_OR_RETURN(StoredReport report, LockReport(tx, visible));
      RETURN_IF_ERROR(CheckEditable(report, caller));
      ASSIGN_OR_RETURN(std::optional<LockedSection> section, LockSection(tx, report, name.section));
      if (!section.has_value()) {
        return absl::InvalidArgumentError(
            absl::StrCat("name: 报告的模板中没有章节“", name.section,
                         "”，可用 ListSections 查看 (unknown section of the report's template)"));
      }
      if (!request->etag().empty() && request->etag() != section->etag) {
        return absl::AbortedError(absl::StrCat("章节已被修改（当前版本标记 ", section->etag,
                                               "），请重新查看后再分配 (stale etag)"));
      }
      RETURN_IF_ERROR(SetAssignee(tx, report, name.section, request->assignee_user_id(),
                                  request->assignee_display_name().empty()
                                      ? request->assignee_user_id()
                                      : request->assignee_display_name()));
      ASSIGN_OR_RETURN(std::vector<v1::Section> sections, drafting::ListSections(tx, report));
      for (const v1::Section& candidate : sections) {
        if (candidate.key() == name.section) {
          *response = candidate;
        }
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status DraftingServiceImpl::ListReportVersions(grpc::ServerContext* context,
                                                     const v1::ListReportVersionsRequest* request,
                                                     v1::ListReportVersionsResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(int page_size, PageSize(request->page_size(), 100));
    ASSIGN_OR_RETURN(const int64_t before, NumberToken(request->page_token(), 1));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(StoredReport report, VisibleReport(tx, caller, request->parent(), "parent"));
      ASSIGN_OR_RETURN(std::vector<int> numbers, VersionNumbers(tx, report, before, page_size));
      for (const int number : PageOf(numbers, page_size)) {
        ASSIGN_OR_RETURN(std::optional<v1::ReportVersion> version,
                         FindVersion(tx, report, number, /*full=*/false));
        if (version.has_value()) {
          *response->add_versions() = *std::move(version);
        }
      }
      response->set_next_page_token(
          NextPageToken(numbers, page_size, [](int last) { return absl::StrCat(last); }));
      return absl::OkStatus();
    });
  });
}

grpc::Status DraftingServiceImpl::DiffReportVersions(grpc::ServerContext* context,
                                                     const v1::DiffReportVersionsRequest* request,
                                                     v1::DiffReportVersionsResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(auto old_name, ParseVersionName(request->old_version(), "old_version"));
    ASSIGN_OR_RETURN(auto new_name, ParseVersionName(request->new_version(), "new_version"));
    if (old_name.first != new_name.first) {
      return absl::InvalidArgumentError(
          "new_version: 须与 old_version 属于同一报告 (both versions of one report)");
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(StoredReport report,
                       VisibleReport(tx, caller, old_name.first, "old_version"));
      ASSIGN_OR_RETURN(std::optional<v1::ReportVersion> before,
                       FindVersion(tx, report, old_name.second, true));
      ASSIGN_OR_RETURN(std::optional<v1::ReportVersion> after,
                       FindVersion(tx, report, new_name.second, true));
      if (!before.has_value() || !after.has_value()) {
        return absl::NotFoundError(absl::StrCat(
            "版本 ", before.has_value() ? request->new_version() : request->old_version(),
            " 不存在 (version not found)"));
      }
      for (int i = 0; i < after->manifest_size(); ++i) {
        const v1::ManifestEntry& now = after->manifest(i);
        const v1::ManifestEntry* then = nullptr;
        for (const v1::ManifestEntry& candidate : before->manifest()) {
          if (candidate.section() == now.section()) then = &candidate;
        }
        v1::SectionDiff* section = response->add_sections();
        section->set_section(now.section());
        section->set_changed(then == nullptr || then->revision() != now.revision());
        if (!section->changed()) continue;
        const TextDiff diff = DiffTexts(then ? then->content() : "", now.content(),
                                        request->context_lines(), Bounds(context_.limits));
        ToProto(diff, then ? then->revision() : "", now.revision(), section->mutable_diff());
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status DraftingServiceImpl::RecordReviewOutcome(grpc::ServerContext* context,
                                                      const v1::RecordReviewOutcomeRequest* request,
                                                      v1::Report* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    if (!caller.IsService("review")) {
      return absl::PermissionDeniedError(
          "只有审核服务可以记录审核结果 (requires the review service's token)");
    }
    ASSIGN_OR_RETURN(auto name, ParseVersionName(request->version(), "version"));
    const v1::ReviewOutcome outcome = request->outcome();
    if (outcome == v1::REVIEW_OUTCOME_UNSPECIFIED) {
      return absl::InvalidArgumentError("outcome: 必填 (required)");
    }
    if (outcome == v1::REVIEW_OUTCOME_RETURNED && request->reason().empty()) {
      return absl::InvalidArgumentError("reason: 退回须写明理由 (a return needs a reason)");
    }
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(std::optional<StoredReport> found,
                       FindReport(tx, absl::string_view(name.first).substr(8)));
      if (!found.has_value()) {
        return absl::NotFoundError(absl::StrCat("报告 ", name.first, " 不存在 (report not found)"));
      }
      ASSIGN_OR_RETURN(StoredReport report, LockReport(tx, *found));
      ASSIGN_OR_RETURN(v1::ReviewOutcome recorded, ReviewOutcomeOf(tx, report, name.second));
      ASSIGN_OR_RETURN(ReviewOutcomeStep step,
                       AfterReviewOutcome(report.report.state(), report.report.latest_version(),
                                          name.second, recorded, outcome, request->version()));
      if (step.already_recorded) {
        *response = report.report;  // a retry
        return absl::OkStatus();
      }
      RETURN_IF_ERROR(RecordReviewOutcomeOn(tx, report, name.second, outcome,
                                            request->SerializeAsString(), step.state));
      ASSIGN_OR_RETURN(StoredReport updated, LockReport(tx, report));
      *response = updated.report;
      return absl::OkStatus();
    });
  });
}

grpc::Status DraftingServiceImpl::RecordPublicationOutcome(
    grpc::ServerContext* context, const v1::RecordPublicationOutcomeRequest* request,
    v1::Report* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    if (!caller.IsService("publication")) {
      return absl::PermissionDeniedError(
          "只有发布服务可以记录发布结果 (requires the publication service's token)");
    }
    ASSIGN_OR_RETURN(auto name, ParseVersionName(request->version(), "version"));
    const v1::PublicationOutcome outcome = request->outcome();
    if (outcome == v1::PUBLICATION_OUTCOME_UNSPECIFIED) {
      return absl::InvalidArgumentError("outcome: 必填 (required)");
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(std::optional<StoredReport> found,
                       FindReport(tx, absl::string_view(name.first).substr(8)));
      if (!found.has_value()) {
        return absl::NotFoundError(absl::StrCat("报告 ", name.first, " 不存在 (report not found)"));
      }
      ASSIGN_OR_RETURN(StoredReport report, LockReport(tx, *found));
      ASSIGN_OR_RETURN(v1::ReviewOutcome reviewed, ReviewOutcomeOf(tx, report, name.second));
      if (reviewed != v1::REVIEW_OUTCOME_APPROVED) {
        return absl::FailedPreconditionError(
            absl::StrCat("版本 ", request->version(),
                         " 未经审定，不能记录发布结果 (the version was not approved)"));
      }
      const v1::ReportState state = AfterPublicationOutcome(
          report.report.state(), report.report.latest_version(), name.second, outcome);
      RETURN_IF_ERROR(
          RecordPublicationOutcomeOn(tx, report, name.second, outcome, request->url(), state));
      ASSIGN_OR_RETURN(StoredReport updated, LockReport(tx, report));
      *response = updated.report;
      return absl::OkStatus();
    });
  });
}

}  // namespace reportflow::drafting
