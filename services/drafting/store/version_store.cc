#include "services/drafting/store/version_store.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace reportflow::drafting {

absl::StatusOr<StoredReport> LockReport(Transaction& tx, const StoredReport& report) {
  ASSIGN_OR_RETURN(std::vector<Row> locked,
                   tx.Query("SELECT id FROM reports WHERE id = ? FOR UPDATE", {report.id}));
  if (locked.empty()) {
    return absl::NotFoundError("report vanished");
  }
  ASSIGN_OR_RETURN(std::optional<StoredReport> fresh,
                   FindReport(tx, absl::string_view(report.report.name()).substr(8)));
  if (!fresh.has_value()) {
    return absl::NotFoundError("report vanished");
  }
  return *std::move(fresh);
}

absl::StatusOr<std::vector<CurrentEntry>> CurrentManifest(Transaction& tx,
                                                          const StoredReport& report) {
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query("SELECT s.section_key, s.title, s.kind, s.required, s.latest_revision, "
               "COALESCE(r.content_sha256, '') FROM sections s LEFT JOIN revisions r "
               "ON r.report_id = s.report_id AND r.section_key = s.section_key "
               "AND r.number = s.latest_revision WHERE s.report_id = ? ORDER BY s.position "
               "FOR UPDATE",
               {report.id}));
  std::vector<CurrentEntry> entries;
  for (const Row& row : rows) {
    CurrentEntry entry;
    entry.key = row.GetString(0);
    entry.title = row.GetString(1);
    entry.kind = static_cast<v1::SectionKind>(row.GetInt64(2));
    entry.required = row.GetInt64(3) != 0;
    entry.revision = static_cast<int>(row.GetInt64(4));
    entry.content_sha256 = row.GetString(5);
    entries.push_back(std::move(entry));
  }
  return entries;
}

absl::Status FreezeVersion(Transaction& tx, const StoredReport& report, int number,
                           const std::vector<CurrentEntry>& entries, absl::string_view digest,
                           const Caller& submitter, absl::string_view note) {
  RETURN_IF_ERROR(tx.Execute("INSERT INTO versions (report_id, number, digest, submitter_id, "
                             "submitter_name, note, title) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             {report.id, number, digest, submitter.user_id, submitter.display_name,
                              note, report.report.title()})
                      .status());
  std::vector<std::vector<SqlValue>> rows;
  for (const CurrentEntry& entry : entries) {
    rows.push_back({report.id, number, static_cast<int>(rows.size()), entry.key, entry.revision,
                    entry.content_sha256});
  }
  RETURN_IF_ERROR(tx.InsertRows("INSERT INTO version_entries (report_id, version, position, "
                                "section_key, revision, content_sha256)",
                                rows)
                      .status());
  return tx
      .Execute(
          "UPDATE reports SET state = ?, latest_version = ?, etag_version = etag_version + 1, "
          "update_time = CURRENT_TIMESTAMP(6) WHERE id = ?",
          {static_cast<int>(v1::REPORT_STATE_IN_REVIEW), number, report.id})
      .status();
}

absl::StatusOr<std::optional<v1::ReportVersion>> FindVersion(Transaction& tx,
                                                             const StoredReport& report, int number,
                                                             bool full) {
  ASSIGN_OR_RETURN(std::vector<Row> header,
                   tx.Query("SELECT digest, submitter_id, submitter_name, "
                            "DATE_FORMAT(create_time, '%Y-%m-%d %H:%i:%s'), review_outcome, "
                            "review_record, title FROM versions "
                            "WHERE report_id = ? AND number = ?",
                            {report.id, number}));
  if (header.empty()) {
    return std::nullopt;
  }
  v1::ReportVersion version;
  version.set_name(absl::StrCat(report.report.name(), "/versions/", number));
  version.set_number(number);
  version.set_digest(header[0].GetString(0));
  version.mutable_submitter()->set_user_id(header[0].GetString(1));
  version.mutable_submitter()->set_display_name(header[0].GetString(2));
  SetTimestamp(header[0].GetTime(3), version.mutable_create_time());
  version.set_unit(report.report.unit());
  version.set_unit_display_name(report.report.unit_display_name());
  version.set_fiscal_year(report.report.fiscal_year());
  version.set_kind(report.report.kind());
  version.set_title(header[0].IsNull(6) ? report.report.title() : header[0].GetString(6));
  version.set_review_outcome(static_cast<v1::ReviewOutcome>(header[0].GetInt64(4)));
  if (v1::RecordReviewOutcomeRequest record;
      !header[0].IsNull(5) && record.ParseFromString(header[0].GetString(5))) {
    version.set_review(record.review());
    version.set_review_reason(record.reason());
    *version.mutable_returned_comments() = record.comments();
  }
  ASSIGN_OR_RETURN(
      std::vector<Row> entries,
      tx.Query(absl::StrCat("SELECT e.section_key, e.revision, e.content_sha256, s.title, s.kind, ",
                            full ? "COALESCE(r.content, '')" : "''",
                            " FROM version_entries e JOIN sections s ON s.report_id = e.report_id "
                            "AND s.section_key = e.section_key LEFT JOIN revisions r "
                            "ON r.report_id = e.report_id AND r.section_key = e.section_key "
                            "AND r.number = e.revision WHERE e.report_id = ? AND e.version = ? "
                            "ORDER BY e.position"),
               {report.id, number}));
  for (const Row& row : entries) {
    v1::ManifestEntry* entry = version.add_manifest();
    const std::string section = absl::StrCat(report.report.name(), "/sections/", row.GetString(0));
    entry->set_section(section);
    if (row.GetInt64(1) > 0) {
      entry->set_revision(absl::StrCat(section, "/revisions/", row.GetInt64(1)));
    }
    entry->set_content_sha256(row.GetString(2));
    entry->set_title(row.GetString(3));
    entry->set_kind(static_cast<v1::SectionKind>(row.GetInt64(4)));
    entry->set_content(row.GetString(5));
    ASSIGN_OR_RETURN(std::vector<Row> authors,
                     tx.Query("SELECT DISTINCT author_id, author_name FROM revisions "
                              "WHERE report_id = ? AND section_key = ? AND number <= ?",
                              {report.id, row.GetString(0), row.GetInt64(1)}));
    for (const Row& author : authors) {
      reportflow::type::v1::Person* person = entry->add_authors();
      person->set_user_id(author.GetString(0));
      person->set_display_name(author.GetString(1));
    }
  }
  return version;
}

