#include "workflow/engine.h"

#include <functional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace reportflow::workflow {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

const absl::Time kNow = absl::FromUnixSeconds(1795000000);
constexpr char kUnit[] = "jinkouhe-gov-office";
constexpr char kDigest[] = "9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345678901234567890abcdef01";

Person Someone(std::string id, std::vector<std::string> roles, std::string unit = kUnit) {
  return Person{id, id, std::move(roles), {std::move(unit)}};
}

const Person kDrafter = Someone("u-drafter", {"drafter"});
const Person kAuthorReviewer = Someone("u-author2", {"drafter", "review_1"});
const Person kP1 = Someone("u-p1", {"proofread_1"});
const Person kR1 = Someone("u-r1", {"review_1"});
const Person kP2 = Someone("u-p2", {"proofread_2"});
const Person kR2 = Someone("u-r2", {"review_2"});
const Person kP3 = Someone("u-p3", {"proofread_3"});
const Person kR3 = Someone("u-r3", {"review_3"});
const Person kMulti = Someone("u-multi", {"proofread_1", "review_1", "review_3"});
const Person kOutsider = Someone("u-out", {"review_1", "proofread_1"}, "another-unit");
const Person kSystem = Someone("svc-review", {"service:review"}, "");

const ShippedWorkflows& Shipped() {
  static const ShippedWorkflows* shipped = [] {
    absl::StatusOr<ShippedWorkflows> loaded = LoadShippedWorkflows();
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return new ShippedWorkflows(*std::move(loaded));
  }();
  return *shipped;
}

std::shared_ptr<const Definition> Gov() { return Shipped().definitions.at("gov-interleaved"); }
std::shared_ptr<const Definition> House() { return Shipped().definitions.at("publishing-house"); }

// Who signs each stage in the happy path.
const Person& SignerOf(absl::string_view key) {
  if (key == "proofread-1") return kP1;
  if (key == "review-1") return kR1;
  if (key == "proofread-2") return kP2;
  if (key == "review-2") return kR2;
  if (key == "proofread-3") return kP3;
  return kR3;
}

Review Start(std::shared_ptr<const Definition> definition) {
  absl::StatusOr<Transition> started = StartReview({std::move(definition),
                                                    kUnit,
                                                    "reports/r-1/versions/1",
                                                    kDigest,
                                                    "u-drafter",
                                                    {"u-drafter", "u-author2"}});
  EXPECT_TRUE(started.ok()) << started.status();
  return started->review;
}

Review Must(const Review& review, const Person& person, const Action& action) {
  absl::StatusOr<Transition> next = Apply(review, person, action, kNow);
  EXPECT_TRUE(next.ok()) << ActionKindName(action.kind) << " by " << person.id << ": "
                         << next.status();
  EXPECT_TRUE(CheckInvariants(next->review).ok()) << CheckInvariants(next->review);
  return next.ok() ? next->review : review;
}

const std::string& ActiveKey(const Review& review) {
  return review.definition->stage(review.active_stage).key();
}

// Drives `review` forward until `key` is active (machine check without findings).
Review AdvanceTo(Review review, absl::string_view key, std::vector<Finding> findings = {}) {
  while (!review.IsTerminal() && ActiveKey(review) != key) {
    if (!review.definition->IsHuman(review.active_stage)) {
      review = Must(review, kSystem, Action::CompleteMachineCheck(findings));
    } else {
      review = Must(review, SignerOf(ActiveKey(review)),
                    Action::Approve(ActiveKey(review), kDigest, "同意"));
    }
  }
  return review;
}

Finding MakeFinding(std::string id, Severity severity) {
  Finding finding;
  finding.id = std::move(id);
  finding.severity = severity;
  return finding;
}

Finding Error(std::string id) { return MakeFinding(std::move(id), Severity::kError); }

