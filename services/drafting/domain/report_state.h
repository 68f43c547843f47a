// How a report's state moves (DESIGN.md, The flow): drafts are edited and
// submitted; a submitted version is read-only while in review and once
// approved; the review's outcome and then the publication's move it on.
// Pure: the drafting handlers lock the report, ask these rules, and write.
//
//   DRAFT/RETURNED ─submit→ IN_REVIEW ─approved→ APPROVED ─published→ PUBLISHED
//                             └─returned/withdrawn→ RETURNED    └─withdrawn→ WITHDRAWN
//   PUBLISHED/WITHDRAWN are edited again to correct (更正): a new version.
#ifndef REPORTFLOW_SERVICES_DRAFTING_DOMAIN_REPORT_STATE_H_
#define REPORTFLOW_SERVICES_DRAFTING_DOMAIN_REPORT_STATE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reportflow/drafting/v1/drafting.pb.h"

namespace reportflow::drafting {

// OK when a report in `state` may be edited (sections revised, a document
// imported, submitted); FAILED_PRECONDITION naming `report` otherwise.
absl::Status CheckEditableState(absl::string_view report, v1::ReportState state);

// What the review's `outcome` of version `version` does to a report in
// `state` whose latest version is `latest` and whose outcome for that
// version is `recorded` (UNSPECIFIED: none yet).
struct ReviewOutcomeStep {
  // The same outcome is recorded already: a retry, nothing to write.
  bool already_recorded = false;
  v1::ReportState state = v1::REPORT_STATE_UNSPECIFIED;
};
// FAILED_PRECONDITION when the version is not the one under review.
absl::StatusOr<ReviewOutcomeStep> AfterReviewOutcome(v1::ReportState state, int latest, int version,
                                                     v1::ReviewOutcome recorded,
                                                     v1::ReviewOutcome outcome,
                                                     absl::string_view version_name);

// The state after publication's `outcome` of version `version` (approved):
// published or withdrawn when it is the latest version; a correction, or an
// outcome of an older version, leaves the state as it is.
v1::ReportState AfterPublicationOutcome(v1::ReportState state, int latest, int version,
                                        v1::PublicationOutcome outcome);

}  // namespace reportflow::drafting

#endif  // REPORTFLOW_SERVICES_DRAFTING_DOMAIN_REPORT_STATE_H_
