#include "services/drafting/api/drafting_service.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/request_log.h"
#include "services/common/status_macros.h"
#include "services/drafting/store/report_store.h"

namespace reportflow::drafting {
namespace {

constexpr char kCreateReport[] = "CreateReport";

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
  if (!stored.has_value() || !caller.InUnit(stored->report.unit())) {
    return NotFound(name);
  }
  return *std::move(stored);
}

// Page sizes: default 50, capped at `max`; negative is INVALID_ARGUMENT.
absl::StatusOr<int> PageSize(int requested, int max) {
  if (requested < 0) {
    return absl::InvalidArgumentError("page_size: 不能为负数 (must be >= 0)");
  }
  return requested == 0 ? std::min(50, max) : std::min(requested, max);
}

// Page tokens are the last row id seen, opaque to clients.
std::string PageToken(int64_t id) { return absl::StrCat("r", id); }

absl::StatusOr<int64_t> ParsePageToken(absl::string_view token) {
  if (token.empty()) {
    return 0;
  }
  int64_t id = 0;
  if (!absl::ConsumePrefix(&token, "r") || !absl::SimpleAtoi(token, &id) || id <= 0) {
    return absl::InvalidArgumentError(
        "page_token: 无效，请使用上一页响应中的 next_page_token (invalid page token)");
  }
  return id;
}

absl::Status ValidateNewReport(const v1::Report& report, const Caller& caller,
                               const std::map<std::string, v1::Template>& templates) {
  if (report.unit().empty()) {
    return absl::InvalidArgumentError("report.unit: 必填 (required)");
  }
  if (!caller.InUnit(report.unit())) {
    return absl::PermissionDeniedError(
        absl::StrCat("report.unit: 你不属于单位 ", report.unit(),
                     "，不能为其创建报告 (not a member of the unit)"));
  }
  if (!caller.HasRole(kRoleDrafter)) {
    return absl::PermissionDeniedError("创建报告需要起草人角色 (requires role drafter)");
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
  if (report.title().size() > 255 || report.unit_display_name().size() > 255) {
    return absl::InvalidArgumentError("report.title: 不超过 255 字节 (at most 255 bytes)");
  }
  return absl::OkStatus();
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
    RETURN_IF_ERROR(ValidateNewReport(report, caller, templates_));
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    if (report.unit_display_name().empty()) {
      report.set_unit_display_name(report.unit());
    }
    if (report.title().empty()) {
      report.set_title(
          absl::StrCat(report.unit_display_name(), report.fiscal_year(), "年度",
                       report.kind() == v1::REPORT_KIND_BUDGET ? "部门预算" : "部门决算"));
    }
    const v1::Template& report_template = templates_.at(report.template_());
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                       FindRequestResult(tx, caller.user_id, request->request_id(), kCreateReport));
      if (earlier.has_value()) {
        return response->ParseFromString(*earlier)
                   ? absl::OkStatus()
                   : absl::InternalError("stored CreateReport answer does not parse");
      }
      absl::StatusOr<v1::Report> created = InsertReport(tx, report, report_template, caller);
      if (created.status().code() == absl::StatusCode::kAlreadyExists) {
        ASSIGN_OR_RETURN(std::optional<StoredReport> existing,
                         FindReportOf(tx, report.unit(), report.fiscal_year(), report.kind()));
        return absl::AlreadyExistsError(absl::StrCat(
            "单位 ", report.unit(), " 的 ", report.fiscal_year(), " 年度同类报告已存在：",
            existing.has_value() ? existing->report.name() : "",
            " (one report per unit, year and kind)"));
      }
      RETURN_IF_ERROR(created.status());
      *response = *created;
      return SaveRequestResult(tx, caller.user_id, request->request_id(), kCreateReport,
                               response->SerializeAsString());
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
    for (const std::string& unit : caller.units) {
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
    int offset = 0;
    if (!request->page_token().empty() &&
        (!absl::SimpleAtoi(request->page_token(), &offset) || offset < 0)) {
      return absl::InvalidArgumentError("page_token: 无效 (invalid page token)");
    }
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

}  // namespace reportflow::drafting