TEST(Engine, GovInterleavedRunsToApprovalBySixPeople) {
  absl::StatusOr<Transition> started =
      StartReview({Gov(), kUnit, "reports/r-1/versions/1", kDigest, "u-drafter", {"u-drafter"}});
  ASSERT_TRUE(started.ok());
  EXPECT_EQ(started->events[0].kind, EventKind::kReviewStarted);
  Review review = Must(started->review, kSystem, Action::CompleteMachineCheck({}));
  std::vector<std::string> order;
  absl::StatusOr<Transition> last;
  while (!review.IsTerminal()) {
    order.push_back(review.definition->stage(review.active_stage).display_name());
    last = Apply(review, SignerOf(ActiveKey(review)),
                 Action::Approve(ActiveKey(review), kDigest, "同意"), kNow);
    ASSERT_TRUE(last.ok()) << last.status();
    review = last->review;
  }
  EXPECT_THAT(order, ElementsAre("一校", "初审", "二校", "复审", "三校", "终审"));
  EXPECT_EQ(review.state, ReviewState::kApproved);
  ASSERT_EQ(last->events.size(), 2u);
  EXPECT_EQ(last->events[0].kind, EventKind::kStageApproved);
  EXPECT_EQ(last->events[1].kind, EventKind::kReviewApproved);
  EXPECT_EQ(review.stages.back().actor_id, "u-r3");
  EXPECT_EQ(review.stages.back().approved_digest, kDigest);
  EXPECT_TRUE(CheckInvariants(review).ok());
}

