#include "services/drafting/store/report_store.h"

#include <sodium.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace reportflow::drafting {
namespace {

std::string NewPublicId() {
  unsigned char bytes[8];
  randombytes_buf(bytes, sizeof(bytes));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "r-";
  for (unsigned char byte : bytes) {
    id.push_back(kHex[byte >> 4]);
    id.push_back(kHex[byte & 0xf]);
  }
  return id;
}

StoredReport ToReport(const Row& row) {
  StoredReport stored;
  stored.id = row.GetInt64(0);
  v1::Report& report = stored.report;
  report.set_name(absl::StrCat("reports/", row.GetString(1)));
  report.set_unit(row.GetString(2));
  report.set_unit_display_name(row.GetString(3));
  report.set_fiscal_year(static_cast<int32_t>(row.GetInt64(4)));
  report.set_kind(static_cast<v1::ReportKind>(row.GetInt64(5)));
  report.set_template_(row.GetString(6));
  report.set_title(row.GetString(7));
  report.set_state(static_cast<v1::ReportState>(row.GetInt64(8)));
  report.set_finance_approval_date(row.GetString(9));
  report.set_latest_version(static_cast<int32_t>(row.GetInt64(10)));
  report.mutable_creator()->set_user_id(row.GetString(11));
  report.mutable_creator()->set_display_name(row.GetString(12));
  SetTimestamp(row.GetTime(13), report.mutable_create_time());
  SetTimestamp(row.GetTime(14), report.mutable_update_time());
  report.set_etag(absl::StrCat("v", row.GetInt64(15)));
  return stored;
}

absl::StatusOr<std::optional<StoredReport>> FindOne(Transaction& tx, absl::string_view where,
                                                    const std::vector<SqlValue>& params) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query(absl::StrCat(kSelectReportByPublicId, where), params));
  if (rows.empty()) {
    return std::nullopt;
  }
  return ToReport(rows[0]);
}

}  // namespace

absl::StatusOr<v1::Report> InsertReport(Transaction& tx, const v1::Report& report,
                                        const v1::Template& report_template,
                                        const Caller& creator) {
  const std::string public_id = NewPublicId();
  ASSIGN_OR_RETURN(
      int64_t inserted,
      tx.Execute(
          "INSERT INTO reports (public_id, unit, unit_display_name, fiscal_year, kind, "
          "template, title, state, creator_id, creator_name) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {public_id, report.unit(), report.unit_display_name(), report.fiscal_year(),
           static_cast<int>(report.kind()), report.template_(), report.title(),
           static_cast<int>(v1::REPORT_STATE_DRAFTING), creator.user_id, creator.display_name}));
  (void)inserted;
  ASSIGN_OR_RETURN(std::optional<StoredReport> stored, FindReport(tx, public_id));
  if (!stored.has_value()) {
    return absl::InternalError("inserted report not found");
  }
  int position = 0;
  for (const v1::TemplatePart& part : report_template.parts()) {
    for (const v1::TemplateSection& section : part.sections()) {
      RETURN_IF_ERROR(
          tx.Execute("INSERT INTO sections (report_id, section_key, position, "
                     "part_key, title, kind, required) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     {stored->id, section.key(), position++, part.key(), section.title(),
                      static_cast<int>(section.kind()), section.required()})
              .status());
    }
  }
  return stored->report;
}

absl::StatusOr<std::optional<StoredReport>> FindReport(Transaction& tx,
                                                       absl::string_view report_id) {
  return FindOne(tx, "WHERE public_id = ?", {report_id});
}

absl::StatusOr<std::optional<StoredReport>> FindReportOf(Transaction& tx, absl::string_view unit,
                                                         int fiscal_year, v1::ReportKind kind) {
  return FindOne(tx, "WHERE unit = ? AND fiscal_year = ? AND kind = ?",
                 {unit, fiscal_year, static_cast<int>(kind)});
}

