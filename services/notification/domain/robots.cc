#include "services/notification/domain/robots.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "services/common/sha256.h"
#include "services/notification/domain/base64.h"

namespace reportflow::notification {
namespace {

std::string UrlEncode(absl::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

// A webhook is https (the robots' own addresses are), or http on loopback
// for tests; no whitespace (it becomes a request line).
absl::Status CheckWebhook(absl::string_view webhook) {
  const bool https = absl::StartsWith(webhook, "https://");
  const bool loopback = absl::StartsWith(webhook, "http://127.0.0.1:") ||
                        absl::StartsWith(webhook, "http://localhost:");
  if (!https && !loopback) {
    return absl::InvalidArgumentError(
        "webhook: 须为 https 地址 (must be an https URL, or http on loopback for tests)");
  }
  if (absl::StrContains(webhook, "\r") || absl::StrContains(webhook, "\n") ||
      absl::StrContains(webhook, " ")) {
    return absl::InvalidArgumentError("webhook: 不能含空白或换行 (no whitespace)");
  }
  return absl::OkStatus();
}

std::string DingTalkBody(const RobotMessage& message) {
  std::string text = absl::StrCat("#### ", message.title, "\n\n", message.text);
  if (message.link_url.empty()) {
    return nlohmann::json{{"msgtype", "markdown"},
                          {"markdown", {{"title", message.title}, {"text", text}}}}
        .dump();
  }
  return nlohmann::json{{"msgtype", "actionCard"},
                        {"actionCard",
                         {{"title", message.title},
                          {"text", text},
                          {"singleTitle", message.link_text.empty() ? "打开" : message.link_text},
                          {"singleURL", message.link_url}}}}
      .dump();
}

std::string WeComBody(const RobotMessage& message) {
  std::string content = absl::StrCat("**", message.title, "**\n", message.text);
  if (!message.link_url.empty()) {
    absl::StrAppend(&content, "\n[", message.link_text.empty() ? "打开" : message.link_text, "](",
                    message.link_url, ")");
  }
  // WeCom refuses markdown content over 4096 bytes: cut at a character.
  if (content.size() > 4096) {
    size_t cut = 4096 - 3;
    while (cut > 0 && (static_cast<unsigned char>(content[cut]) & 0xC0) == 0x80) --cut;
    content = absl::StrCat(content.substr(0, cut), "…");
  }
  return nlohmann::json{{"msgtype", "markdown"}, {"markdown", {{"content", content}}}}.dump();
}

nlohmann::json FeishuBody(const RobotMessage& message) {
  nlohmann::json lines = nlohmann::json::array();
  lines.push_back(nlohmann::json::array({{{"tag", "text"}, {"text", message.text}}}));
  if (!message.link_url.empty()) {
    lines.push_back(
        nlohmann::json::array({{{"tag", "a"},
                                {"text", message.link_text.empty() ? "打开" : message.link_text},
                                {"href", message.link_url}}}));
  }
  return {{"msg_type", "post"},
          {"content", {{"post", {{"zh_cn", {{"title", message.title}, {"content", lines}}}}}}}};
}

}  // namespace

absl::StatusOr<RobotKind> ParseRobotKind(absl::string_view name) {
  if (name == "dingtalk") return RobotKind::kDingTalk;
  if (name == "wecom") return RobotKind::kWeCom;
  if (name == "feishu") return RobotKind::kFeishu;
  return absl::InvalidArgumentError(
      absl::StrCat("robot: 应为 dingtalk、wecom 或 feishu (unknown robot kind \"", name, "\")"));
}

absl::string_view RobotKindName(RobotKind kind) {
  switch (kind) {
    case RobotKind::kDingTalk:
      return "dingtalk";
    case RobotKind::kWeCom:
      return "wecom";
    case RobotKind::kFeishu:
      return "feishu";
  }
  return "";
}

std::string DingTalkSign(absl::string_view secret, int64_t timestamp_ms) {
  return UrlEncode(Base64(HmacSha256(secret, absl::StrCat(timestamp_ms, "\n", secret))));
}

std::string FeishuSign(absl::string_view secret, int64_t timestamp_s) {
  return Base64(HmacSha256(absl::StrCat(timestamp_s, "\n", secret), ""));
}

absl::StatusOr<RobotRequest> BuildRobotRequest(RobotKind kind, absl::string_view webhook,
                                               absl::string_view secret,
                                               const RobotMessage& message, absl::Time now) {
  if (absl::Status checked = CheckWebhook(webhook); !checked.ok()) return checked;
  RobotRequest request;
  request.url = std::string(webhook);
  switch (kind) {
    case RobotKind::kDingTalk: {
      if (!secret.empty()) {
        const int64_t ms = absl::ToUnixMillis(now);
        absl::StrAppend(&request.url, absl::StrContains(webhook, "?") ? "&" : "?", "timestamp=", ms,
                        "&sign=", DingTalkSign(secret, ms));
      }
      request.body = DingTalkBody(message);
      break;
    }
    case RobotKind::kWeCom:
      if (!secret.empty()) {
        return absl::InvalidArgumentError(
            "secret: 企业微信群机器人没有签名密钥，密钥即地址中的 key (WeCom robots are not "
            "signed)");
      }
      request.body = WeComBody(message);
      break;
    case RobotKind::kFeishu: {
      nlohmann::json body = FeishuBody(message);
      if (!secret.empty()) {
        const int64_t s = absl::ToUnixSeconds(now);
        body["timestamp"] = absl::StrCat(s);
        body["sign"] = FeishuSign(secret, s);
      }
      request.body = body.dump();
      break;
    }
  }
  return request;
}

absl::Status CheckRobotReply(RobotKind kind, absl::string_view body) {
  const nlohmann::json reply = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!reply.is_object()) {
    return absl::UnavailableError(
        absl::StrCat(RobotKindName(kind), " 回复无法解析 (unreadable reply)"));
  }
  const char* field = kind == RobotKind::kFeishu ? "code" : "errcode";
  if (!reply.contains(field) && kind == RobotKind::kFeishu && reply.contains("StatusCode")) {
    field = "StatusCode";  // Feishu's older reply shape
  }
  if (!reply.contains(field) || !reply[field].is_number_integer()) {
    return absl::UnavailableError(absl::StrCat(RobotKindName(kind), " 回复缺少 ", field));
  }
  const int64_t code = reply[field].get<int64_t>();
  if (code == 0) return absl::OkStatus();
  const std::string said = reply.value(kind == RobotKind::kFeishu ? "msg" : "errmsg", "");
  // Rate limits (DingTalk 130101, WeCom 45009, Feishu 9499/11232) and
  // system busy (-1) pass; anything else is the robot refusing the message.
  const bool transient =
      code == -1 || code == 130101 || code == 45009 || code == 9499 || code == 11232;
  const std::string text = absl::StrCat(RobotKindName(kind), " 拒收（", code, "：", said, "）");
  return transient ? absl::UnavailableError(text) : absl::FailedPreconditionError(text);
}

}  // namespace reportflow::notification
