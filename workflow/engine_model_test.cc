// Randomized model-based test of the workflow engine: thousands of random
// action sequences by random people against both shipped definitions. After
// every step it checks the engine's invariants and, against an independent
// model of the rules, that what succeeded was allowed and what was refused
// was refused for a reason.
//
// Reproducible: sequence i uses seed base+i, printed on failure. Set
// RF_WORKFLOW_MODEL_SEED (base) and RF_WORKFLOW_MODEL_SEQUENCES to explore.
#include <algorithm>
#include <cstdlib>
#include <random>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "workflow/engine.h"

namespace reportflow::workflow {
namespace {

constexpr char kUnit[] = "unit-a";
const absl::Time kNow = absl::FromUnixSeconds(1795000000);

uint64_t EnvOr(const char* name, uint64_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::strtoull(value, nullptr, 10) : fallback;
}

// The cast: two holders of every stage role, an author who also reviews, a
// person with three roles, an outsider, the submitter and the system.
std::vector<Person> Cast() {
  std::vector<Person> people;
  for (const char* role :
       {"proofread_1", "review_1", "proofread_2", "review_2", "proofread_3", "review_3"}) {
    for (const char* suffix : {"a", "b"}) {
      people.push_back({absl::StrCat("u-", role, "-", suffix), "", {role}, {kUnit}});
    }
  }
  people.push_back({"u-author", "", {"drafter", "review_1", "proofread_2"}, {kUnit}});
  people.push_back({"u-many", "", {"proofread_1", "review_2", "review_3"}, {kUnit}});
  people.push_back({"u-outsider", "", {"review_3", "proofread_1"}, {"unit-b"}});
  people.push_back({"u-submitter", "", {"drafter"}, {kUnit}});
  people.push_back({"svc-review", "", {std::string(kSystemRole)}, {}});
  return people;
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// The model's own view of the rules, written apart from the engine.
bool ModelMayActOn(const Review& review, const Person& person, int stage) {
  const Definition& definition = *review.definition;
  if (!definition.IsHuman(stage) || !person.InUnit(review.unit) ||
      !person.HasRole(definition.stage(stage).role())) {
    return false;
  }
  if (!definition.AllowAuthors() && Contains(review.author_ids, person.id)) {
    return false;
  }
  if (!definition.AllowSamePersonMultipleStages()) {
    for (const auto& decision : review.decisions) {
      if (decision.person_id == person.id && decision.stage_key != definition.stage(stage).key()) {
        return false;
      }
    }
  }
  return true;
}

int ModelOpenBlockingItems(const Review& review) {
  int open = 0;
  for (const Finding& finding : review.findings) {
    open += finding.severity == Severity::kError && !finding.overridden;
  }
  for (const Comment& comment : review.comments) {
    open += comment.blocking && !comment.resolved;
  }
  return open;
}

class Walker {
 public:
  Walker(uint64_t seed, std::shared_ptr<const Definition> definition)
      : random_(seed), definition_(std::move(definition)), people_(Cast()) {}

  // Runs one sequence; returns the final review.
  Review Run(int steps) {
    absl::StatusOr<Transition> started = StartReview({definition_,
                                                      kUnit,
                                                      "reports/r/versions/1",
                                                      Digest(),
                                                      "u-submitter",
                                                      {"u-submitter", "u-author"}});
    EXPECT_TRUE(started.ok());
    Review review = started->review;
    for (int step = 0; step < steps && !::testing::Test::HasFailure(); ++step) {
      SCOPED_TRACE(absl::StrCat("step ", step));
      const Person& person = PickPerson(review);
      const Action action = PickAction(review);
      Step(review, person, action);
    }
    return review;
  }

 private:
  static std::string Digest() { return std::string(64, 'd'); }

  bool Chance(double p) { return std::uniform_real_distribution<>(0, 1)(random_) < p; }
  size_t Below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random_); }
  std::string Reason() { return Chance(0.9) ? "理由" : (Chance(0.5) ? "" : "  "); }