absl::StatusOr<std::vector<StoredReport>> ListReports(Transaction& tx, const ReportQuery& query) {
  std::vector<SqlValue> params;
  std::vector<std::string> placeholders;
  for (const std::string& unit : query.units) {
    params.emplace_back(unit);
    placeholders.push_back("?");
  }
  std::string where = absl::StrCat("WHERE unit IN (", absl::StrJoin(placeholders, ", "), ")");
  if (query.before_id > 0) {
    absl::StrAppend(&where, " AND id < ?");
    params.emplace_back(query.before_id);
  }
  if (query.fiscal_year != 0) {
    absl::StrAppend(&where, " AND fiscal_year = ?");
    params.emplace_back(query.fiscal_year);
  }
  if (query.kind != v1::REPORT_KIND_UNSPECIFIED) {
    absl::StrAppend(&where, " AND kind = ?");
    params.emplace_back(static_cast<int>(query.kind));
  }
  if (query.state != v1::REPORT_STATE_UNSPECIFIED) {
    absl::StrAppend(&where, " AND state = ?");
    params.emplace_back(static_cast<int>(query.state));
  }
  params.emplace_back(query.limit + 1);
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query(absl::StrCat(kSelectReportByPublicId, where, " ORDER BY id DESC LIMIT ?"), params));
  std::vector<StoredReport> reports;
  for (const Row& row : rows) {
    reports.push_back(ToReport(row));
  }
  return reports;
}

absl::StatusOr<std::vector<v1::Section>> ListSections(Transaction& tx, const StoredReport& report) {
  ASSIGN_OR_RETURN(std::vector<Row> rows, tx.Query(kSelectSections, {report.id}));
  std::vector<v1::Section> sections;
  for (const Row& row : rows) {
    v1::Section section;
    section.set_name(absl::StrCat(report.report.name(), "/sections/", row.GetString(0)));
    section.set_key(row.GetString(0));
    section.set_part(row.GetString(1));
    section.set_title(row.GetString(2));
    section.set_kind(static_cast<v1::SectionKind>(row.GetInt64(3)));
    section.set_required(row.GetInt64(4) != 0);
    if (!row.GetString(5).empty()) {
      section.mutable_assignee()->set_user_id(row.GetString(5));
      section.mutable_assignee()->set_display_name(row.GetString(6));
    }
    section.set_latest_revision(static_cast<int32_t>(row.GetInt64(7)));
    section.set_etag(absl::StrCat("v", row.GetInt64(8)));
    sections.push_back(std::move(section));
  }
  return sections;
}

absl::StatusOr<ReportSupervision> SupervisionOf(Transaction& tx, const StoredReport& report) {
  ReportSupervision out;
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query("SELECT DATE_FORMAT(first_publish_time, '%Y-%m-%d %H:%i:%s.%f'), "
                            "publication_url FROM reports WHERE id = ?",
                            {report.id}));
  if (!rows.empty()) {
    if (!rows[0].IsNull(0)) out.first_publish_time = rows[0].GetTime(0);
    out.publication_url = rows[0].GetString(1);
  }
  ASSIGN_OR_RETURN(
      std::vector<Row> counts,
      tx.Query("SELECT COALESCE(SUM(required), 0), "
               "COALESCE(SUM(CASE WHEN required AND latest_revision > 0 THEN 1 ELSE 0 END), 0), "
               "COALESCE(SUM(CASE WHEN kind = ? THEN 1 ELSE 0 END), 0), "
               "COALESCE(SUM(CASE WHEN kind = ? AND latest_revision > 0 THEN 1 ELSE 0 END), 0) "
               "FROM sections WHERE report_id = ?",
               {static_cast<int>(v1::SECTION_KIND_TABLE), static_cast<int>(v1::SECTION_KIND_TABLE),
                report.id}));
  if (!counts.empty()) {
    out.required_sections = static_cast<int>(counts[0].GetInt64(0));
    out.required_sections_filled = static_cast<int>(counts[0].GetInt64(1));
    out.tables = static_cast<int>(counts[0].GetInt64(2));
    out.tables_filled = static_cast<int>(counts[0].GetInt64(3));
  }
  return out;
}

absl::StatusOr<std::vector<StoredReport>> ListOpenWithApprovalDate(Transaction& tx,
                                                                   int64_t after_id, int limit) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query(absl::StrCat(kSelectReportByPublicId,
                                         "WHERE state IN (?, ?, ?, ?) AND id > ? AND "
                                         "finance_approval_date IS NOT NULL ORDER BY id LIMIT ?"),
                            {static_cast<int>(v1::REPORT_STATE_DRAFTING),
                             static_cast<int>(v1::REPORT_STATE_IN_REVIEW),
                             static_cast<int>(v1::REPORT_STATE_RETURNED),
                             static_cast<int>(v1::REPORT_STATE_APPROVED), after_id, limit}));
  std::vector<StoredReport> reports;
  for (const Row& row : rows) reports.push_back(ToReport(row));
  return reports;
}

}  // namespace reportflow::drafting
