#include "services/review/domain/notifications.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "workflow/definition.h"
#include "workflow/engine.h"

namespace reportflow::review {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class NotificationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<workflow::ShippedWorkflows> shipped = workflow::LoadShippedWorkflows();
    ASSERT_TRUE(shipped.ok());
    workflow::ReviewInput input;
    input.definition = shipped->definitions.at("gov-interleaved");
    input.unit = "jinkouhe-gov-office";
    input.report_version = "reports/r-1/versions/2";
    input.digest = std::string(64, 'a');
    input.submitter_id = "u-zhangwei";
    input.author_ids = {"u-zhangwei", "u-liming"};
    absl::StatusOr<workflow::Transition> started = workflow::StartReview(input);
    ASSERT_TRUE(started.ok());
    review_ = started->review;
    absl::StatusOr<workflow::Transition> checked =
        workflow::Apply(review_, System(), workflow::Action::CompleteMachineCheck({}), absl::Now());
    ASSERT_TRUE(checked.ok()) << checked.status();
    review_ = checked->review;
  }
  static workflow::Person System() {
    return {"system", "系统", {std::string(workflow::kSystemRole)}, {}};
  }
  ReviewSummary Summary() const {
    return {7, "reports/r-1/versions/2", "金口河区人民政府办公室2024年度部门决算",
            absl::FromUnixMicros(1764554400123456)};
  }
  workflow::Review review_;
};

TEST_F(NotificationsTest, TheWaitingStageIsAnnouncedToItsRoleOncePerActivation) {
  std::vector<notification::v1::NotifyRequest> due = NotificationsAfter(Summary(), review_, {});
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind(), notification::v1::EVENT_KIND_TASK_ACTIVE);
  EXPECT_EQ(due[0].event(), "n-7-proofread-1-1764554400123456");
  EXPECT_LE(due[0].event().size(), 64u) << "the outbox's request id";
  EXPECT_EQ(due[0].role(), "proofread_1");
  EXPECT_EQ(due[0].unit(), "jinkouhe-gov-office");
  EXPECT_EQ(due[0].link(), "/reviews/7");
  EXPECT_EQ(due[0].title(), "待审校：金口河区人民政府办公室2024年度部门决算（第 2 版，一校）");
  EXPECT_TRUE(due[0].people().empty());
}

TEST_F(NotificationsTest, AReturnTellsTheDraftersWithTheReasonAndNoStageWaits) {
  workflow::Person lina{"u-lina", "李娜", {"proofread_1"}, {"jinkouhe-gov-office"}};
  absl::StatusOr<workflow::Transition> returned = workflow::Apply(
      review_, lina,
      workflow::Action::Return("proofread-1", workflow::ReturnTarget::kDrafters, "缺少计量单位"),
      absl::Now());
  ASSERT_TRUE(returned.ok()) << returned.status();
  std::vector<notification::v1::NotifyRequest> due =
      NotificationsAfter(Summary(), returned->review, returned->events);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind(), notification::v1::EVENT_KIND_REVIEW_RETURNED);
  EXPECT_EQ(due[0].event(), "n-7-returned");
  EXPECT_THAT(due[0].people(), ElementsAre("people/u-zhangwei", "people/u-liming"))
      << "the submitter and each author once";
  EXPECT_EQ(due[0].role(), "");
  EXPECT_THAT(due[0].text(), HasSubstr("缺少计量单位"));
}

}  // namespace
}  // namespace reportflow::review