  const Person& PickPerson(const Review& review) {
    // Half the time someone who may act on the active stage, so that reviews
    // do reach their end; otherwise anyone.
    if (!review.IsTerminal() && Chance(0.5)) {
      std::vector<const Person*> eligible;
      for (const Person& person : people_) {
        if (ModelMayActOn(review, person, review.active_stage) ||
            (!definition_->IsHuman(review.active_stage) && person.IsSystem())) {
          eligible.push_back(&person);
        }
      }
      if (!eligible.empty()) {
        return *eligible[Below(eligible.size())];
      }
    }
    return people_[Below(people_.size())];
  }

  std::string AnyStageKey(const Review& review) {
    if (!review.IsTerminal() && Chance(0.8)) {
      return definition_->stage(review.active_stage).key();
    }
    return Chance(0.1) ? "no-such-stage"
                       : definition_->stage(Below(definition_->stage_count())).key();
  }

  Action PickAction(const Review& review) {
    const size_t kind = Below(100);
    if (kind < 40) {
      return Action::Approve(AnyStageKey(review), Chance(0.85) ? Digest() : std::string(64, 'e'),
                             "同意");
    }
    if (kind < 52) {
      const size_t target = Below(3);
      return Action::Return(AnyStageKey(review),
                            target == 0   ? ReturnTarget::kDrafters
                            : target == 1 ? ReturnTarget::kPreviousStage
                                          : ReturnTarget::kNamedStage,
                            Reason(), definition_->stage(Below(definition_->stage_count())).key());
    }
    if (kind < 55) {
      return Action::Withdraw(Reason());
    }
    if (kind < 57) {
      return Action::Cancel(Reason());
    }
    if (kind < 67) {
      std::vector<Finding> findings;
      for (size_t i = Below(3); i > 0; --i) {
        Finding finding;
        finding.id = absl::StrCat("f-", next_id_++);
        finding.severity = Chance(0.5) ? Severity::kError : Severity::kWarning;
        findings.push_back(finding);
      }
      if (Chance(0.05) && !findings.empty()) {
        findings.push_back(findings.front());  // a duplicate id
      }
      return Action::CompleteMachineCheck(findings);
    }
    if (kind < 77) {
      std::string id = review.findings.empty() || Chance(0.1)
                           ? "f-missing"
                           : review.findings[Below(review.findings.size())].id;
      return Action::OverrideFinding(id, Reason());
    }
    if (kind < 87) {
      std::string id = !review.comments.empty() && Chance(0.1)
                           ? review.comments[Below(review.comments.size())].id
                           : absl::StrCat("c-", next_id_++);
      return Action::AddComment(id, Chance(0.5));
    }
    std::string id = review.comments.empty() || Chance(0.1)
                         ? "c-missing"
                         : review.comments[Below(review.comments.size())].id;
    return Action::ResolveComment(id);
  }