namespace {

// Moves the report to `state` and advances its etag.
absl::Status SetState(Transaction& tx, const StoredReport& report, v1::ReportState state) {
  return tx
      .Execute(
          "UPDATE reports SET state = ?, etag_version = etag_version + 1, "
          "update_time = CURRENT_TIMESTAMP(6) WHERE id = ?",
          {static_cast<int>(state), report.id})
      .status();
}

}  // namespace

absl::Status RecordReviewOutcomeOn(Transaction& tx, const StoredReport& report, int number,
                                   v1::ReviewOutcome outcome, absl::string_view record,
                                   v1::ReportState state) {
  RETURN_IF_ERROR(tx.Execute("UPDATE versions SET review_outcome = ?, review_record = ? "
                             "WHERE report_id = ? AND number = ?",
                             {static_cast<int>(outcome), record, report.id, number})
                      .status());
  return SetState(tx, report, state);
}

absl::StatusOr<v1::ReviewOutcome> ReviewOutcomeOf(Transaction& tx, const StoredReport& report,
                                                  int number) {
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query("SELECT review_outcome FROM versions WHERE report_id = ? AND number = ?",
               {report.id, number}));
  return rows.empty() ? v1::REVIEW_OUTCOME_UNSPECIFIED
                      : static_cast<v1::ReviewOutcome>(rows[0].GetInt64(0));
}

absl::Status RecordPublicationOutcomeOn(Transaction& tx, const StoredReport& report, int number,
                                        v1::PublicationOutcome outcome, absl::string_view url,
                                        v1::ReportState state) {
  RETURN_IF_ERROR(tx.Execute("UPDATE versions SET publication_outcome = ?, publication_url = ? "
                             "WHERE report_id = ? AND number = ?",
                             {static_cast<int>(outcome), url, report.id, number})
                      .status());
  if (outcome == v1::PUBLICATION_OUTCOME_PUBLISHED) {
    // The first publication counts for 及时性; the URL is the latest page's.
    RETURN_IF_ERROR(tx.Execute("UPDATE reports SET first_publish_time = "
                               "COALESCE(first_publish_time, CURRENT_TIMESTAMP(6)), "
                               "publication_url = ? WHERE id = ?",
                               {url, report.id})
                        .status());
  }
  return SetState(tx, report, state);
}

absl::StatusOr<std::vector<int>> VersionNumbers(Transaction& tx, const StoredReport& report,
                                                int before, int limit) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query("SELECT number FROM versions WHERE report_id = ? AND number < ? "
                            "ORDER BY number DESC LIMIT ?",
                            {report.id, before > 0 ? before : (1 << 30), limit + 1}));
  std::vector<int> numbers;
  for (const Row& row : rows) {
    numbers.push_back(static_cast<int>(row.GetInt64(0)));
  }
  return numbers;
}

absl::Status SetAssignee(Transaction& tx, const StoredReport& report, absl::string_view key,
                         absl::string_view user_id, absl::string_view display_name) {
  return tx
      .Execute(
          "UPDATE sections SET assignee_id = ?, assignee_name = ?, "
          "etag_version = etag_version + 1 WHERE report_id = ? AND section_key = ?",
          {user_id.empty() ? SqlValue(nullptr) : SqlValue(user_id),
           user_id.empty() ? SqlValue(nullptr) : SqlValue(display_name), report.id, key})
      .status();
}

absl::Status UpdateReportFields(Transaction& tx, const StoredReport& report,
                                absl::string_view title, absl::string_view finance_approval_date) {
  return tx
      .Execute(
          "UPDATE reports SET title = ?, finance_approval_date = ?, "
          "etag_version = etag_version + 1, update_time = CURRENT_TIMESTAMP(6) WHERE id = ?",
          {title,
           finance_approval_date.empty() ? SqlValue(nullptr) : SqlValue(finance_approval_date),
           report.id})
      .status();
}

}  // namespace reportflow::drafting
