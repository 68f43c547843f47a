// The 三审三校 state machine: pure functions from (review, person, action) to
// a new review plus the events to record, or an error naming the rule.
// No IO: the review service persists reviews and calls Apply for every action.
//
// Rules, checked at the moment of the action:
//   - only people of the report's unit act, and only on the active stage,
//     holding that stage's role (PERMISSION_DENIED otherwise);
//   - nobody acts on two stages of one review, and no author of the version
//     acts on it, unless the definition allows it (PERMISSION_DENIED);
//   - an approval names the digest its signer read; another digest is
//     FAILED_PRECONDITION: approval is bound to content, not to "latest";
//   - a return needs a reason (INVALID_ARGUMENT) and goes to the drafters
//     (the review ends RETURNED), the previous human stage, or a named earlier
//     human stage; what it resets follows the definition's return policy;
//   - unoverridden machine-check errors and unresolved blocking comments stop
//     approval of a blocking stage (FAILED_PRECONDITION); an override needs a
//     reason and is allowed only when the definition allows it;
//   - the submitter may withdraw until a human stage has acted; the system
//     cancels a review superseded by a newer version and completes the
//     automatic stage;
//   - nothing is accepted once the review is terminal (FAILED_PRECONDITION).
//
// Invariants (CheckInvariants; the model-based test checks them after every
// step of thousands of random action sequences):
//   I1 a review is in progress iff exactly one stage is ACTIVE, the one
//      `active_stage` names, and every stage before it is APPROVED;
//   I2 every APPROVED stage names the review's digest;
//   I3 a completed (APPROVED) review has every stage approved, by distinct
//      people unless the definition allows one person several stages or the
//      stages share a signing group, none of them an author unless authors
//      are allowed;
//   I4 nobody has decided on two stages outside one signing group unless the
//      definition allows it;
//   I5 every override carries a reason and who made it;
//   I6 a RETURNED, WITHDRAWN or CANCELLED review says why.
// Stateful ones — no action after a terminal state; a blocking stage approved
// only with no blocking item open — are checked by the model-based test.
#ifndef REPORTFLOW_WORKFLOW_ENGINE_H_
#define REPORTFLOW_WORKFLOW_ENGINE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "workflow/review.h"

namespace reportflow::workflow {

// A new state and what happened.
struct Transition {
  Review review;
  std::vector<Event> events;
};

// What starts a review.
struct ReviewInput {
  std::shared_ptr<const Definition> definition;
  std::string unit;
  std::string report_version;
  std::string digest;
  std::string submitter_id;
  std::vector<std::string> author_ids;
};

// A review of `input` with its first stage active. INVALID_ARGUMENT naming
// the field when the definition, unit, version, digest or submitter is missing.
absl::StatusOr<Transition> StartReview(ReviewInput input);

// Applies `action` by `person` at `now`; see the rules above.
absl::StatusOr<Transition> Apply(const Review& review, const Person& person, const Action& action,
                                 absl::Time now);

// The actions `person` may take on `review` now: exactly those for which
// Apply with reasonable arguments (the right digest, a reason) succeeds.
std::vector<ActionKind> AllowedActions(const Review& review, const Person& person, absl::Time now);

// Checks invariants I1..I6; INTERNAL naming the broken one.
absl::Status CheckInvariants(const Review& review);

}  // namespace reportflow::workflow

#endif  // REPORTFLOW_WORKFLOW_ENGINE_H_
