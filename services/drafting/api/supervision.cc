// The finance bureau's view (ListRegionReports) and the running deadlines
// (ListOpenDeadlines) of DraftingServiceImpl (drafting_service.h).
#include "services/drafting/domain/supervision.h"

#include "absl/strings/str_cat.h"
#include "services/common/directory_client.h"
#include "services/common/disclosure_deadline.h"
#include "services/common/paging.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/text_rules.h"
#include "services/drafting/api/drafting_service.h"
#include "services/drafting/store/report_store.h"

namespace reportflow::drafting {
namespace {

// A region holds at most this many budget units in one view.
constexpr int kMaxRegionUnits = 20000;

}  // namespace

grpc::Status DraftingServiceImpl::ListRegionReports(grpc::ServerContext* context,
                                                    const v1::ListRegionReportsRequest* request,
                                                    v1::ListRegionReportsResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<std::string> ids,
                     ParseResourceName(request->region(), "units/{unit}", "region"));
    RETURN_IF_ERROR(ValidateUnitId("region", ids[0]));
    const std::string& region = ids[0];
    // Authorization before existence: a region outside the caller's
    // subtrees is NOT_FOUND, like a missing one.
    if (!caller.InUnit(region)) {
      return absl::NotFoundError(absl::StrCat("单位 ", region, " 不存在 (unit not found)"));
    }
    if (!caller.HasRoleIn(kRoleSupervisor, region) && !caller.HasRoleIn(kRoleAdmin, region)) {
      return absl::PermissionDeniedError(
          "查看辖区公开情况需要该辖区的财政监督或管理员角色 (requires role supervisor or admin)");
    }
    if (request->fiscal_year() < 2000 || request->fiscal_year() > 2100) {
      return absl::InvalidArgumentError("fiscal_year: 须为 2000–2100 之间的年度 (2000-2100)");
    }
    if (request->kind() == v1::REPORT_KIND_UNSPECIFIED ||
        !v1::ReportKind_IsValid(request->kind())) {
      return absl::InvalidArgumentError("kind: 必填：决算或预算 (FINAL_ACCOUNTS or BUDGET)");
    }
    ASSIGN_OR_RETURN(int page_size,
                     PageSize(request->page_size() == 0 ? 200 : request->page_size(), 500));
    ASSIGN_OR_RETURN(int64_t offset, NumberToken(request->page_token(), 0));
    ASSIGN_OR_RETURN(std::vector<UnitEntry> units,
                     SubtreeBudgetUnits(context_.peers, region, kMaxRegionUnits));
    const absl::CivilDay today = ChinaDay(context_.now());
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      response->set_as_of(FormatDay(today));
      for (int64_t i = offset; i < static_cast<int64_t>(units.size()) && i < offset + page_size;
           ++i) {
        v1::RegionReport* row = response->add_reports();
        row->set_unit(absl::StrCat("units/", units[i].id));
        row->set_unit_display_name(units[i].display_name);
        ASSIGN_OR_RETURN(std::optional<StoredReport> report,
                         FindReportOf(tx, units[i].id, request->fiscal_year(), request->kind()));
        if (!report.has_value()) {
          row->set_timeliness(v1::TIMELINESS_NO_REPORT);
          row->set_days_since_approval(-1);
          continue;
        }
        row->set_report(report->report.name());
        row->set_title(report->report.title());
        ASSIGN_OR_RETURN(ReportSupervision seen, SupervisionOf(tx, *report));
        ReportProgress progress;
        progress.state = report->report.state();
        if (!report->report.finance_approval_date().empty()) {
          ASSIGN_OR_RETURN(
              progress.finance_approval_date,
              ParseDay(report->report.finance_approval_date(), "finance_approval_date"));
        }
        if (seen.first_publish_time.has_value()) {
          progress.first_published = ChinaDay(*seen.first_publish_time);
        }
        progress.required_sections = seen.required_sections;
        progress.required_sections_filled = seen.required_sections_filled;
        progress.tables = seen.tables;
        progress.tables_filled = seen.tables_filled;
        progress.publication_url = seen.publication_url;
        Assess(progress, today, row);
      }
      if (offset + page_size < static_cast<int64_t>(units.size())) {
        response->set_next_page_token(absl::StrCat(offset + page_size));
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status DraftingServiceImpl::ListOpenDeadlines(grpc::ServerContext* context,
                                                    const v1::ListOpenDeadlinesRequest* request,
                                                    v1::ListOpenDeadlinesResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    if (!caller.IsService("notification")) {
      return absl::PermissionDeniedError(
          "ListOpenDeadlines 只供通知服务调用 (notification service only)");
    }
    ASSIGN_OR_RETURN(int page_size,
                     PageSize(request->page_size() == 0 ? 200 : request->page_size(), 500));
    ASSIGN_OR_RETURN(int64_t after, NumberToken(request->page_token(), 0));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      ASSIGN_OR_RETURN(std::vector<StoredReport> reports,
                       ListOpenWithApprovalDate(tx, after, page_size + 1));
      for (size_t i = 0; i < reports.size() && static_cast<int>(i) < page_size; ++i) {
        const v1::Report& report = reports[i].report;
        ASSIGN_OR_RETURN(absl::CivilDay approval,
                         ParseDay(report.finance_approval_date(), "finance_approval_date"));
        v1::OpenDeadline* out = response->add_deadlines();
        out->set_report(report.name());
        out->set_unit(report.unit());
        out->set_title(report.title());
        out->set_finance_approval_date(report.finance_approval_date());
        out->set_deadline_date(FormatDay(DeadlineFor(approval)));
      }
      if (static_cast<int>(reports.size()) > page_size) {
        response->set_next_page_token(absl::StrCat(reports[page_size - 1].id));
      }
      return absl::OkStatus();
    });
  });
}

}  // namespace reportflow::drafting
