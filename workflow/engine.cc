#include "workflow/engine.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/text_rules.h"

namespace reportflow::workflow {
namespace {

// Returns from the enclosing function when `expr` is not OK. (The engine
// depends on nothing of services/, so it does not use their macros.)
#define WF_RETURN_IF_ERROR(expr)           \
  do {                                     \
    absl::Status wf_status = (expr);       \
    if (!wf_status.ok()) return wf_status; \
  } while (false)

// Unicode-aware: a reason of ideographic spaces (U+3000) is no reason.
bool Blank(absl::string_view text) { return IsBlank(text); }

const std::string& StageName(const Review& review, int index) {
  return review.definition->stage(index).display_name();
}

absl::string_view StateText(ReviewState state) {
  switch (state) {
    case ReviewState::kInProgress:
      return "进行中 (in progress)";
    case ReviewState::kApproved:
      return "通过 (approved)";
    case ReviewState::kReturned:
      return "退回 (returned)";
    case ReviewState::kWithdrawn:
      return "撤回 (withdrawn)";
    case ReviewState::kCancelled:
      return "取消 (cancelled)";
  }
  return "";
}

bool IsAuthor(const Review& review, absl::string_view person_id) {
  return std::find(review.author_ids.begin(), review.author_ids.end(), person_id) !=
         review.author_ids.end();
}

absl::Status CheckNotTerminal(const Review& review) {
  if (review.IsTerminal()) {
    return absl::FailedPreconditionError(
        absl::StrCat("审核已结束，状态为", StateText(review.state),
                     "，不能再操作 (no action after a terminal state)"));
  }
  return absl::OkStatus();
}

// May `person` act on the stage at `index` of `review`: unit, role,
// authorship and one-stage-per-person.
absl::Status CheckCanActOnStage(const Review& review, const Person& person, int index) {
  const StageDefinition& stage = review.definition->stage(index);
  if (!person.InUnit(review.unit)) {
    return absl::PermissionDeniedError(
        absl::StrCat("不属于报告所属单位 ", review.unit, "，不能审核 (not a member of the unit)"));
  }
  if (!person.HasRole(stage.role())) {
    return absl::PermissionDeniedError(
        absl::StrCat("没有", stage.display_name(), "的角色 ", stage.role(),
                     "，不能处理该环节 (requires role ", stage.role(), ")"));
  }
  if (!review.definition->AllowAuthors() && IsAuthor(review, person.id)) {
    return absl::PermissionDeniedError(
        "是本版本内容的撰写人，不能审核自己撰写的内容 (authors of the version may not act on it)");
  }
  if (!review.definition->AllowSamePersonMultipleStages()) {
    for (const Review::Decision& decision : review.decisions) {
      const int other = review.definition->StageIndex(decision.stage_key);
      if (decision.person_id == person.id && !review.definition->SameSigningGroup(other, index)) {
        return absl::PermissionDeniedError(absl::StrCat(
            "已在", StageName(review, other), decision.approved ? "签署" : "退回", "，不能再签署",
            stage.display_name(), " (one person may act on one stage only; already acted on ",
            StageName(review, other), ")"));
      }
    }
  }
  return absl::OkStatus();
}

// The active stage named by `stage_key`, as a human stage.
absl::StatusOr<int> ActiveHumanStage(const Review& review, absl::string_view stage_key) {
  const int index = review.definition->StageIndex(stage_key);
  if (index < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("stage_key: 流程中没有环节 \"", stage_key, "\" (unknown stage)"));
  }
  if (index != review.active_stage) {
    return absl::FailedPreconditionError(
        absl::StrCat("当前待处理的环节是", StageName(review, review.active_stage), "，不是",
                     StageName(review, index), " (only the active stage can be acted on)"));
  }
  if (!review.definition->IsHuman(index)) {
    return absl::FailedPreconditionError(
        absl::StrCat(StageName(review, index),
                     "由系统自动完成 (the automatic stage is completed by the system)"));
  }
  return index;
}

// Open items that stop a blocking stage.
struct BlockingItems {
  int errors = 0;
  int comments = 0;
};

BlockingItems OpenBlockingItems(const Review& review) {
  BlockingItems items;
  for (const Finding& finding : review.findings) {
    items.errors += finding.severity == Severity::kError && !finding.overridden;
  }
  for (const Comment& comment : review.comments) {
    items.comments += comment.blocking && !comment.resolved;
  }
  return items;
}

// Activates the first stage after `from` not yet approved, or completes the
// review when every stage is approved.
void Advance(Review& review, int from, std::vector<Event>& events, absl::string_view actor_id) {
  for (int next = from + 1; next < review.definition->stage_count(); ++next) {
    if (review.stages[next].state != StageState::kApproved) {
      review.stages[next] = StageRecord{};
      review.stages[next].state = StageState::kActive;
      review.active_stage = next;
      return;
    }
  }
  review.state = ReviewState::kApproved;
  review.active_stage = -1;
  events.push_back({EventKind::kReviewApproved, std::string(actor_id), "", review.digest});
}

// Ends the review: every stage not approved (or returned) is skipped.
void End(Review& review, ReviewState state, std::string reason) {
  for (StageRecord& stage : review.stages) {
    if (stage.state == StageState::kPending || stage.state == StageState::kActive) {
      stage.state = StageState::kSkipped;
    }
  }
  review.state = state;
  review.active_stage = -1;
  review.end_reason = std::move(reason);
}

void Record(StageRecord& record, const Person& person, absl::Time now, std::string text) {
  record.actor_id = person.id;
  record.actor_name = person.display_name;
  record.decision_time = now;
  record.opinion = std::move(text);
}

absl::StatusOr<Transition> ApplyApprove(const Review& review, const Person& person,
                                        const Action& action, absl::Time now) {
  WF_RETURN_IF_ERROR(CheckNotTerminal(review));
  absl::StatusOr<int> index = ActiveHumanStage(review, action.stage_key);
  WF_RETURN_IF_ERROR(index.status());
  WF_RETURN_IF_ERROR(CheckCanActOnStage(review, person, *index));
  if (action.digest != review.digest) {
    return absl::FailedPreconditionError(
        absl::StrCat("所审内容（摘要 ", action.digest.substr(0, 12), "）与待审版本（摘要 ",
                     review.digest.substr(0, 12),
                     "）不一致，请重新打开待审版本后再签署 (approval names a different digest)"));
  }
  if (review.definition->IsBlocking(*index)) {
    const BlockingItems open = OpenBlockingItems(review);
    if (open.errors > 0 || open.comments > 0) {
      return absl::FailedPreconditionError(
          absl::StrCat(StageName(review, *index), "签署前须处理：未豁免的机器校对错误 ",
                       open.errors, " 条，未解决的阻断性意见 ", open.comments,
                       " 条 (blocking findings or comments are open)"));
    }
  }
  Transition result{review, {}};
  StageRecord& record = result.review.stages[*index];
  record.state = StageState::kApproved;
  Record(record, person, now, action.text);
  record.approved_digest = review.digest;
  result.review.decisions.push_back({person.id, action.stage_key, true});
  result.events.push_back({EventKind::kStageApproved, person.id, action.stage_key, action.text});
  Advance(result.review, *index, result.events, person.id);
  return result;
}

absl::StatusOr<int> ReturnTargetIndex(const Review& review, int from, const Action& action) {
  if (action.target == ReturnTarget::kPreviousStage) {
    for (int index = from - 1; index >= 0; --index) {
      if (review.definition->IsHuman(index)) {
        return index;
      }
    }
    return absl::FailedPreconditionError(
        absl::StrCat(StageName(review, from),
                     "之前没有可退回的审校环节，只能退回起草人 (no earlier human stage)"));
  }
  const int index = review.definition->StageIndex(action.target_stage);
  if (index < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("target_stage: 流程中没有环节 \"", action.target_stage, "\" (unknown stage)"));
  }
  if (index >= from) {
    return absl::FailedPreconditionError(absl::StrCat(
        "只能退回到", StageName(review, from), "之前的环节 (a return goes to an earlier stage)"));
  }
  if (!review.definition->IsHuman(index)) {
    return absl::FailedPreconditionError(
        absl::StrCat("不能退回到", StageName(review, index), " (a return goes to a human stage)"));
  }
  return index;
}

