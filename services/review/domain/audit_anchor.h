// Signed audit chain heads (锚定): the review service signs the head of a
// report's audit chain (sequence and hash) with its Ed25519 key after every
// action, keeps the signed head in the database and appends it to a witness
// file outside the database. A database writer can recompute the unkeyed
// SHA-256 chain, but cannot sign: VerifyAuditChain checks every signed head
// against the chain, so a rewritten entry under a signed head, or a chain cut
// below the latest head the witness holds, is detected and named.
//
// Signed payload: the canonical JSON (keys sorted, no whitespace) of
//   report, sequence, hash, signed_time (RFC 3339 UTC, microseconds).
#ifndef REPORTFLOW_SERVICES_REVIEW_DOMAIN_AUDIT_ANCHOR_H_
#define REPORTFLOW_SERVICES_REVIEW_DOMAIN_AUDIT_ANCHOR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/signing.h"
#include "services/review/domain/audit_hash.h"

namespace reportflow::review {

// One signed head of a report's chain.
struct AuditAnchor {
  std::string report_id;
  int64_t sequence = 0;
  std::string hash;
  absl::Time signed_time;
  std::string key_id;
  // 64 raw bytes.
  std::string signature;
};

// The bytes an anchor's signature covers.
std::string AnchorPayload(const AuditAnchor& anchor);

// The anchor of (report, sequence, hash) signed by `key` at `now`
// (truncated to microseconds, what the database keeps).
AuditAnchor SignAnchor(const SigningKey& key, absl::string_view report_id, int64_t sequence,
                       absl::string_view hash, absl::Time now);

// Whether `anchor` is signed by `public_key` (raw 32 bytes) and names it.
bool AnchorVerifies(const AuditAnchor& anchor, absl::string_view public_key);

// One line of the witness file: JSON with the payload fields, key_id and the
// signature in hex. AnchorFromLine is its inverse (nullopt for a bad line).
std::string AnchorLine(const AuditAnchor& anchor);
std::optional<AuditAnchor> AnchorFromLine(absl::string_view line);

// Checks a chain walked in order against its signed heads. Feed every entry
// (Entry), then Finish with the chain's last sequence: the first problem, in
// Chinese, or nullopt. `anchors` are the database's, `witness` the latest head
// the witness file holds (if any); all must verify with `public_key`.
class AnchorCheck {
 public:
  AnchorCheck(std::vector<AuditAnchor> anchors, std::optional<AuditAnchor> witness,
              std::string public_key);
  // A problem found before the walk (a head whose signature does not verify).
  std::optional<ChainBreak> Start() const;
  std::optional<ChainBreak> Entry(const AuditEntry& entry) const;
  std::optional<ChainBreak> Finish(int64_t last_sequence) const;
  // The highest signed sequence checked (database or witness).
  int64_t anchored_sequence() const;

 private:
  std::vector<AuditAnchor> anchors_;
  std::optional<AuditAnchor> witness_;
  std::string public_key_;
};

}  // namespace reportflow::review

#endif  // REPORTFLOW_SERVICES_REVIEW_DOMAIN_AUDIT_ANCHOR_H_
