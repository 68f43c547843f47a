// The messages a review sends other services when it ends (DESIGN.md, The
// flow, 4–5): drafting's RecordReviewOutcome on approval, return or
// withdrawal, and, on approval, the certificate (every stage with who, when
// and the opinion) and publication's PublishReport carrying it signed.
// Pure: the handlers sign, store and enqueue them in their transaction.
#ifndef REPORTFLOW_SERVICES_REVIEW_DOMAIN_OUTCOMES_H_
#define REPORTFLOW_SERVICES_REVIEW_DOMAIN_OUTCOMES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "reportflow/drafting/v1/drafting.pb.h"
#include "reportflow/publication/v1/publication.pb.h"
#include "reportflow/review/v1/review.pb.h"
#include "workflow/engine.h"

namespace reportflow::review {

// Which review ended: reviews/{id} of reports/{report}/versions/{version}.
struct EndedReview {
  int64_t id = 0;
  std::string report_id;
  int version_number = 0;

  std::string name() const;          // reviews/{id}
  std::string version_name() const;  // reports/{report}/versions/{version}
};

// drafting.RecordReviewOutcome for `outcome`, with the reason the review
// ended, the unresolved comments a return sends back and, on approval, the
// certificate's name. Its request id is the same on every attempt
// ("outcome-{id}-approved", "outcome-{id}-RETURNED", …).
drafting::v1::RecordReviewOutcomeRequest OutcomeMessage(const EndedReview& review,
                                                        drafting::v1::ReviewOutcome outcome,
                                                        absl::string_view reason,
                                                        const std::vector<v1::Comment>& returned,
                                                        absl::string_view certificate);

// The approval certificate of `review` (approved), unsigned, issued at
// `issue_time` (kept to the microsecond, as stored).
v1::ApprovalCertificate CertificateOf(const EndedReview& ended, const workflow::Review& review,
                                      absl::Time issue_time);

// publication.PublishReport of the signed `certificate`, keyed by the version.
publication::v1::PublishReportRequest PublishMessage(const EndedReview& review,
                                                     const v1::ApprovalCertificate& certificate);

}  // namespace reportflow::review

#endif  // REPORTFLOW_SERVICES_REVIEW_DOMAIN_OUTCOMES_H_
