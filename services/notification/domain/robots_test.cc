#include "services/notification/domain/robots.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/common/sha256.h"
#include "services/common/status_matchers.h"

namespace reportflow::notification {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::IsOkAndHolds;
using ::reportflow::testing::StatusIs;

using ::testing::HasSubstr;

std::string Hex(absl::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xf]);
  }
  return out;
}

const RobotMessage kMessage{"待审校：金口河区人民政府办公室 2024 年度部门决算（初审）",
                            "第 2 版已由一校李娜签署，等待您初审。", "https://rf.example/reviews/2",
                            "在审批工作台中打开"};
// 2025-12-01 02:00:00 UTC.
const absl::Time kNow = absl::FromUnixSeconds(1764554400);

TEST(RobotsTest, HmacSha256MatchesRfc4231) {
  EXPECT_EQ(Hex(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// Expected signatures computed independently (Python's hmac and base64).
TEST(RobotsTest, DingTalkSignsTheTimestampAndSecretIntoTheUrl) {
  EXPECT_EQ(DingTalkSign("SEC1234567890abcdef", 1764554400000),
            "GWgMJpHcaxW5CnyFKCM8srMqo73U54sZvB85s2TIiMw%3D");
  absl::StatusOr<RobotRequest> request = BuildRobotRequest(
      RobotKind::kDingTalk, "https://oapi.dingtalk.com/robot/send?access_token=abc",
      "SEC1234567890abcdef", kMessage, kNow);
  ASSERT_THAT(request, IsOk());
  EXPECT_EQ(request->url,
            "https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1764554400000"
            "&sign=GWgMJpHcaxW5CnyFKCM8srMqo73U54sZvB85s2TIiMw%3D");
  const nlohmann::json body = nlohmann::json::parse(request->body);
  EXPECT_EQ(body["msgtype"], "actionCard");
  EXPECT_EQ(body["actionCard"]["title"], kMessage.title);
  EXPECT_EQ(body["actionCard"]["singleURL"], "https://rf.example/reviews/2");
  EXPECT_THAT(body["actionCard"]["text"].get<std::string>(), HasSubstr("等待您初审"));
}

TEST(RobotsTest, FeishuSignsInTheBodyWithTheTimestampAsKey) {
  EXPECT_EQ(FeishuSign("SEC1234567890abcdef", 1764554400),
            "yZmIYzqJ6Y0dwRo94uEfsAVPMmroUcqfO3oMOU0Oj5Q=");
  absl::StatusOr<RobotRequest> request =
      BuildRobotRequest(RobotKind::kFeishu, "https://open.feishu.cn/open-apis/bot/v2/hook/xyz",
                        "SEC1234567890abcdef", kMessage, kNow);
  ASSERT_THAT(request, IsOk());
  EXPECT_EQ(request->url, "https://open.feishu.cn/open-apis/bot/v2/hook/xyz");
  const nlohmann::json body = nlohmann::json::parse(request->body);
  EXPECT_EQ(body["timestamp"], "1764554400");
  EXPECT_EQ(body["sign"], "yZmIYzqJ6Y0dwRo94uEfsAVPMmroUcqfO3oMOU0Oj5Q=");
  EXPECT_EQ(body["msg_type"], "post");
  EXPECT_EQ(body["content"]["post"]["zh_cn"]["title"], kMessage.title);
  EXPECT_EQ(body["content"]["post"]["zh_cn"]["content"][1][0]["href"], kMessage.link_url);
}

TEST(RobotsTest, WeComHasNoSignatureAndCutsLongMarkdownAtACharacter) {
  EXPECT_THAT(
      BuildRobotRequest(RobotKind::kWeCom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
                        "secret", kMessage, kNow),
      StatusIs(absl::StatusCode::kInvalidArgument));
  RobotMessage long_message = kMessage;
  long_message.text = std::string(3000, 'x');
  for (int i = 0; i < 1000; ++i) long_message.text += "决";
  absl::StatusOr<RobotRequest> request =
      BuildRobotRequest(RobotKind::kWeCom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
                        "", long_message, kNow);
  ASSERT_THAT(request, IsOk());
  const std::string content = nlohmann::json::parse(request->body)["markdown"]["content"];
  EXPECT_LE(content.size(), 4096u);
  EXPECT_THAT(content, ::testing::EndsWith("决…"));
}

TEST(RobotsTest, RefusesAWebhookThatIsNotHttpsOrCarriesALineBreak) {
  EXPECT_THAT(BuildRobotRequest(RobotKind::kDingTalk, "http://oapi.dingtalk.com/robot/send", "",
                                kMessage, kNow),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(BuildRobotRequest(RobotKind::kFeishu, "https://open.feishu.cn/x\r\nHost: evil", "",
                                kMessage, kNow),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      BuildRobotRequest(RobotKind::kFeishu, "http://127.0.0.1:8080/hook", "", kMessage, kNow),
      IsOk())
      << "a loopback peer for tests";
  EXPECT_THAT(ParseRobotKind("slack"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseRobotKind("wecom"), IsOkAndHolds(RobotKind::kWeCom));
}

TEST(RobotsTest, RepliesTellSuccessRetryAndRefusalApart) {
  EXPECT_THAT(CheckRobotReply(RobotKind::kDingTalk, R"({"errcode":0,"errmsg":"ok"})"), IsOk());
  EXPECT_THAT(
      CheckRobotReply(RobotKind::kDingTalk, R"({"errcode":310000,"errmsg":"sign not match"})"),
      StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(
      CheckRobotReply(RobotKind::kDingTalk, R"({"errcode":130101,"errmsg":"send too fast"})"),
      StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(
      CheckRobotReply(RobotKind::kWeCom, R"({"errcode":93000,"errmsg":"invalid webhook url"})"),
      StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(CheckRobotReply(RobotKind::kFeishu, R"({"code":0,"msg":"success","data":{}})"),
              IsOk());
  EXPECT_THAT(CheckRobotReply(RobotKind::kFeishu, R"({"StatusCode":0,"StatusMessage":"success"})"),
              IsOk());
  EXPECT_THAT(CheckRobotReply(RobotKind::kFeishu, R"({"code":19021,"msg":"sign match fail"})"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(CheckRobotReply(RobotKind::kWeCom, "<html>502</html>"),
              StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace reportflow::notification