absl::StatusOr<Transition> ApplyReturn(const Review& review, const Person& person,
                                       const Action& action, absl::Time now) {
  if (Blank(action.text)) {
    return absl::InvalidArgumentError("reason: 退回须写明理由 (a return needs a reason)");
  }
  WF_RETURN_IF_ERROR(CheckNotTerminal(review));
  absl::StatusOr<int> index = ActiveHumanStage(review, action.stage_key);
  WF_RETURN_IF_ERROR(index.status());
  WF_RETURN_IF_ERROR(CheckCanActOnStage(review, person, *index));
  Transition result{review, {}};
  Review& next = result.review;
  next.decisions.push_back({person.id, action.stage_key, false});
  if (action.target == ReturnTarget::kDrafters) {
    StageRecord& record = next.stages[*index];
    record.state = StageState::kReturned;
    Record(record, person, now, action.text);
    End(next, ReviewState::kReturned, action.text);
    result.events.push_back({EventKind::kReviewReturned, person.id, action.stage_key, action.text});
    return result;
  }
  absl::StatusOr<int> target = ReturnTargetIndex(review, *index, action);
  WF_RETURN_IF_ERROR(target.status());
  // RESTART: every stage from the target on signs again. RESUME: only the
  // target and the returning stage; Advance skips the approved ones between.
  for (int stage = *target; stage <= *index; ++stage) {
    if (stage == *target || stage == *index ||
        review.definition->return_policy() == RETURN_POLICY_RESTART) {
      next.stages[stage] = StageRecord{};
    }
  }
  next.stages[*target].state = StageState::kActive;
  next.active_stage = *target;
  result.events.push_back(
      {EventKind::kStageReturned, person.id, action.stage_key,
       absl::StrCat(review.definition->stage(*target).key(), ": ", action.text)});
  return result;
}

