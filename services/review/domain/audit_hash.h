// The audit chain's hashing, pure: each entry of a report's audit log holds
// the SHA-256 of the previous entry and of its own canonical content, so
// changing, removing or reordering any entry breaks every link after it.
//
// Canonical content: the JSON object (keys sorted, no whitespace, UTF-8) of
//   report, sequence, action, actor_id, actor_name, subject, details_json,
//   create_time (RFC 3339 UTC, microseconds), previous_hash.
// The first entry's previous hash is 64 zeros.
#ifndef REPORTFLOW_SERVICES_REVIEW_DOMAIN_AUDIT_HASH_H_
#define REPORTFLOW_SERVICES_REVIEW_DOMAIN_AUDIT_HASH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace reportflow::review {

// The previous hash of a chain's first entry.
inline const std::string kGenesisHash(64, '0');

// One entry of a report's audit chain.
struct AuditEntry {
  std::string report_id;
  int64_t sequence = 0;
  std::string action;
  std::string actor_id;
  std::string actor_name;
  std::string subject;
  std::string details_json;
  // Microsecond precision (what the database keeps).
  absl::Time create_time;
  std::string previous_hash;
  std::string hash;
};

// The canonical content an entry's hash is computed over.
std::string CanonicalAuditContent(const AuditEntry& entry);

// The lowercase hex SHA-256 of the canonical content.
std::string AuditEntryHash(const AuditEntry& entry);

// Where a chain stops verifying.
struct ChainBreak {
  int64_t sequence = 0;
  // Why, in Chinese.
  std::string reason;
};

// Checks `entries` (consecutive, in order) continuing a chain whose last
// verified entry had `previous_hash` and sequence `previous_sequence`.
// Returns the first entry that does not verify, or nullopt.
std::optional<ChainBreak> VerifyChainSegment(const std::vector<AuditEntry>& entries,
                                             int64_t previous_sequence,
                                             const std::string& previous_hash);

}  // namespace reportflow::review

#endif  // REPORTFLOW_SERVICES_REVIEW_DOMAIN_AUDIT_HASH_H_