TEST(Engine, StartReviewRequiresItsInputs) {
  absl::StatusOr<Transition> missing = StartReview({Gov(), kUnit, "v", "", "u-drafter", {}});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("digest"));
  EXPECT_EQ(StartReview({nullptr, kUnit, "v", kDigest, "u", {}}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// One refused action: the state it starts from, who acts, what, and the code
// and rule the refusal must name.
struct Refusal {
  std::string name;
  std::function<Review()> state;
  Person person;
  Action action;
  absl::StatusCode code;
  std::string rule;
};

std::ostream& operator<<(std::ostream& out, const Refusal& r) { return out << r.name; }

class RefusalTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(RefusalTest, IsRefusedWithCodeAndRule) {
  const Review before = GetParam().state();
  absl::StatusOr<Transition> result = Apply(before, GetParam().person, GetParam().action, kNow);
  ASSERT_FALSE(result.ok()) << "expected a refusal";
  EXPECT_EQ(result.status().code(), GetParam().code) << result.status();
  EXPECT_THAT(std::string(result.status().message()), HasSubstr(GetParam().rule));
}

Review AtProofread1() { return AdvanceTo(Start(Gov()), "proofread-1"); }
Review AtReview1() { return AdvanceTo(Start(Gov()), "review-1"); }
Review AtFinal() { return AdvanceTo(Start(Gov()), "review-3"); }
Review AtFinalWithError() { return AdvanceTo(Start(Gov()), "review-3", {Error("f-1")}); }
Review AtFinalWithWarning() {
  return AdvanceTo(Start(Gov()), "review-3", {MakeFinding("w-1", Severity::kWarning)});
}
Review AtFinalWithBlockingComment() {
  Review review = AdvanceTo(Start(Gov()), "review-3");
  return Must(review, kP2, Action::AddComment("c-1", /*blocking=*/true));
}
Review MultiSignedProofread1() {
  Review review = AdvanceTo(Start(Gov()), "proofread-1");
  return Must(review, kMulti, Action::Approve("proofread-1", kDigest, "同意"));
}
Review MultiReturnedFromReview1() {
  Review review = AdvanceTo(Start(Gov()), "review-1");
  return Must(review, kMulti, Action::Return("review-1", ReturnTarget::kPreviousStage, "数字待核"));
}
Review Approved() { return Must(AtFinal(), kR3, Action::Approve("review-3", kDigest, "同意")); }
Review Returned() {
  return Must(AtReview1(), kR1, Action::Return("review-1", ReturnTarget::kDrafters, "表5合计不符"));
}
Review Withdrawn() {
  return Must(AdvanceTo(Start(Gov()), "proofread-1"), kDrafter, Action::Withdraw("发现错字"));
}
Review Cancelled() { return Must(AtReview1(), kSystem, Action::Cancel("被第2版取代")); }

std::shared_ptr<const Definition> Custom(const std::string& policy) {
  const std::string text =
      "id: \"custom\"\ndisplay_name: \"自定义\"\n"
      "stages { key: \"proofread-1\" display_name: \"一校\" kind: STAGE_KIND_PROOFREAD role: "
      "\"proofread_1\" }\n"
      "stages { key: \"review-1\" display_name: \"初审\" kind: STAGE_KIND_REVIEW role: "
      "\"review_1\" }\n" +
      policy;
  absl::StatusOr<std::shared_ptr<const Definition>> definition =
      Definition::Parse(text, "custom.textproto", Shipped().roles);
  EXPECT_TRUE(definition.ok()) << definition.status();
  return *definition;
}

Review NoOverrideAllowedWithComment() {
  Review review = Start(Custom("findings_policy { blocking_stages: \"review-1\" }\n"));
  review = Must(review, kP1, Action::AddComment("c-1", true));
  return review;
}

using Code = absl::StatusCode;

INSTANTIATE_TEST_SUITE_P(
    Rules, RefusalTest,
    ::testing::Values(
        // Who may act.
        Refusal{"ApproveWithoutRole", AtReview1, kP1, Action::Approve("review-1", kDigest, ""),
                Code::kPermissionDenied, "requires role review_1"},
        Refusal{"ApproveFromAnotherUnit", AtReview1, kOutsider,
                Action::Approve("review-1", kDigest, ""), Code::kPermissionDenied,
                "not a member of the unit"},
        Refusal{"ApproveByAuthor", AtReview1, kAuthorReviewer,
                Action::Approve("review-1", kDigest, ""), Code::kPermissionDenied,
                "authors of the version may not act"},
        Refusal{"ApproveSecondStageAfterSigning", MultiSignedProofread1, kMulti,
                Action::Approve("review-1", kDigest, ""), Code::kPermissionDenied,
                "已在一校签署，不能再签署初审"},
        Refusal{"ApproveAnotherStageAfterReturning", MultiReturnedFromReview1, kMulti,
                Action::Approve("proofread-1", kDigest, ""), Code::kPermissionDenied,
                "已在初审退回，不能再签署一校"},
        Refusal{"ReturnByAuthor", AtReview1, kAuthorReviewer,
                Action::Return("review-1", ReturnTarget::kDrafters, "x"), Code::kPermissionDenied,
                "authors of the version"},
        // What may be acted on.
        Refusal{"ApproveStageNotActive", AtReview1, kR2, Action::Approve("review-2", kDigest, ""),
                Code::kFailedPrecondition, "only the active stage"},
        Refusal{"ApproveUnknownStage", AtReview1, kR1, Action::Approve("review-9", kDigest, ""),
                Code::kInvalidArgument, "stage_key"},
        Refusal{"HumanApprovesAutomaticStage", [] { return Start(Gov()); }, kP1,
                Action::Approve("machine-check", kDigest, ""), Code::kFailedPrecondition,
                "completed by the system"},
        Refusal{"HumanCompletesMachineCheck", [] { return Start(Gov()); }, kP1,
                Action::CompleteMachineCheck({}), Code::kPermissionDenied, "system action"},
        Refusal{"MachineCheckWhenHumanStageActive", AtProofread1, kSystem,
                Action::CompleteMachineCheck({}), Code::kFailedPrecondition,
                "no automatic stage is active"},
        Refusal{"MachineCheckDuplicateFindingIds", [] { return Start(Gov()); }, kSystem,
                Action::CompleteMachineCheck({Error("f"), Error("f")}), Code::kInvalidArgument,
                "ids must be unique"},
        // Approval is bound to content.
        Refusal{"ApproveOtherDigest", AtReview1, kR1,
                Action::Approve("review-1", std::string(64, 'a'), ""), Code::kFailedPrecondition,
                "approval names a different digest"},
        // Blocking findings and comments.
        Refusal{"FinalBlockedByMachineError", AtFinalWithError, kR3,
                Action::Approve("review-3", kDigest, ""), Code::kFailedPrecondition,
                "未豁免的机器校对错误 1 条"},
        Refusal{"FinalBlockedByBlockingComment", AtFinalWithBlockingComment, kR3,
                Action::Approve("review-3", kDigest, ""), Code::kFailedPrecondition,
                "未解决的阻断性意见 1 条"},
        Refusal{"OverrideWithoutReason", AtFinalWithError, kR3, Action::OverrideFinding("f-1", " "),
                Code::kInvalidArgument, "an override needs a reason"},
        Refusal{"OverrideUnknownFinding", AtFinalWithError, kR3,
                Action::OverrideFinding("f-9", "已核实"), Code::kNotFound, "unknown finding"},
        Refusal{"OverrideByNonBlockingStagePerson", AtFinalWithError, kP3,
                Action::OverrideFinding("f-1", "已核实"), Code::kPermissionDenied,
                "requires role review_3"},
        Refusal{"OverrideWarning", AtFinalWithWarning, kR3,
                Action::OverrideFinding("w-1", "已核实"), Code::kFailedPrecondition,
                "only errors block"},
        Refusal{
            "OverrideTwice",
            [] { return Must(AtFinalWithError(), kR3, Action::OverrideFinding("f-1", "已核实")); },
            kR3, Action::OverrideFinding("f-1", "再次"), Code::kFailedPrecondition,
            "already overridden"},
        Refusal{"OverrideNotAllowedByDefinition", NoOverrideAllowedWithComment, kR1,
                Action::OverrideFinding("f-1", "x"), Code::kFailedPrecondition,
                "does not allow overrides"},
        // Returns.
        Refusal{"ReturnWithoutReason", AtReview1, kR1,
                Action::Return("review-1", ReturnTarget::kDrafters, ""), Code::kInvalidArgument,
                "a return needs a reason"},
        Refusal{"ReturnWithIdeographicSpacesOnly", AtReview1, kR1,
                Action::Return("review-1", ReturnTarget::kDrafters, "\u3000\u3000\u3000"),
                Code::kInvalidArgument, "a return needs a reason"},
        Refusal{"OverrideWithIdeographicSpacesOnly", AtFinalWithError, kR3,
                Action::OverrideFinding("f-1", "\u3000\u00a0"), Code::kInvalidArgument,
                "an override needs a reason"},
        Refusal{"ReturnToPreviousFromFirstHumanStage", AtProofread1, kP1,
                Action::Return("proofread-1", ReturnTarget::kPreviousStage, "x"),
                Code::kFailedPrecondition, "no earlier human stage"},
        Refusal{"ReturnToLaterStage", AtReview1, kR1,
                Action::Return("review-1", ReturnTarget::kNamedStage, "x", "review-2"),
                Code::kFailedPrecondition, "a return goes to an earlier stage"},
        Refusal{"ReturnToAutomaticStage", AtReview1, kR1,
                Action::Return("review-1", ReturnTarget::kNamedStage, "x", "machine-check"),
                Code::kFailedPrecondition, "a return goes to a human stage"},
        Refusal{"ReturnToUnknownStage", AtReview1, kR1,
                Action::Return("review-1", ReturnTarget::kNamedStage, "x", "review-9"),
                Code::kInvalidArgument, "target_stage"},
        // Withdraw and cancel.
        Refusal{"WithdrawByOtherPerson", AtProofread1, kP1, Action::Withdraw("x"),
                Code::kPermissionDenied, "only the submitter may withdraw"},
        Refusal{"WithdrawAfterFirstHumanStage", AtReview1, kDrafter, Action::Withdraw("x"),
                Code::kFailedPrecondition, "before the first human stage acts"},
        Refusal{"CancelByPerson", AtReview1, kR1, Action::Cancel("x"), Code::kPermissionDenied,
                "cancel is a system action"},
        Refusal{"CancelWithoutReason", AtReview1, kSystem, Action::Cancel(""),
                Code::kInvalidArgument, "reason required"},
        // Comments.
        Refusal{"CommentByNonReviewer", AtReview1, kDrafter, Action::AddComment("c-1", true),
                Code::kPermissionDenied, "only the unit's reviewers comment"},
        Refusal{"CommentDuplicateId", AtFinalWithBlockingComment, kR3,
                Action::AddComment("c-1", false), Code::kAlreadyExists, "duplicate comment id"},
        Refusal{"ResolveUnknownComment", AtFinalWithBlockingComment, kR3,
                Action::ResolveComment("c-9"), Code::kNotFound, "unknown comment"},
        Refusal{"ResolveByUnrelatedPerson", AtFinalWithBlockingComment, kP1,
                Action::ResolveComment("c-1"), Code::kPermissionDenied,
                "only the comment's author or the active stage's reviewer"},
        Refusal{
            "ResolveTwice",
            [] { return Must(AtFinalWithBlockingComment(), kR3, Action::ResolveComment("c-1")); },
            kP2, Action::ResolveComment("c-1"), Code::kFailedPrecondition, "already resolved"},
        // Nothing after a terminal state.
        Refusal{"ApproveAfterApproved", Approved, kR3, Action::Approve("review-3", kDigest, ""),
                Code::kFailedPrecondition, "no action after a terminal state"},
        Refusal{"CommentAfterReturned", Returned, kR1, Action::AddComment("c-2", false),
                Code::kFailedPrecondition, "no action after a terminal state"},
        Refusal{"ApproveAfterReturned", Returned, kR1, Action::Approve("review-1", kDigest, ""),
                Code::kFailedPrecondition, "no action after a terminal state"},
        Refusal{"ApproveAfterWithdrawn", Withdrawn, kP1,
                Action::Approve("proofread-1", kDigest, ""), Code::kFailedPrecondition,
                "no action after a terminal state"},
        Refusal{"CancelAfterCancelled", Cancelled, kSystem, Action::Cancel("again"),
                Code::kFailedPrecondition, "no action after a terminal state"},
        Refusal{"WithdrawAfterApproved", Approved, kDrafter, Action::Withdraw("x"),
                Code::kFailedPrecondition, "no action after a terminal state"}),
    [](const ::testing::TestParamInfo<Refusal>& info) { return info.param.name; });

TEST(Engine, WarningsAndNonBlockingCommentsDoNotBlock) {
  Review review = AtFinalWithWarning();
  review = Must(review, kP2, Action::AddComment("c-1", /*blocking=*/false));
  review = Must(review, kR3, Action::Approve("review-3", kDigest, "同意"));
  EXPECT_EQ(review.state, ReviewState::kApproved);
}

TEST(Engine, OverrideAndResolveUnblockTheFinalStage) {
  Review review = AtFinalWithError();
  review = Must(review, kP2, Action::AddComment("c-1", /*blocking=*/true));
  review = Must(review, kR3, Action::OverrideFinding("f-1", "经核对为模板口径差异"));
  EXPECT_EQ(review.findings[0].overridden_by, "u-r3");
  EXPECT_EQ(review.findings[0].override_reason, "经核对为模板口径差异");
  review = Must(review, kP2, Action::ResolveComment("c-1"));  // its author
  review = Must(review, kR3, Action::Approve("review-3", kDigest, "同意"));
  EXPECT_EQ(review.state, ReviewState::kApproved);
}

TEST(Engine, BlockingOnlyAppliesToTheBlockingStage) {
  Review review = AdvanceTo(Start(Gov()), "proofread-1", {Error("f-1")});
  review = Must(review, kP1, Action::Approve("proofread-1", kDigest, "同意"));
  EXPECT_EQ(ActiveKey(review), "review-1");
}

TEST(Engine, ReturnToDraftersEndsTheReviewReturned) {
  absl::StatusOr<Transition> returned = Apply(
      AtReview1(), kR1, Action::Return("review-1", ReturnTarget::kDrafters, "表5合计不符"), kNow);
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->review.state, ReviewState::kReturned);
  EXPECT_EQ(returned->review.end_reason, "表5合计不符");
  EXPECT_EQ(returned->review.stages[2].state, StageState::kReturned);
  EXPECT_EQ(returned->review.stages[3].state, StageState::kSkipped);
  ASSERT_EQ(returned->events.size(), 1u);
  EXPECT_EQ(returned->events[0].kind, EventKind::kReviewReturned);
}

TEST(Engine, RestartPolicyMakesEveryStageFromTheTargetSignAgain) {
  Review review = AdvanceTo(Start(Gov()), "review-2");
  review = Must(review, kR2,
                Action::Return("review-2", ReturnTarget::kNamedStage, "请重核", "review-1"));
  EXPECT_EQ(ActiveKey(review), "review-1");
  EXPECT_EQ(review.stages[3].state, StageState::kPending) << "二校 must sign again";
  EXPECT_EQ(review.stages[1].state, StageState::kApproved) << "一校 keeps its signature";
  review = Must(review, kR1, Action::Approve("review-1", kDigest, "已重核"));
  EXPECT_EQ(ActiveKey(review), "proofread-2");
  review = Must(review, kP2, Action::Approve("proofread-2", kDigest, "同意"));
  EXPECT_EQ(ActiveKey(review), "review-2");
}

TEST(Engine, ResumePolicyGoesBackToTheReturningStage) {
  Review review = AdvanceTo(Start(House()), "proofread-1");
  review = Must(review, kP1,
                Action::Return("proofread-1", ReturnTarget::kNamedStage, "口径待确认", "review-1"));
  EXPECT_EQ(ActiveKey(review), "review-1");
  EXPECT_EQ(review.stages[1].state, StageState::kApproved) << "复审 keeps its signature";
  review = Must(review, kR1, Action::Approve("review-1", kDigest, "已确认"));
  EXPECT_EQ(ActiveKey(review), "proofread-1") << "resumes at the returning stage";
}

TEST(Engine, ReturnToPreviousSkipsTheAutomaticStage) {
  Review review =
      Must(AtReview1(), kR1, Action::Return("review-1", ReturnTarget::kPreviousStage, "请复核"));
  EXPECT_EQ(ActiveKey(review), "proofread-1");
  EXPECT_EQ(review.stages[0].state, StageState::kApproved);
}

TEST(Engine, WithdrawBeforeAnyHumanActsAndCancelBySystem) {
  Review withdrawn = Withdrawn();
  EXPECT_EQ(withdrawn.state, ReviewState::kWithdrawn);
  EXPECT_EQ(withdrawn.end_reason, "发现错字");
  Review cancelled = Cancelled();
  EXPECT_EQ(cancelled.state, ReviewState::kCancelled);
  EXPECT_EQ(cancelled.end_reason, "被第2版取代");
}

TEST(Engine, PolicyKnobsCanAllowOnePersonSeveralStagesAndAuthors) {
  Review review = Start(Custom("allow_same_person_multiple_stages: true\nallow_authors: true\n"));
  review = Must(review, kMulti, Action::Approve("proofread-1", kDigest, ""));
  const Person author_reviewer = kAuthorReviewer;
  review = Must(review, author_reviewer, Action::Approve("review-1", kDigest, ""));
  EXPECT_EQ(review.state, ReviewState::kApproved);
  Review again = Start(Custom("allow_same_person_multiple_stages: true\n"));
  again = Must(again, kMulti, Action::Approve("proofread-1", kDigest, ""));
  review = Must(again, kMulti, Action::Approve("review-1", kDigest, ""));
  EXPECT_EQ(review.state, ReviewState::kApproved);
}

TEST(AllowedActions, ShowExactlyWhatEachPersonMayDoNow) {
  const absl::Time now = kNow;
  Review start = Start(Gov());
  EXPECT_THAT(AllowedActions(start, kDrafter, now), ElementsAre(ActionKind::kWithdraw));
  EXPECT_THAT(AllowedActions(start, kSystem, now),
              UnorderedElementsAre(ActionKind::kCancel, ActionKind::kCompleteMachineCheck));
  EXPECT_THAT(AllowedActions(start, kP1, now), ElementsAre(ActionKind::kAddComment));

  Review blocked = AtFinalWithError();
  EXPECT_THAT(AllowedActions(blocked, kR3, now),
              UnorderedElementsAre(ActionKind::kReturn, ActionKind::kOverrideFinding,
                                   ActionKind::kAddComment));
  EXPECT_THAT(AllowedActions(blocked, kOutsider, now), ::testing::IsEmpty());
  Review unblocked = Must(blocked, kR3, Action::OverrideFinding("f-1", "已核实"));
  EXPECT_THAT(
      AllowedActions(unblocked, kR3, now),
      UnorderedElementsAre(ActionKind::kApprove, ActionKind::kReturn, ActionKind::kAddComment));
  EXPECT_THAT(AllowedActions(Approved(), kR3, now), ::testing::IsEmpty());
}

TEST(CheckInvariants, NamesTheBrokenInvariant) {
  Review review = AtReview1();
  review.stages[1].approved_digest = "other";
  EXPECT_THAT(std::string(CheckInvariants(review).message()), HasSubstr("I2"));
  review = Approved();
  review.stages[2].actor_id = review.stages[1].actor_id;
  EXPECT_THAT(std::string(CheckInvariants(review).message()), HasSubstr("I3"));
  review = Returned();
  review.end_reason.clear();
  EXPECT_THAT(std::string(CheckInvariants(review).message()), HasSubstr("I6"));
  review = AtReview1();
  review.stages[1].state = StageState::kPending;
  EXPECT_THAT(std::string(CheckInvariants(review).message()), HasSubstr("I1"));
}

// A county office of three: one person signs 一校+初审, another 二校+复审
// +保密审查, the third 三校+终审+主要负责人审签. A fourth combination — a
// person of one group signing a stage of another — is refused.
TEST(ThreeSigners, ThreePeopleCompleteTheReviewAndAFourthCombinationIsRefused) {
  const std::shared_ptr<const Definition> definition =
      Shipped().definitions.at("gov-three-signers");
  const Person a = Someone("u-a", {"proofread_1", "review_1", "proofread_2"});
  const Person b = Someone("u-b", {"proofread_2", "review_2", "secrecy_reviewer", "proofread_3"});
  const Person c = Someone("u-c", {"proofread_3", "review_3", "unit_head"});
  Review review = Must(Start(definition), kSystem, Action::CompleteMachineCheck({}));
  review = Must(review, a, Action::Approve("proofread-1", kDigest, "校对无误"));
  review = Must(review, a, Action::Approve("review-1", kDigest, "同意"));
  // The same person on the next group: refused, although the role is held.
  absl::StatusOr<Transition> other_group =
      Apply(review, a, Action::Approve("proofread-2", kDigest, "x"), kNow);
  ASSERT_FALSE(other_group.ok());
  EXPECT_EQ(other_group.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(other_group.status().message()), HasSubstr("一校"));
  review = Must(review, b, Action::Approve("proofread-2", kDigest, "校对无误"));
  review = Must(review, b, Action::Approve("review-2", kDigest, "同意"));
  absl::StatusOr<Transition> b_again =
      Apply(review, b, Action::Approve("proofread-3", kDigest, "x"), kNow);
  ASSERT_FALSE(b_again.ok());
  EXPECT_EQ(b_again.status().code(), absl::StatusCode::kPermissionDenied);
  review = Must(review, c, Action::Approve("proofread-3", kDigest, "校对无误"));
  review = Must(review, c, Action::Approve("review-3", kDigest, "同意发布"));
  review = Must(review, b, Action::Approve("secrecy-review", kDigest, "不涉密，同意公开"));
  review = Must(review, c, Action::Approve("head-sign", kDigest, "同意"));
  EXPECT_EQ(review.state, ReviewState::kApproved);
  // Never the author, even within a group.
  Review fresh = Must(Start(definition), kSystem, Action::CompleteMachineCheck({}));
  const Person author = Someone("u-drafter", {"proofread_1", "review_1"});
  EXPECT_FALSE(Apply(fresh, author, Action::Approve("proofread-1", kDigest, "x"), kNow).ok());
}

}  // namespace
}  // namespace reportflow::workflow