absl::StatusOr<Transition> ApplyWithdraw(const Review& review, const Person& person,
                                         const Action& action) {
  WF_RETURN_IF_ERROR(CheckNotTerminal(review));
  if (person.id != review.submitter_id) {
    return absl::PermissionDeniedError("只有提交人可以撤回审核 (only the submitter may withdraw)");
  }
  if (!review.decisions.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "已有审校环节（",
        StageName(review, review.definition->StageIndex(review.decisions[0].stage_key)),
        "）处理过，不能撤回 (withdraw only before the first human stage acts)"));
  }
  Transition result{review, {}};
  End(result.review, ReviewState::kWithdrawn, Blank(action.text) ? "提交人撤回" : action.text);
  result.events.push_back({EventKind::kReviewWithdrawn, person.id, "", action.text});
  return result;
}

absl::StatusOr<Transition> ApplyCancel(const Review& review, const Person& person,
                                       const Action& action) {
  if (!person.IsSystem()) {
    return absl::PermissionDeniedError(
        "审核只能由系统在新版本提交时取消 (cancel is a system action)");
  }
  if (Blank(action.text)) {
    return absl::InvalidArgumentError(
        "reason: 取消须写明原因，如被哪个新版本取代 (reason required)");
  }
  WF_RETURN_IF_ERROR(CheckNotTerminal(review));
  Transition result{review, {}};
  End(result.review, ReviewState::kCancelled, action.text);
  result.events.push_back({EventKind::kReviewCancelled, person.id, "", action.text});
  return result;
}

absl::StatusOr<Transition> ApplyMachineCheck(const Review& review, const Person& person,
                                             const Action& action, absl::Time now) {
  if (!person.IsSystem()) {
    return absl::PermissionDeniedError(
        "机器预检由系统完成 (the automatic stage is a system action)");
  }
  WF_RETURN_IF_ERROR(CheckNotTerminal(review));
  const int index = review.active_stage;
  if (review.definition->IsHuman(index)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "当前环节是", StageName(review, index), "，不是机器预检 (no automatic stage is active)"));
  }
  absl::flat_hash_set<std::string> ids;
  for (const Finding& finding : review.findings) {
    ids.insert(finding.id);
  }
  for (const Finding& finding : action.findings) {
    if (finding.id.empty() || !ids.insert(finding.id).second) {
      return absl::InvalidArgumentError(absl::StrCat("findings.id: 校对发现的编号须非空且唯一：\"",
                                                     finding.id, "\" (ids must be unique)"));
    }
  }
  Transition result{review, {}};
  Review& next = result.review;
  int errors = 0;
  for (Finding finding : action.findings) {
    errors += finding.severity == Severity::kError;
    finding.overridden = false;
    next.findings.push_back(std::move(finding));
  }
  StageRecord& record = next.stages[index];
  record.state = StageState::kApproved;
  Record(
      record, person, now,
      absl::StrCat("机器预检完成：", action.findings.size(), " 条发现，其中错误 ", errors, " 条"));
  record.approved_digest = review.digest;
  result.events.push_back({EventKind::kMachineCheckCompleted, person.id,
                           review.definition->stage(index).key(),
                           absl::StrCat(action.findings.size(), " findings, ", errors, " errors")});
  Advance(next, index, result.events, person.id);
  return result;
}

