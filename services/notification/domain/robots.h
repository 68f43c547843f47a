// Group robots of 钉钉 (DingTalk), 企业微信 (WeCom) and 飞书 (Feishu/Lark),
// pure: each one's JSON message and signing scheme, and how to read its
// reply. The sender (libcurl) only POSTs what this builds.
//
//   钉钉   webhook https://oapi.dingtalk.com/robot/send?access_token=…; with
//          加签 the URL also carries timestamp (ms) and sign =
//          urlencode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret)));
//          reply {"errcode":0,"errmsg":"ok"}.
//   企业微信 webhook https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…;
//          no signature (the key in the URL is the secret); markdown content
//          at most 4096 bytes; reply {"errcode":0,"errmsg":"ok"}.
//   飞书   webhook https://open.feishu.cn/open-apis/bot/v2/hook/…; with 签名
//          校验 the body carries timestamp (s) and sign =
//          base64(HMAC-SHA256(timestamp + "\n" + secret, "")) — the key is
//          the string, the message empty; reply {"code":0,...}.
#ifndef REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_ROBOTS_H_
#define REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_ROBOTS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace reportflow::notification {

enum class RobotKind { kDingTalk, kWeCom, kFeishu };

// "dingtalk", "wecom", "feishu" ⇄ RobotKind; INVALID_ARGUMENT otherwise.
absl::StatusOr<RobotKind> ParseRobotKind(absl::string_view name);
absl::string_view RobotKindName(RobotKind kind);

// What a notification says, channel-neutral (Chinese).
struct RobotMessage {
  std::string title;  // e.g. 待审校：金口河区人民政府办公室 2024 年度部门决算（初审）
  std::string text;       // a few lines of plain text (no markup is interpreted)
  std::string link_url;   // opens the review in the console; may be empty
  std::string link_text;  // e.g. 在审批工作台中打开
};

struct RobotRequest {
  std::string url;   // the webhook, with DingTalk's signature parameters
  std::string body;  // JSON, UTF-8
};

// The POST for `webhook` (https, or http on loopback for tests), signed with
// `secret` when not empty (DingTalk, Feishu; a secret for WeCom is refused),
// at `now`. INVALID_ARGUMENT naming `webhook` or `secret`.
absl::StatusOr<RobotRequest> BuildRobotRequest(RobotKind kind, absl::string_view webhook,
                                               absl::string_view secret,
                                               const RobotMessage& message, absl::Time now);

// The signatures, exposed for tests and for receivers that verify them.
std::string DingTalkSign(absl::string_view secret, int64_t timestamp_ms);
std::string FeishuSign(absl::string_view secret, int64_t timestamp_s);

// OK when the robot's HTTP 200 reply says it took the message; otherwise
// UNAVAILABLE (retry later: rate limits, server errors) or
// FAILED_PRECONDITION (the robot refuses: wrong key or signature, keyword
// policy — retrying will not help), with the robot's own code and message.
absl::Status CheckRobotReply(RobotKind kind, absl::string_view body);

}  // namespace reportflow::notification

#endif  // REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_ROBOTS_H_
