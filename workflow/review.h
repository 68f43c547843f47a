// The state of one review (三审三校 of one report version) and the actions
// people take on it: plain data, no IO. workflow/engine.h applies actions.
#ifndef REPORTFLOW_WORKFLOW_REVIEW_H_
#define REPORTFLOW_WORKFLOW_REVIEW_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "workflow/definition.h"

namespace reportflow::workflow {

// The role of the review service acting for the machine (the automatic stage)
// and for the system (cancelling a superseded review).
inline constexpr absl::string_view kSystemRole = "service:review";

// Who acts: as their bearer token names them.
struct Person {
  std::string id;
  std::string display_name;
  std::vector<std::string> roles;
  std::vector<std::string> units;

  bool HasRole(absl::string_view role) const;
  bool InUnit(absl::string_view unit) const;
  bool IsSystem() const { return HasRole(kSystemRole); }
};

// Where a review stands. All but kInProgress are terminal.
enum class ReviewState { kInProgress, kApproved, kReturned, kWithdrawn, kCancelled };

// Where one stage stands.
enum class StageState { kPending, kActive, kApproved, kReturned, kSkipped };

// One stage of a review: its state and its last decision.
struct StageRecord {
  StageState state = StageState::kPending;
  // Who approved it (or returned from it), when, with what text, on what digest.
  std::string actor_id;
  std::string actor_name;
  absl::Time decision_time = absl::InfinitePast();
  std::string opinion;
  std::string approved_digest;
};

// Severity of a machine-check finding.
enum class Severity { kError, kWarning, kInfo };

// A machine-check finding as far as the workflow cares: only unoverridden
// errors block.
struct Finding {
  std::string id;
  Severity severity = Severity::kError;
  bool overridden = false;
  std::string override_reason;
  std::string overridden_by;
};

// A reviewer's comment as far as the workflow cares: unresolved blocking
// comments block.
struct Comment {
  std::string id;
  std::string author_id;
  bool blocking = false;
  bool resolved = false;
  std::string resolved_by;
};

// One review instance.
struct Review {
  std::shared_ptr<const Definition> definition;
  // The unit the report belongs to; only its people may act.
  std::string unit;
  // The reviewed version and its digest; approvals must name this digest.
  std::string report_version;
  std::string digest;
  // Who submitted the version (may withdraw), and every author of its
  // section revisions (may not act unless the definition allows).
  std::string submitter_id;
  std::vector<std::string> author_ids;

  ReviewState state = ReviewState::kInProgress;
  // Parallel to definition->stages().
  std::vector<StageRecord> stages;
  // Index of the ACTIVE stage; -1 once terminal.
  int active_stage = -1;
  // Every human decision over the whole review (also those a later return
  // cleared), for "nobody acts on two stages" and "withdraw before anyone
  // acted".
  struct Decision {
    std::string person_id;
    std::string stage_key;
    bool approved = false;  // false: returned
  };
  std::vector<Decision> decisions;
  std::vector<Finding> findings;
  std::vector<Comment> comments;
  // Why the review ended, for returned, withdrawn and cancelled reviews.
  std::string end_reason;

  bool IsTerminal() const { return state != ReviewState::kInProgress; }
};

// What the people see as buttons.
enum class ActionKind {
  kApprove,
  kReturn,
  kWithdraw,
  kCancel,
  kCompleteMachineCheck,
  kOverrideFinding,
  kAddComment,
  kResolveComment,
};

// Where a return sends the version.
enum class ReturnTarget { kDrafters, kPreviousStage, kNamedStage };

// One action with its arguments; only the fields of its kind are read.
struct Action {
  ActionKind kind = ActionKind::kApprove;
  // kApprove, kReturn: the stage acted on (must be the active one).
  std::string stage_key;
  // kApprove: the digest the person read.
  std::string digest;
  // kApprove: opinion; kReturn, kWithdraw, kCancel, kOverrideFinding: reason.
  std::string text;
  // kReturn.
  ReturnTarget target = ReturnTarget::kDrafters;
  std::string target_stage;
  // kOverrideFinding; kAddComment, kResolveComment.
  std::string finding_id;
  std::string comment_id;
  // kAddComment.
  bool blocking = false;
  // kCompleteMachineCheck: what the checks found.
  std::vector<Finding> findings;

  static Action Approve(std::string stage_key, std::string digest, std::string opinion);
  static Action Return(std::string stage_key, ReturnTarget target, std::string reason,
                       std::string target_stage = "");
  static Action Withdraw(std::string reason);
  static Action Cancel(std::string reason);
  static Action CompleteMachineCheck(std::vector<Finding> findings);
  static Action OverrideFinding(std::string finding_id, std::string reason);
  static Action AddComment(std::string comment_id, bool blocking);
  static Action ResolveComment(std::string comment_id);
};

// What happened, for the audit log.
enum class EventKind {
  kReviewStarted,
  kMachineCheckCompleted,
  kStageApproved,
  kStageReturned,   // to an earlier stage of the same review
  kReviewApproved,  // the last stage approved: the certificate is due
  kReviewReturned,  // returned to the drafters
  kReviewWithdrawn,
  kReviewCancelled,
  kFindingOverridden,
  kCommentAdded,
  kCommentResolved,
};

// One event of a transition.
struct Event {
  EventKind kind;
  std::string actor_id;
  // The stage concerned, if any.
  std::string stage_key;
  // Opinion, reason, finding or comment id, or the returned-to stage.
  std::string detail;
};

// Short English name of an event kind, e.g. "stage_approved", for logs.
absl::string_view EventKindName(EventKind kind);
// Short English name of an action kind, e.g. "approve".
absl::string_view ActionKindName(ActionKind kind);

}  // namespace reportflow::workflow

#endif  // REPORTFLOW_WORKFLOW_REVIEW_H_
