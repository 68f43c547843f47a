// The per-report hash-chained audit log in MySQL (domain/audit_hash.h says
// what an entry's hash covers). Appending locks the report's row in
// `audit_heads`, so concurrent appends are serialized and numbered without
// gaps, at a cost that does not grow with the chain.
#ifndef REPORTFLOW_SERVICES_REVIEW_STORE_AUDIT_STORE_H_
#define REPORTFLOW_SERVICES_REVIEW_STORE_AUDIT_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/database.h"
#include "services/review/domain/audit_anchor.h"
#include "services/review/domain/audit_hash.h"

namespace reportflow::review {

// What happened, before it is numbered and hashed.
struct AuditRecord {
  std::string action;
  std::string actor_id;
  std::string actor_name;
  std::string subject;
  // Canonical JSON (nlohmann dump of an object: keys sorted).
  std::string details_json;
};

// Makes the head of `report_id`'s chain (of `unit`) if it has none: a review
// does before its first entry, so that appending finds a row to lock.
absl::Status EnsureAuditHead(Transaction& tx, absl::string_view report_id, absl::string_view unit);

// Appends `records` in order to the chain of `report_id` (of `unit`) in
// `tx`: the head locked, one insert, the head moved; returns the entries as
// stored (the last is the new head). None for no records.
absl::StatusOr<std::vector<AuditEntry>> AppendAudits(Transaction& tx, absl::string_view report_id,
                                                     absl::string_view unit,
                                                     const std::vector<AuditRecord>& records,
                                                     absl::Time now);

// Appends one `record`; returns the entry as stored.
absl::StatusOr<AuditEntry> AppendAudit(Transaction& tx, absl::string_view report_id,
                                       absl::string_view unit, const AuditRecord& record,
                                       absl::Time now);

// Entries of the chain after `after_sequence`, in order, at most `limit`.
absl::StatusOr<std::vector<AuditEntry>> ListAudit(Transaction& tx, absl::string_view report_id,
                                                  int64_t after_sequence, int limit);

// The tail of a report's chain.
struct AuditHead {
  std::string unit;
  int64_t last_sequence = 0;
  std::string last_hash;
};

// The head of a report's chain; nullopt when it has no chain.
absl::StatusOr<std::optional<AuditHead>> FindAuditHead(Transaction& tx,
                                                       absl::string_view report_id);

// Stores a signed head; a second signature of the same (report, sequence)
// keeps the first.
absl::Status InsertAnchor(Transaction& tx, const AuditAnchor& anchor);

// The signed heads of a report's chain, in sequence order.
absl::StatusOr<std::vector<AuditAnchor>> ListAnchors(Transaction& tx, absl::string_view report_id);

}  // namespace reportflow::review

#endif  // REPORTFLOW_SERVICES_REVIEW_STORE_AUDIT_STORE_H_
