// The witness of signed audit heads outside the database: one append-only
// file per report (`<dir>/<report>.anchors`, one JSON line per signed head,
// AnchorLine), written after the database commit and synced. Point the
// directory at storage the database's writers cannot change (another host's
// volume, WORM storage); VerifyAuditChain then detects a chain cut short
// together with its signed heads. Report ids are checked before they become
// file names.
#ifndef REPORTFLOW_SERVICES_REVIEW_STORE_ANCHOR_WITNESS_H_
#define REPORTFLOW_SERVICES_REVIEW_STORE_ANCHOR_WITNESS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/review/domain/audit_anchor.h"

namespace reportflow::review {

class AnchorWitness {
 public:
  // No directory: witnessing is off (Append does nothing, Latest is nullopt).
  explicit AnchorWitness(std::string dir) : dir_(std::move(dir)) {}
  bool enabled() const { return !dir_.empty(); }
  // Appends `anchor` to its report's file and syncs it.
  absl::Status Append(const AuditAnchor& anchor) const;
  // The last well-formed head of `report_id`'s file; nullopt when none.
  absl::StatusOr<std::optional<AuditAnchor>> Latest(absl::string_view report_id) const;

 private:
  absl::StatusOr<std::string> PathOf(absl::string_view report_id) const;
  std::string dir_;
};

}  // namespace reportflow::review

#endif  // REPORTFLOW_SERVICES_REVIEW_STORE_ANCHOR_WITNESS_H_
