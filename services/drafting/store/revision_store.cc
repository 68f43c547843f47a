#include "services/drafting/store/revision_store.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/common/proto_time.h"
#include "services/common/sha256.h"
#include "services/common/status_macros.h"

namespace reportflow::drafting {
namespace {

constexpr char kRevisionColumns[] =
    "SELECT number, content_sha256, base_revision, author_id, author_name, note, "
    "DATE_FORMAT(create_time, '%Y-%m-%d %H:%i:%s.%f'), ";

v1::Revision ToRevision(const Row& row, const StoredReport& report, absl::string_view key) {
  v1::Revision revision;
  revision.set_number(static_cast<int32_t>(row.GetInt64(0)));
  revision.set_name(
      absl::StrCat(report.report.name(), "/sections/", key, "/revisions/", revision.number()));
  revision.set_content_sha256(row.GetString(1));
  revision.set_base_revision(static_cast<int32_t>(row.GetInt64(2)));
  revision.mutable_author()->set_user_id(row.GetString(3));
  revision.mutable_author()->set_display_name(row.GetString(4));
  revision.set_note(row.GetString(5));
  SetTimestamp(row.GetTime(6), revision.mutable_create_time());
  revision.set_content(row.GetString(7));
  return revision;
}

}  // namespace

absl::StatusOr<std::optional<LockedSection>> LockSection(Transaction& tx,
                                                         const StoredReport& report,
                                                         absl::string_view key) {
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query("SELECT section_key, kind, COALESCE(assignee_id, ''), "
               "COALESCE(assignee_name, ''), latest_revision, etag_version FROM sections "
               "WHERE report_id = ? AND section_key = ? FOR UPDATE",
               {report.id, key}));
  if (rows.empty()) {
    return std::nullopt;
  }
  LockedSection section;
  section.key = rows[0].GetString(0);
  section.kind = static_cast<v1::SectionKind>(rows[0].GetInt64(1));
  section.assignee_id = rows[0].GetString(2);
  section.assignee_name = rows[0].GetString(3);
  section.latest_revision = static_cast<int>(rows[0].GetInt64(4));
  section.etag = absl::StrCat("v", rows[0].GetInt64(5));
  return section;
}

absl::StatusOr<v1::Revision> AppendRevision(Transaction& tx, const StoredReport& report,
                                            const LockedSection& section,
                                            const v1::Revision& revision, const Caller& author) {
  const int number = section.latest_revision + 1;
  RETURN_IF_ERROR(
      tx.Execute("INSERT INTO revisions (report_id, section_key, number, content, "
                 "content_sha256, base_revision, author_id, author_name, note) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {report.id, section.key, number, revision.content(), Sha256Hex(revision.content()),
                  revision.base_revision(), author.user_id, author.display_name, revision.note()})
          .status());
  RETURN_IF_ERROR(
      tx.Execute("UPDATE sections SET latest_revision = ?, etag_version = etag_version + 1 "
                 "WHERE report_id = ? AND section_key = ?",
                 {number, report.id, section.key})
          .status());
  RETURN_IF_ERROR(tx.Execute("UPDATE reports SET etag_version = etag_version + 1, "
                             "update_time = CURRENT_TIMESTAMP(6) WHERE id = ?",
                             {report.id})
                      .status());
  ASSIGN_OR_RETURN(std::optional<v1::Revision> stored,
                   FindRevision(tx, report, section.key, number, /*with_content=*/true));
  if (!stored.has_value()) {
    return absl::InternalError("appended revision not found");
  }
  return *std::move(stored);
}

absl::StatusOr<std::optional<v1::Revision>> FindRevision(Transaction& tx,
                                                         const StoredReport& report,
                                                         absl::string_view key, int number,
                                                         bool with_content) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query(absl::StrCat(kRevisionColumns, with_content ? "content" : "''",
                                         " FROM revisions WHERE report_id = ? AND section_key = ? "
                                         "AND number = ?"),
                            {report.id, key, number}));
  if (rows.empty()) {
    return std::nullopt;
  }
  return ToRevision(rows[0], report, key);
}

absl::StatusOr<std::vector<v1::Revision>> ListRevisions(Transaction& tx, const StoredReport& report,
                                                        absl::string_view key, int before,
                                                        int limit, bool with_content) {
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query(
          absl::StrCat(kRevisionColumns, with_content ? "content" : "''",
                       " FROM revisions WHERE report_id = ? AND section_key = ? AND number < ? "
                       "ORDER BY number DESC LIMIT ?"),
          {report.id, key, before > 0 ? before : (1 << 30), limit + 1}));
  std::vector<v1::Revision> revisions;
  for (const Row& row : rows) {
    revisions.push_back(ToRevision(row, report, key));
  }
  return revisions;
}

}  // namespace reportflow::drafting
