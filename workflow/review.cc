#include "workflow/review.h"

#include <algorithm>

namespace reportflow::workflow {

bool Person::HasRole(absl::string_view role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool Person::InUnit(absl::string_view unit) const {
  return std::find(units.begin(), units.end(), unit) != units.end();
}

Action Action::Approve(std::string stage_key, std::string digest, std::string opinion) {
  Action action;
  action.kind = ActionKind::kApprove;
  action.stage_key = std::move(stage_key);
  action.digest = std::move(digest);
  action.text = std::move(opinion);
  return action;
}

Action Action::Return(std::string stage_key, ReturnTarget target, std::string reason,
                      std::string target_stage) {
  Action action;
  action.kind = ActionKind::kReturn;
  action.stage_key = std::move(stage_key);
  action.target = target;
  action.text = std::move(reason);
  action.target_stage = std::move(target_stage);
  return action;
}

Action Action::Withdraw(std::string reason) {
  Action action;
  action.kind = ActionKind::kWithdraw;
  action.text = std::move(reason);
  return action;
}

Action Action::Cancel(std::string reason) {
  Action action;
  action.kind = ActionKind::kCancel;
  action.text = std::move(reason);
  return action;
}

Action Action::CompleteMachineCheck(std::vector<Finding> findings) {
  Action action;
  action.kind = ActionKind::kCompleteMachineCheck;
  action.findings = std::move(findings);
  return action;
}

Action Action::OverrideFinding(std::string finding_id, std::string reason) {
  Action action;
  action.kind = ActionKind::kOverrideFinding;
  action.finding_id = std::move(finding_id);
  action.text = std::move(reason);
  return action;
}

Action Action::AddComment(std::string comment_id, bool blocking) {
  Action action;
  action.kind = ActionKind::kAddComment;
  action.comment_id = std::move(comment_id);
  action.blocking = blocking;
  return action;
}

Action Action::ResolveComment(std::string comment_id) {
  Action action;
  action.kind = ActionKind::kResolveComment;
  action.comment_id = std::move(comment_id);
  return action;
}

absl::string_view EventKindName(EventKind kind) {
  switch (kind) {
    case EventKind::kReviewStarted:
      return "review_started";
    case EventKind::kMachineCheckCompleted:
      return "machine_check_completed";
    case EventKind::kStageApproved:
      return "stage_approved";
    case EventKind::kStageReturned:
      return "stage_returned";
    case EventKind::kReviewApproved:
      return "review_approved";
    case EventKind::kReviewReturned:
      return "review_returned";
    case EventKind::kReviewWithdrawn:
      return "review_withdrawn";
    case EventKind::kReviewCancelled:
      return "review_cancelled";
    case EventKind::kFindingOverridden:
      return "finding_overridden";
    case EventKind::kCommentAdded:
      return "comment_added";
    case EventKind::kCommentResolved:
      return "comment_resolved";
  }
  return "unknown";
}

absl::string_view ActionKindName(ActionKind kind) {
  switch (kind) {
    case ActionKind::kApprove:
      return "approve";
    case ActionKind::kReturn:
      return "return";
    case ActionKind::kWithdraw:
      return "withdraw";
    case ActionKind::kCancel:
      return "cancel";
    case ActionKind::kCompleteMachineCheck:
      return "complete_machine_check";
    case ActionKind::kOverrideFinding:
      return "override_finding";
    case ActionKind::kAddComment:
      return "add_comment";
    case ActionKind::kResolveComment:
      return "resolve_comment";
  }
  return "unknown";
}

}  // namespace reportflow::workflow
