// The drafting service's reports and sections in MySQL. Functions run inside
// the caller's transaction (Database::Transact) and return API messages.
// Every query is served by a key of migrations/0002_reports.sql (checked with
// EXPLAIN in tests/drafting_service_test.cc).
#ifndef REPORTFLOW_SERVICES_DRAFTING_STORE_REPORT_STORE_H_
#define REPORTFLOW_SERVICES_DRAFTING_STORE_REPORT_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "reportflow/drafting/v1/drafting.pb.h"
#include "services/common/auth.h"
#include "services/common/database.h"

namespace reportflow::drafting {

// A stored report: its message and its row id (for joins).
struct StoredReport {
  int64_t id = 0;
  v1::Report report;
};

// Inserts `report` (unit, year, kind, template, title set) in state DRAFTING
// with one section per section of `report_template`. ALREADY_EXISTS when the
// unit already has a report of that year and kind.
absl::StatusOr<v1::Report> InsertReport(Transaction& tx, const v1::Report& report,
                                        const v1::Template& report_template, const Caller& creator);

// The report with public id `report_id` ("r-…"), or nullopt.
absl::StatusOr<std::optional<StoredReport>> FindReport(Transaction& tx,
                                                       absl::string_view report_id);

// The report of (unit, year, kind), or nullopt.
absl::StatusOr<std::optional<StoredReport>> FindReportOf(Transaction& tx, absl::string_view unit,
                                                         int fiscal_year, v1::ReportKind kind);

struct ReportQuery {
  std::vector<std::string> units;  // at least one
  int fiscal_year = 0;             // 0: any
  v1::ReportKind kind = v1::REPORT_KIND_UNSPECIFIED;
  v1::ReportState state = v1::REPORT_STATE_UNSPECIFIED;
  int64_t before_id = 0;  // keyset page: ids below this; 0 from the start
  int limit = 50;
};

// Reports of the units, newest first; `limit` + 1 rows tell whether a next
// page exists.
absl::StatusOr<std::vector<StoredReport>> ListReports(Transaction& tx, const ReportQuery& query);

// A report's sections in template order.
absl::StatusOr<std::vector<v1::Section>> ListSections(Transaction& tx, const StoredReport& report);

// The statements the store runs for the hot paths, for EXPLAIN in tests.
inline constexpr char kSelectReportByPublicId[] =
    "SELECT id, public_id, unit, unit_display_name, fiscal_year, kind, template, title, state, "
    "COALESCE(DATE_FORMAT(finance_approval_date, '%Y-%m-%d'), ''), latest_version, creator_id, "
    "creator_name, DATE_FORMAT(create_time, '%Y-%m-%d %H:%i:%s.%f'), "
    "DATE_FORMAT(update_time, '%Y-%m-%d %H:%i:%s.%f'), etag_version FROM reports ";
inline constexpr char kSelectSections[] =
    "SELECT section_key, part_key, title, kind, required, COALESCE(assignee_id, ''), "
    "COALESCE(assignee_name, ''), latest_revision, etag_version FROM sections "
    "WHERE report_id = ? ORDER BY position";

// What the finance bureau's view reads of a report beside the report
// itself: when it was first published and where, and its sections written.
struct ReportSupervision {
  std::optional<absl::Time> first_publish_time;
  std::string publication_url;
  int required_sections = 0;
  int required_sections_filled = 0;
  int tables = 0;
  int tables_filled = 0;
};
absl::StatusOr<ReportSupervision> SupervisionOf(Transaction& tx, const StoredReport& report);

// Reports with a 批复日期 not published (nor withdrawn), by id after
// `after_id`, at most `limit` (idx_reports_open).
absl::StatusOr<std::vector<StoredReport>> ListOpenWithApprovalDate(Transaction& tx,
                                                                   int64_t after_id, int limit);

}  // namespace reportflow::drafting

#endif  // REPORTFLOW_SERVICES_DRAFTING_STORE_REPORT_STORE_H_
