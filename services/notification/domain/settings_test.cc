#include "services/notification/domain/settings.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/disclosure_deadline.h"
#include "services/common/status_matchers.h"

namespace reportflow::notification {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;
using ::testing::HasSubstr;

absl::Time China(int y, int m, int d, int h, int min) {
  return absl::FromCivil(absl::CivilMinute(y, m, d, h, min), ChinaTime());
}

TEST(QuietHoursTest, AWindowAcrossMidnightHoldsMessagesUntilItsEnd) {
  const QuietWindow night{22 * 60, 7 * 60 + 30};
  EXPECT_EQ(AfterQuietHours(night, China(2026, 2, 13, 21, 59)), China(2026, 2, 13, 21, 59));
  EXPECT_EQ(AfterQuietHours(night, China(2026, 2, 13, 22, 0)), China(2026, 2, 14, 7, 30));
  EXPECT_EQ(AfterQuietHours(night, China(2026, 2, 14, 3, 5)), China(2026, 2, 14, 7, 30));
  EXPECT_EQ(AfterQuietHours(night, China(2026, 2, 14, 7, 30)), China(2026, 2, 14, 7, 30));
  const QuietWindow lunch{12 * 60, 13 * 60 + 30};
  EXPECT_EQ(AfterQuietHours(lunch, China(2026, 3, 2, 12, 40)), China(2026, 3, 2, 13, 30));
  EXPECT_EQ(AfterQuietHours(lunch, China(2026, 3, 2, 14, 0)), China(2026, 3, 2, 14, 0));
  EXPECT_EQ(AfterQuietHours({0, 0}, China(2026, 3, 2, 3, 0)), China(2026, 3, 2, 3, 0))
      << "start == end: no quiet hours";
}

v1::Robot Robot(const std::string& id, v1::RobotKind kind, const std::string& webhook) {
  v1::Robot robot;
  robot.set_id(id);
  robot.set_kind(kind);
  robot.set_webhook(webhook);
  return robot;
}

TEST(UnitSettingsTest, WebhooksAreThePlatformsOwnHttpsEndpointsOnly) {
  v1::UnitSettings settings;
  *settings.add_robots() = Robot("office", v1::ROBOT_KIND_DINGTALK,
                                 "https://oapi.dingtalk.com/robot/send?access_token=abc");
  *settings.add_robots() = Robot("wecom", v1::ROBOT_KIND_WECOM,
                                 "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k");
  EXPECT_THAT(ValidateUnitSettings(settings, {"robots"}, {}, false), IsOk());
  // An address inside the network is refused (no SSRF through a setting).
  settings.mutable_robots(1)->set_webhook("https://10.0.0.5/cgi-bin/webhook/send?key=k");
  EXPECT_THAT(
      ValidateUnitSettings(settings, {"robots"}, {}, false),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("settings.robots[1].webhook")));
  // The platform's host for another kind is refused too.
  settings.mutable_robots(1)->set_webhook("https://oapi.dingtalk.com/robot/send?access_token=x");
  EXPECT_THAT(ValidateUnitSettings(settings, {"robots"}, {}, false),
              StatusIs(absl::StatusCode::kInvalidArgument));
  settings.mutable_robots(1)->set_webhook("http://127.0.0.1:8080/hook");
  EXPECT_THAT(ValidateUnitSettings(settings, {"robots"}, {}, false),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ValidateUnitSettings(settings, {"robots"}, {}, true), IsOk())
      << "loopback only when the server allows it (tests)";
}

TEST(UnitSettingsTest, EachFieldIsCheckedAndNamed) {
  v1::UnitSettings settings;
  settings.set_remind_after_working_days(3);
  settings.set_escalate_after_working_days(3);
  EXPECT_THAT(ValidateUnitSettings(settings, {"escalate_after_working_days"}, {}, false),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("settings.escalate_after_working_days")));
  settings.set_escalate_after_working_days(5);
  EXPECT_THAT(ValidateUnitSettings(settings, {"remind_after_working_days"}, {}, false), IsOk());
  EXPECT_THAT(ValidateUnitSettings(settings, {"state"}, {}, false),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("update_mask")));
  EXPECT_THAT(ValidateUnitSettings(settings, {}, {}, false),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("update_mask")));
  settings.mutable_quiet_hours()->set_start_minute(1440);
  EXPECT_THAT(
      ValidateUnitSettings(settings, {"quiet_hours"}, {}, false),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("settings.quiet_hours.start_minute")));

  v1::UnitSettings robots;
  *robots.add_robots() = Robot("Office Group", v1::ROBOT_KIND_FEISHU, "");
  EXPECT_THAT(ValidateUnitSettings(robots, {"robots"}, {}, false),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("settings.robots[0].id")));
  robots.mutable_robots(0)->set_id("office");
  EXPECT_THAT(ValidateUnitSettings(robots, {"robots"}, {}, false),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("settings.robots[0].webhook")))
      << "a new robot needs its webhook";
  const v1::Robot stored =
      Robot("office", v1::ROBOT_KIND_FEISHU, "https://open.feishu.cn/open-apis/bot/v2/hook/x");
  EXPECT_THAT(ValidateUnitSettings(robots, {"robots"}, {stored}, false), IsOk())
      << "a stored robot keeps its webhook";
  *robots.add_robots() = robots.robots(0);
  EXPECT_THAT(ValidateUnitSettings(robots, {"robots"}, {stored}, false),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("重复")));
  v1::UnitSettings wecom;
  *wecom.add_robots() =
      Robot("w", v1::ROBOT_KIND_WECOM, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k");
  wecom.mutable_robots(0)->set_secret("SECabc");
  EXPECT_THAT(ValidateUnitSettings(wecom, {"robots"}, {}, false),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("settings.robots[0].secret")));
  EXPECT_EQ(WebhookHost("https://oapi.dingtalk.com/robot/send?access_token=abc"),
            "oapi.dingtalk.com");
  EXPECT_EQ(WebhookHost("http://127.0.0.1:8080/hook"), "127.0.0.1");
}

}  // namespace
}  // namespace reportflow::notification