// May `person` act on some blocking stage (to override a finding)?
absl::Status CheckCanActOnABlockingStage(const Review& review, const Person& person) {
  absl::Status first = absl::PermissionDeniedError("本流程没有阻断环节 (no blocking stage)");
  for (int index = 0; index < review.definition->stage_count(); ++index) {
    if (!review.definition->IsBlocking(index)) {
      continue;
    }
    absl::Status can = CheckCanActOnStage(review, person, index);
    if (can.ok()) {
      return can;
    }
    if (first.message() == "本流程没有阻断环节 (no blocking stage)") {
      first = can;
    }
  }
  return first;
}

absl::StatusOr<Transition> ApplyOverride(const Review& review, const Person& person,
                                         const Action& action) {
  if (Blank(action.text)) {
    return absl::InvalidArgumentError("reason: 豁免须写明理由 (an override needs a reason)");
  }
  WF_RETURN_IF_ERROR(CheckNotTerminal(review));
  if (!review.definition->AllowOverride()) {
    return absl::FailedPreconditionError(
        "本审核流程不允许豁免机器校对错误 (the workflow does not allow overrides)");
  }
  auto it = std::find_if(review.findings.begin(), review.findings.end(),
                         [&](const Finding& finding) { return finding.id == action.finding_id; });
  if (it == review.findings.end()) {
    return absl::NotFoundError(absl::StrCat("finding_id: 没有编号为 \"", action.finding_id,
                                            "\" 的校对发现 (unknown finding)"));
  }
  WF_RETURN_IF_ERROR(CheckCanActOnABlockingStage(review, person));
  if (it->severity != Severity::kError) {
    return absl::FailedPreconditionError("只有错误级的校对发现需要豁免 (only errors block)");
  }
  if (it->overridden) {
    return absl::FailedPreconditionError(
        absl::StrCat("该校对发现已由 ", it->overridden_by, " 豁免 (already overridden)"));
  }
  Transition result{review, {}};
  Finding& finding = result.review.findings[it - review.findings.begin()];
  finding.overridden = true;
  finding.override_reason = action.text;
  finding.overridden_by = person.id;
  result.events.push_back(
      {EventKind::kFindingOverridden, person.id, "", absl::StrCat(finding.id, ": ", action.text)});
  return result;
}

// Holds `person` the role of any human stage of the review, in its unit?
bool IsReviewerOf(const Review& review, const Person& person) {
  if (!person.InUnit(review.unit)) {
    return false;
  }
  for (int index = 0; index < review.definition->stage_count(); ++index) {
    if (review.definition->IsHuman(index) &&
        person.HasRole(review.definition->stage(index).role())) {
      return true;
    }
  }
  return false;
}

absl::StatusOr<Transition> ApplyAddComment(const Review& review, const Person& person,
                                           const Action& action) {
  if (action.comment_id.empty()) {
    return absl::InvalidArgumentError("comment_id: 意见编号不能为空 (comment id required)");
  }
  WF_RETURN_IF_ERROR(CheckNotTerminal(review));
  if (!IsReviewerOf(review, person)) {
    return absl::PermissionDeniedError(
        "只有本单位担任审校角色的人员可以提出审核意见 (only the unit's reviewers comment)");
  }
  for (const Comment& comment : review.comments) {
    if (comment.id == action.comment_id) {
      return absl::AlreadyExistsError(absl::StrCat("comment_id: 意见 \"", action.comment_id,
                                                   "\" 已存在 (duplicate comment id)"));
    }
  }
  Transition result{review, {}};
  result.review.comments.push_back({action.comment_id, person.id, action.blocking, false, ""});
  result.events.push_back({EventKind::kCommentAdded, person.id, "", action.comment_id});
  return result;
}

