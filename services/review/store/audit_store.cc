#include "services/review/store/audit_store.h"

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"

namespace reportflow::review {

absl::Status EnsureAuditHead(Transaction& tx, absl::string_view report_id, absl::string_view unit) {
  return tx
      .Execute(
          "INSERT IGNORE INTO audit_heads (report_id, unit, last_sequence, last_hash) "
          "VALUES (?, ?, 0, ?)",
          {report_id, unit, kGenesisHash})
      .status();
}

absl::StatusOr<std::vector<AuditEntry>> AppendAudits(Transaction& tx, absl::string_view report_id,
                                                     absl::string_view unit,
                                                     const std::vector<AuditRecord>& records,
                                                     absl::Time now) {
  std::vector<AuditEntry> entries;
  if (records.empty()) return entries;
  constexpr char kLockHead[] =
      "SELECT last_sequence, last_hash FROM audit_heads WHERE report_id = ? FOR UPDATE";
  ASSIGN_OR_RETURN(std::vector<Row> head, tx.Query(kLockHead, {report_id}));
  if (head.empty()) {
    // A chain's first entry (StartReview makes the head beforehand).
    RETURN_IF_ERROR(EnsureAuditHead(tx, report_id, unit));
    ASSIGN_OR_RETURN(head, tx.Query(kLockHead, {report_id}));
    if (head.empty()) {
      return absl::InternalError("audit head vanished");
    }
  }
  int64_t sequence = head[0].GetInt64(0);
  std::string previous_hash = head[0].GetString(1);
  std::vector<std::vector<SqlValue>> rows;
  for (const AuditRecord& record : records) {
    AuditEntry entry;
    entry.report_id = std::string(report_id);
    entry.sequence = ++sequence;
    entry.action = record.action;
    entry.actor_id = record.actor_id;
    entry.actor_name = record.actor_name;
    entry.subject = record.subject;
    entry.details_json = record.details_json;
    // What the database keeps: microseconds.
    entry.create_time = absl::FromUnixMicros(absl::ToUnixMicros(now));
    entry.previous_hash = previous_hash;
    entry.hash = AuditEntryHash(entry);
    previous_hash = entry.hash;
    rows.push_back({report_id, entry.sequence, entry.action, entry.actor_id, entry.actor_name,
                    entry.subject, entry.details_json, SqlTime(entry.create_time),
                    entry.previous_hash, entry.hash});
    entries.push_back(std::move(entry));
  }
  RETURN_IF_ERROR(tx.InsertRows("INSERT INTO audit_events (report_id, sequence, action, actor_id, "
                                "actor_name, subject, details_json, create_time, previous_hash, "
                                "hash)",
                                rows)
                      .status());
  RETURN_IF_ERROR(tx.Execute("UPDATE audit_heads SET last_sequence = ?, last_hash = ? "
                             "WHERE report_id = ?",
                             {entries.back().sequence, entries.back().hash, report_id})
                      .status());
  return entries;
}

absl::StatusOr<AuditEntry> AppendAudit(Transaction& tx, absl::string_view report_id,
                                       absl::string_view unit, const AuditRecord& record,
                                       absl::Time now) {
  ASSIGN_OR_RETURN(std::vector<AuditEntry> entries,
                   AppendAudits(tx, report_id, unit, {record}, now));
  return std::move(entries.front());
}

absl::StatusOr<std::vector<AuditEntry>> ListAudit(Transaction& tx, absl::string_view report_id,
                                                  int64_t after_sequence, int limit) {
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query("SELECT sequence, action, actor_id, actor_name, subject, details_json, "
               "DATE_FORMAT(create_time, '%Y-%m-%d %H:%i:%s.%f'), previous_hash, hash "
               "FROM audit_events WHERE report_id = ? AND sequence > ? ORDER BY sequence LIMIT ?",
               {report_id, after_sequence, limit}));
  std::vector<AuditEntry> entries;
  for (const Row& row : rows) {
    AuditEntry entry;
    entry.report_id = std::string(report_id);
    entry.sequence = row.GetInt64(0);
    entry.action = row.GetString(1);
    entry.actor_id = row.GetString(2);
    entry.actor_name = row.GetString(3);
    entry.subject = row.GetString(4);
    entry.details_json = row.GetString(5);
    entry.create_time = row.GetTime(6);
    entry.previous_hash = row.GetString(7);
    entry.hash = row.GetString(8);
    entries.push_back(std::move(entry));
  }
  return entries;
}

absl::StatusOr<std::optional<AuditHead>> FindAuditHead(Transaction& tx,
                                                       absl::string_view report_id) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query("SELECT unit, last_sequence, last_hash FROM audit_heads "
                            "WHERE report_id = ?",
                            {report_id}));
  if (rows.empty()) {
    return std::nullopt;
  }
  return AuditHead{rows[0].GetString(0), rows[0].GetInt64(1), rows[0].GetString(2)};
}

absl::Status InsertAnchor(Transaction& tx, const AuditAnchor& anchor) {
  return tx
      .Execute(
          "INSERT INTO audit_anchors (report_id, sequence, hash, signed_time, key_id, signature) "
          "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE report_id = report_id",
          {anchor.report_id, anchor.sequence, anchor.hash, SqlTime(anchor.signed_time),
           anchor.key_id, anchor.signature})
      .status();
}

absl::StatusOr<std::vector<AuditAnchor>> ListAnchors(Transaction& tx, absl::string_view report_id) {
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query("SELECT sequence, hash, DATE_FORMAT(signed_time, '%Y-%m-%d %H:%i:%s.%f'), key_id, "
               "signature FROM audit_anchors WHERE report_id = ? ORDER BY sequence",
               {report_id}));
  std::vector<AuditAnchor> anchors;
  for (const Row& row : rows) {
    AuditAnchor anchor;
    anchor.report_id = std::string(report_id);
    anchor.sequence = row.GetInt64(0);
    anchor.hash = row.GetString(1);
    anchor.signed_time = row.GetTime(2);
    anchor.key_id = row.GetString(3);
    anchor.signature = row.GetString(4);
    anchors.push_back(std::move(anchor));
  }
  return anchors;
}

}  // namespace reportflow::review
