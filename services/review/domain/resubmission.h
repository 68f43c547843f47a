// What a resubmitted version takes over from the review of the version
// before it, and how that older review ends (DESIGN.md, The flow, 4:
// "resubmission after a return creates a new version and a new review;
// findings and comments carry over where their section did not change").
// Pure: the review service's StartReview applies these in its transaction.
#ifndef REPORTFLOW_SERVICES_REVIEW_DOMAIN_RESUBMISSION_H_
#define REPORTFLOW_SERVICES_REVIEW_DOMAIN_RESUBMISSION_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "reportflow/review/v1/review.pb.h"
#include "workflow/engine.h"

namespace reportflow::review {

// A section of a reviewed manifest, by its content.
struct ManifestSection {
  std::string section;
  std::string content_sha256;
};

// Tells which sections of a new manifest are unchanged since the previous
// review's: present in both with the same content.
class SectionChanges {
 public:
  SectionChanges(std::vector<ManifestSection> before, std::vector<ManifestSection> after);
  bool Unchanged(absl::string_view section) const;

 private:
  std::vector<ManifestSection> before_;
  std::vector<ManifestSection> after_;
};

// The review a carried item names: where it was first raised — its own
// `carried_from` when it was carried already, else `previous_review`.
std::string CarriedOrigin(absl::string_view carried_from, absl::string_view previous_review);

// The origin of `finding` (new in this review) when the same finding — same
// rule, section and excerpt — was raised in the previous review on an
// unchanged section; "" when it is new.
std::string FindingOrigin(const v1::Finding& finding, const std::vector<v1::Finding>& previous,
                          const SectionChanges& changes, absl::string_view previous_review);

// The previous review's comments that go on in the new one: unresolved, on
// a section that did not change, with `carried_from` naming their origin.
std::vector<v1::Comment> CarriedComments(const std::vector<v1::Comment>& previous,
                                         const SectionChanges& changes,
                                         absl::string_view previous_review);

// The action that ends a review still open on an older version once
// `version` (a report version name) is submitted.
workflow::Action Supersede(absl::string_view version);

}  // namespace reportflow::review

#endif  // REPORTFLOW_SERVICES_REVIEW_DOMAIN_RESUBMISSION_H_
