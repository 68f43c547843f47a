// The robot channel against a local peer that speaks each robot's protocol:
// it checks the signature the way 钉钉 and 飞书 do, from the secret, and
// answers in each robot's reply format.
#include "services/notification/channels/robot.h"

#include <httplib.h>

#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/common/sha256.h"
#include "services/common/status_matchers.h"
#include "services/notification/domain/base64.h"

namespace reportflow::notification {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kSecret[] = "SECtest-secret-0123456789";

class RobotPeerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Post("/robot/send", [this](const httplib::Request& q, httplib::Response& r) {
      ++received_;
      const int64_t ts = std::stoll(q.get_param_value("timestamp"));
      // DingTalk's check: the sign parameter (URL-decoded by the server) is
      // base64(HMAC-SHA256(secret, timestamp + "\n" + secret)).
      const bool signed_ok =
          q.get_param_value("sign") == Base64(HmacSha256(kSecret, absl::StrCat(ts, "\n", kSecret)));
      last_body_ = q.body;
      r.set_content(signed_ok ? R"({"errcode":0,"errmsg":"ok"})"
                              : R"({"errcode":310000,"errmsg":"sign not match"})",
                    "application/json");
    });
    server_.Post("/open-apis/bot/v2/hook/abc", [this](const httplib::Request& q,
                                                      httplib::Response& r) {
      ++received_;
      const nlohmann::json body = nlohmann::json::parse(q.body);
      // Feishu's check: base64(HMAC-SHA256(key = timestamp + "\n" + secret, "")).
      const bool signed_ok =
          body["sign"] ==
          Base64(HmacSha256(absl::StrCat(body["timestamp"].get<std::string>(), "\n", kSecret), ""));
      last_body_ = q.body;
      r.set_content(
          signed_ok
              ? R"({"code":0,"msg":"success","data":{}})"
              : R"({"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"})",
          "application/json");
    });
    server_.Post("/busy", [](const httplib::Request&, httplib::Response& r) { r.status = 503; });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  void TearDown() override {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  RobotTarget Target(RobotKind kind, const std::string& path, const std::string& secret) const {
    RobotTarget target;
    target.kind = kind;
    target.webhook = absl::StrCat("http://127.0.0.1:", port_, path);
    target.secret = secret;
    target.timeout_seconds = 5;
    return target;
  }

  const RobotMessage message_{"待审校：2024 年度部门决算（初审）", "第 2 版等待您初审。",
                              "https://rf.example/reviews/2", "在审批工作台中打开"};
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  int received_ = 0;
  std::string last_body_;
};

TEST_F(RobotPeerTest, DingTalkAcceptsTheSignedMessage) {
  EXPECT_THAT(PostRobot(Target(RobotKind::kDingTalk, "/robot/send?access_token=t", kSecret),
                        message_, absl::Now()),
              IsOk());
  EXPECT_EQ(received_, 1);
  EXPECT_EQ(nlohmann::json::parse(last_body_)["actionCard"]["singleURL"],
            "https://rf.example/reviews/2");
  absl::Status wrong =
      PostRobot(Target(RobotKind::kDingTalk, "/robot/send?access_token=t", "SECanother"), message_,
                absl::Now());
  EXPECT_THAT(wrong, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(std::string(wrong.message()), HasSubstr("310000"));
  EXPECT_THAT(std::string(wrong.message()), ::testing::Not(HasSubstr("access_token")))
      << "the webhook's key stays out of messages";
}

TEST_F(RobotPeerTest, FeishuAcceptsTheSignedMessageAndRefusesAWrongSecret) {
  EXPECT_THAT(PostRobot(Target(RobotKind::kFeishu, "/open-apis/bot/v2/hook/abc", kSecret), message_,
                        absl::Now()),
              IsOk());
  EXPECT_THAT(PostRobot(Target(RobotKind::kFeishu, "/open-apis/bot/v2/hook/abc", "wrong"), message_,
                        absl::Now()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(RobotPeerTest, BusyOrDownIsWorthRetrying) {
  EXPECT_THAT(PostRobot(Target(RobotKind::kWeCom, "/busy?key=k", ""), message_, absl::Now()),
              StatusIs(absl::StatusCode::kUnavailable));
  RobotTarget down = Target(RobotKind::kWeCom, "/x?key=k", "");
  server_.stop();
  thread_.join();
  EXPECT_THAT(PostRobot(down, message_, absl::Now()), StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace reportflow::notification