  void Step(Review& review, const Person& person, const Action& action) {
    SCOPED_TRACE(
        absl::StrCat(ActionKindName(action.kind), " by ", person.id, " stage=", action.stage_key));
    const std::vector<ActionKind> allowed = AllowedActions(review, person, kNow);
    const bool was_allowed =
        std::find(allowed.begin(), allowed.end(), action.kind) != allowed.end();
    absl::StatusOr<Transition> result = Apply(review, person, action, kNow);

    if (review.IsTerminal()) {
      ASSERT_FALSE(result.ok()) << "an action was accepted after a terminal state";
      EXPECT_TRUE(allowed.empty()) << "actions offered after a terminal state";
      return;
    }
    if (!result.ok()) {
      const absl::StatusCode code = result.status().code();
      EXPECT_THAT(code, ::testing::AnyOf(
                            absl::StatusCode::kInvalidArgument, absl::StatusCode::kPermissionDenied,
                            absl::StatusCode::kFailedPrecondition, absl::StatusCode::kNotFound,
                            absl::StatusCode::kAlreadyExists))
          << result.status();
      EXPECT_FALSE(result.status().message().empty());
      const bool plain_approve =
          action.kind == ActionKind::kApprove &&
          action.stage_key == definition_->stage(review.active_stage).key() &&
          action.digest == review.digest;
      EXPECT_FALSE(plain_approve && was_allowed)
          << "approve was offered but refused: " << result.status();
      return;
    }
    EXPECT_TRUE(was_allowed) << "succeeded although not among the allowed actions";
    const Review& after = result->review;
    switch (action.kind) {
      case ActionKind::kApprove: {
        const int stage = definition_->StageIndex(action.stage_key);
        EXPECT_EQ(stage, review.active_stage);
        EXPECT_EQ(action.digest, review.digest) << "approved with another digest";
        EXPECT_TRUE(ModelMayActOn(review, person, stage)) << "approved by an ineligible person";
        if (definition_->IsBlocking(stage)) {
          EXPECT_EQ(ModelOpenBlockingItems(review), 0) << "blocking stage approved with open items";
        }
        break;
      }
      case ActionKind::kReturn:
        EXPECT_FALSE(absl::StripAsciiWhitespace(action.text).empty());
        EXPECT_TRUE(ModelMayActOn(review, person, review.active_stage));
        break;
      case ActionKind::kWithdraw:
        EXPECT_EQ(person.id, review.submitter_id);
        EXPECT_TRUE(review.decisions.empty());
        break;
      case ActionKind::kCancel:
      case ActionKind::kCompleteMachineCheck:
        EXPECT_TRUE(person.IsSystem());
        break;
      case ActionKind::kOverrideFinding:
        EXPECT_TRUE(definition_->AllowOverride());
        EXPECT_FALSE(absl::StripAsciiWhitespace(action.text).empty());
        break;
      case ActionKind::kAddComment:
      case ActionKind::kResolveComment:
        EXPECT_TRUE(person.InUnit(review.unit));
        break;
    }
    absl::Status invariants = CheckInvariants(after);
    ASSERT_TRUE(invariants.ok()) << invariants;
    review = after;
  }

  std::mt19937_64 random_;
  std::shared_ptr<const Definition> definition_;
  std::vector<Person> people_;
  int next_id_ = 0;
};

class WorkflowModelTest : public ::testing::TestWithParam<std::string> {};

TEST_P(WorkflowModelTest, RandomSequencesKeepEveryInvariant) {
  absl::StatusOr<ShippedWorkflows> shipped = LoadShippedWorkflows();
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  const std::shared_ptr<const Definition> definition = shipped->definitions.at(GetParam());
  const uint64_t base = EnvOr("RF_WORKFLOW_MODEL_SEED", 20261124);
  const uint64_t sequences = EnvOr("RF_WORKFLOW_MODEL_SEQUENCES", 2000);
  int ended[5] = {0, 0, 0, 0, 0};
  for (uint64_t i = 0; i < sequences && !HasFailure(); ++i) {
    const uint64_t seed = base + i;
    SCOPED_TRACE(absl::StrCat("definition ", GetParam(), ", seed ", seed,
                              " (rerun: RF_WORKFLOW_MODEL_SEED=", seed,
                              " RF_WORKFLOW_MODEL_SEQUENCES=1)"));
    Review review = Walker(seed, definition).Run(/*steps=*/60);
    ++ended[static_cast<int>(review.state)];
  }
  // The walk must actually reach every ending, or the checks above are idle.
  if (sequences >= 1000) {
    EXPECT_GT(ended[static_cast<int>(ReviewState::kApproved)], static_cast<int>(sequences / 50));
    EXPECT_GT(ended[static_cast<int>(ReviewState::kReturned)], 0);
    EXPECT_GT(ended[static_cast<int>(ReviewState::kWithdrawn)], 0);
    EXPECT_GT(ended[static_cast<int>(ReviewState::kCancelled)], 0);
  }
  std::cout << GetParam() << ": " << sequences << " sequences from seed " << base << ": approved "
            << ended[1] << ", returned " << ended[2] << ", withdrawn " << ended[3] << ", cancelled "
            << ended[4] << ", still in progress " << ended[0] << "\n";
}

INSTANTIATE_TEST_SUITE_P(ShippedDefinitions, WorkflowModelTest,
                         ::testing::Values("gov-interleaved", "publishing-house"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace reportflow::workflow