absl::StatusOr<Transition> ApplyResolveComment(const Review& review, const Person& person,
                                               const Action& action) {
  WF_RETURN_IF_ERROR(CheckNotTerminal(review));
  auto it = std::find_if(review.comments.begin(), review.comments.end(),
                         [&](const Comment& comment) { return comment.id == action.comment_id; });
  if (it == review.comments.end()) {
    return absl::NotFoundError(absl::StrCat("comment_id: 没有编号为 \"", action.comment_id,
                                            "\" 的意见 (unknown comment)"));
  }
  const bool may_resolve = (it->author_id == person.id && person.InUnit(review.unit)) ||
                           (review.definition->IsHuman(review.active_stage) &&
                            CheckCanActOnStage(review, person, review.active_stage).ok());
  if (!may_resolve) {
    return absl::PermissionDeniedError(
        "只有意见提出人或当前环节的审核人可以解决该意见 (only the comment's author or the active "
        "stage's reviewer)");
  }
  if (it->resolved) {
    return absl::FailedPreconditionError(
        absl::StrCat("该意见已由 ", it->resolved_by, " 解决 (already resolved)"));
  }
  Transition result{review, {}};
  Comment& comment = result.review.comments[it - review.comments.begin()];
  comment.resolved = true;
  comment.resolved_by = person.id;
  result.events.push_back({EventKind::kCommentResolved, person.id, "", comment.id});
  return result;
}

absl::Status Broken(absl::string_view invariant, absl::string_view detail) {
  return absl::InternalError(absl::StrCat("workflow invariant ", invariant, " broken: ", detail));
}

}  // namespace

absl::StatusOr<Transition> StartReview(ReviewInput input) {
  if (input.definition == nullptr) {
    return absl::InvalidArgumentError("workflow_definition: required");
  }
  for (const auto& [field, value] :
       {std::pair<absl::string_view, const std::string*>{"unit", &input.unit},
        {"report_version", &input.report_version},
        {"digest", &input.digest},
        {"submitter", &input.submitter_id}}) {
    if (value->empty()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
    }
  }
  Transition result;
  Review& review = result.review;
  review.definition = std::move(input.definition);
  review.unit = std::move(input.unit);
  review.report_version = std::move(input.report_version);
  review.digest = std::move(input.digest);
  review.submitter_id = std::move(input.submitter_id);
  review.author_ids = std::move(input.author_ids);
  review.stages.resize(review.definition->stage_count());
  review.stages[0].state = StageState::kActive;
  review.active_stage = 0;
  result.events.push_back({EventKind::kReviewStarted, review.submitter_id,
                           review.definition->stage(0).key(), review.digest});
  return result;
}

absl::StatusOr<Transition> Apply(const Review& review, const Person& person, const Action& action,
                                 absl::Time now) {
  switch (action.kind) {
    case ActionKind::kApprove:
      return ApplyApprove(review, person, action, now);
    case ActionKind::kReturn:
      return ApplyReturn(review, person, action, now);
    case ActionKind::kWithdraw:
      return ApplyWithdraw(review, person, action);
    case ActionKind::kCancel:
      return ApplyCancel(review, person, action);
    case ActionKind::kCompleteMachineCheck:
      return ApplyMachineCheck(review, person, action, now);
    case ActionKind::kOverrideFinding:
      return ApplyOverride(review, person, action);
    case ActionKind::kAddComment:
      return ApplyAddComment(review, person, action);
    case ActionKind::kResolveComment:
      return ApplyResolveComment(review, person, action);
  }
  return absl::InvalidArgumentError("action: unknown kind");
}

