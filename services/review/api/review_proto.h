// Conversions and checks every review handler file shares: engine, store
// and API forms of stages, findings, actions and definitions; the system
// actor; a new comment's anchor checked against the reviewed manifest; the
// review as SaveReview left it (answers are built from what was written).
#ifndef REPORTFLOW_SERVICES_REVIEW_API_REVIEW_PROTO_H_
#define REPORTFLOW_SERVICES_REVIEW_API_REVIEW_PROTO_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "proofread/finding.h"
#include "reportflow/review/v1/review.pb.h"
#include "services/common/limits.h"
#include "services/review/domain/outcomes.h"
#include "services/review/store/review_store.h"
#include "workflow/definition.h"
#include "workflow/engine.h"

namespace reportflow::review {

inline constexpr char kDefinitionPrefix[] = "workflowDefinitions/";
// The review service acting for the machine and the system.
inline constexpr char kSystemId[] = "svc-review";
inline constexpr char kSystemName[] = "审核服务";

// The system as the engine's actor (machine check, superseding).
workflow::Person SystemPerson();

// Whether `digest` is a lowercase hex SHA-256.
bool IsHexDigest(absl::string_view digest);

// The length of UTF-8 `text` in code points (comment anchors count so).
int CodePoints(absl::string_view text);

v1::Severity SeverityProto(proofread::Severity severity);
workflow::Severity ToEngine(proofread::Severity severity);
workflow::ReturnTarget ToEngine(v1::ReturnTarget target);
// The API action of an engine action kind (UNSPECIFIED for internal ones).
v1::Action ActionProto(workflow::ActionKind kind);
// The audit action name of an engine event ("stage.approve").
absl::string_view AuditAction(workflow::EventKind kind);
v1::WorkflowDefinition DefinitionProto(const workflow::Definition& definition);

// Checks a new comment's anchor and text against the reviewed manifest and
// fills the anchor's revision when it was left empty; INVALID_ARGUMENT
// naming `field` otherwise.
absl::Status ValidateComment(v1::Comment& comment, const std::vector<ReviewSection>& sections,
                             absl::string_view field, const Limits& limits);

// The next free comment id of a review as loaded (ids are numbers).
int NextCommentId(const workflow::Review& review);

// The review as SaveReview left it, from `before` and the engine's `after`
// at `now` (what the database keeps: microseconds).
StoredReview Saved(const StoredReview& before, const workflow::Review& after, absl::Time now);

// Which review ended, for the outcome messages (domain/outcomes.h).
EndedReview Ended(const StoredReview& stored);

}  // namespace reportflow::review

#endif  // REPORTFLOW_SERVICES_REVIEW_API_REVIEW_PROTO_H_
