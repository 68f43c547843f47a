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
  // What an action link is made from: the task, its digest and activation.
  EXPECT_EQ(due[0].task(), "reviews/7/tasks/proofread-1");
  EXPECT_EQ(due[0].digest(), std::string(64, 'a'));
  EXPECT_EQ(due[0].activate_time().seconds(), 1764554400);
  EXPECT_EQ(due[0].activate_time().nanos(), 123456000);
}

TEST_F(NotificationsTest, AReturnTellsTheDraftersAndEveryEarlierSignerWithTheComments) {
  workflow::Person lina{"u-lina", "李娜", {"proofread_1"}, {"jinkouhe-gov-office"}};
  absl::StatusOr<workflow::Transition> approved = workflow::Apply(
      review_, lina, workflow::Action::Approve("proofread-1", std::string(64, 'a'), "同意"),
      absl::Now());
  ASSERT_TRUE(approved.ok()) << approved.status();
  workflow::Person wang{"u-wangqiang", "王强", {"review_1"}, {"jinkouhe-gov-office"}};
  absl::StatusOr<workflow::Transition> returned = workflow::Apply(
      approved->review, wang,
      workflow::Action::Return("review-1", workflow::ReturnTarget::kDrafters, "缺少计量单位"),
      absl::Now());
  ASSERT_TRUE(returned.ok()) << returned.status();
  ReviewSummary summary = Summary();
  summary.returned_comments = {"“决算数为 1080.02”后缺少“万元”（王强）", "表格单位不一致（王强）"};
  std::vector<notification::v1::NotifyRequest> due =
      NotificationsAfter(summary, returned->review, returned->events);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_THAT(due[0].people(), ElementsAre("people/u-zhangwei", "people/u-liming", "people/u-lina"))
      << "the drafters, then 一校 who signed before the return (the machine is nobody)";
  EXPECT_EQ(due[0].text(),
            "退回理由：缺少计量单位\n退回意见（2 条）：\n1. “决算数为 1080.02”后缺少“万元”（王强）"
            "\n2. 表格单位不一致（王强）");
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

TEST_F(NotificationsTest, AnOverriddenFindingIsToldToTheUnitHeadWithTheReason) {
  const workflow::Event overridden{workflow::EventKind::kFindingOverridden, "u-zhaolei", "",
                                   "3: 表内数字已与财政批复核对"};
  std::vector<notification::v1::NotifyRequest> due =
      NotificationsAfter(Summary(), review_, {overridden});
  ASSERT_EQ(due.size(), 2u) << "the override, and the stage still waiting";
  EXPECT_EQ(due[0].kind(), notification::v1::EVENT_KIND_FINDING_OVERRIDDEN);
  EXPECT_EQ(due[0].event(), "n-7-override-3");
  EXPECT_EQ(due[0].role(), "unit_head");
  EXPECT_EQ(due[0].title(),
            "错误被豁免：金口河区人民政府办公室2024年度部门决算（第 2 版，第 3 项）");
  EXPECT_THAT(due[0].text(), HasSubstr("第 3 项"));
  EXPECT_THAT(due[0].text(), HasSubstr("豁免理由：表内数字已与财政批复核对"));
  EXPECT_EQ(due[1].kind(), notification::v1::EVENT_KIND_TASK_ACTIVE);
}

TEST_F(NotificationsTest, UrgingIsOnceInFourHoursPerActivation) {
  const absl::Time active = absl::FromUnixSeconds(1764554400);
  EXPECT_EQ(NextUrgeAllowed(std::nullopt, active), active);
  EXPECT_EQ(NextUrgeAllowed(active + absl::Hours(1), active), active + absl::Hours(5));
  // Urged while an earlier stage waited: the new stage may be urged at once.
  EXPECT_EQ(NextUrgeAllowed(active - absl::Minutes(1), active), active);
  const absl::Time now = active + absl::Hours(30);
  notification::v1::NotifyRequest urge =
      UrgeNotification(Summary(), review_, "张伟", "请今天签", now);
  EXPECT_EQ(urge.kind(), notification::v1::EVENT_KIND_TASK_URGED);
  EXPECT_EQ(urge.event(), absl::StrCat("n-7-proofread-1-urge-", absl::ToUnixMicros(now)));
  EXPECT_LE(urge.event().size(), 64u);
  EXPECT_EQ(urge.role(), "proofread_1");
  EXPECT_EQ(urge.title(), "催办：金口河区人民政府办公室2024年度部门决算（第 2 版，一校）");
  EXPECT_EQ(urge.text(), "张伟 催办：第 2 版仍在等待一校签署。附言：请今天签");
}

}  // namespace
}  // namespace reportflow::review