std::vector<ActionKind> AllowedActions(const Review& review, const Person& person, absl::Time now) {
  std::vector<ActionKind> allowed;
  auto allows = [&](const Action& action) { return Apply(review, person, action, now).ok(); };
  const std::string active =
      review.active_stage >= 0 ? review.definition->stage(review.active_stage).key() : "";
  if (allows(Action::Approve(active, review.digest, ""))) {
    allowed.push_back(ActionKind::kApprove);
  }
  if (allows(Action::Return(active, ReturnTarget::kDrafters, "reason"))) {
    allowed.push_back(ActionKind::kReturn);
  }
  if (allows(Action::Withdraw("reason"))) {
    allowed.push_back(ActionKind::kWithdraw);
  }
  if (allows(Action::Cancel("reason"))) {
    allowed.push_back(ActionKind::kCancel);
  }
  if (allows(Action::CompleteMachineCheck({}))) {
    allowed.push_back(ActionKind::kCompleteMachineCheck);
  }
  if (std::any_of(review.findings.begin(), review.findings.end(), [&](const Finding& finding) {
        return allows(Action::OverrideFinding(finding.id, "reason"));
      })) {
    allowed.push_back(ActionKind::kOverrideFinding);
  }
  std::string probe_id = "probe";
  while (std::any_of(review.comments.begin(), review.comments.end(),
                     [&](const Comment& comment) { return comment.id == probe_id; })) {
    probe_id += "+";
  }
  if (allows(Action::AddComment(probe_id, false))) {
    allowed.push_back(ActionKind::kAddComment);
  }
  if (std::any_of(review.comments.begin(), review.comments.end(), [&](const Comment& comment) {
        return allows(Action::ResolveComment(comment.id));
      })) {
    allowed.push_back(ActionKind::kResolveComment);
  }
  return allowed;
}

absl::Status CheckInvariants(const Review& review) {
  const Definition& definition = *review.definition;
  if (static_cast<int>(review.stages.size()) != definition.stage_count()) {
    return Broken("I1", "stage records do not match the definition");
  }
  int active = 0;
  for (int index = 0; index < definition.stage_count(); ++index) {
    const StageRecord& stage = review.stages[index];
    if (stage.state == StageState::kActive) {
      ++active;
      if (index != review.active_stage) {
        return Broken("I1", "an ACTIVE stage is not the active_stage");
      }
    }
    if (!review.IsTerminal() && index < review.active_stage &&
        stage.state != StageState::kApproved) {
      return Broken("I1", absl::StrCat("stage ", index, " before the active one is not approved"));
    }
    if (stage.state == StageState::kApproved && stage.approved_digest != review.digest) {
      return Broken("I2", absl::StrCat("stage ", index, " approved another digest"));
    }
  }
  if (review.IsTerminal() != (active == 0) || (active == 0) != (review.active_stage < 0)) {
    return Broken("I1", "in progress must mean exactly one active stage");
  }
  if (review.state == ReviewState::kApproved) {
    absl::flat_hash_map<std::string, int> signers;  // person → a stage they signed
    for (int index = 0; index < definition.stage_count(); ++index) {
      const StageRecord& stage = review.stages[index];
      if (stage.state != StageState::kApproved) {
        return Broken("I3", absl::StrCat("approved review with stage ", index, " not approved"));
      }
      if (!definition.IsHuman(index)) {
        continue;
      }
      const auto [signed_before, first] = signers.emplace(stage.actor_id, index);
      if (!definition.AllowSamePersonMultipleStages() && !first &&
          !definition.SameSigningGroup(signed_before->second, index)) {
        return Broken("I3",
                      absl::StrCat(stage.actor_id, " signed two stages outside one signing group"));
      }
      if (!definition.AllowAuthors() && IsAuthor(review, stage.actor_id)) {
        return Broken("I3", absl::StrCat("author ", stage.actor_id, " signed a stage"));
      }
    }
  }
  if (!definition.AllowSamePersonMultipleStages()) {
    absl::flat_hash_map<std::string, std::string> stage_of;
    for (const Review::Decision& decision : review.decisions) {
      auto [it, inserted] = stage_of.emplace(decision.person_id, decision.stage_key);
      if (!inserted &&
          !review.definition->SameSigningGroup(review.definition->StageIndex(it->second),
                                               review.definition->StageIndex(decision.stage_key))) {
        return Broken("I4", absl::StrCat(decision.person_id,
                                         " decided on two stages outside one signing group"));
      }
    }
  }
  for (const Finding& finding : review.findings) {
    if (finding.overridden && (Blank(finding.override_reason) || finding.overridden_by.empty())) {
      return Broken("I5", absl::StrCat("finding ", finding.id, " overridden without reason"));
    }
  }
  if ((review.state == ReviewState::kReturned || review.state == ReviewState::kWithdrawn ||
       review.state == ReviewState::kCancelled) &&
      Blank(review.end_reason)) {
    return Broken("I6", "an ended review does not say why");
  }
  return absl::OkStatus();
}

}  // namespace reportflow::workflow
