#include "services/notification/domain/action_links.h"

#include "absl/strings/str_cat.h"
#include "services/common/sha256.h"

namespace reportflow::notification {

std::string TokenFromBytes(absl::string_view random32) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : random32) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      out.push_back(kAlphabet[(buffer >> (bits - 6)) & 0x3f]);
      bits -= 6;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3f]);
  return out;
}

bool IsWellFormedToken(absl::string_view token) {
  if (token.size() != 43) return false;
  for (char c : token) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string TokenHash(absl::string_view token) { return Sha256Hex(token); }

v1::ActionLinkState StateAt(v1::ActionLinkState stored, absl::Time expire_time, absl::Time now) {
  if (stored == v1::ACTION_LINK_STATE_VALID && now >= expire_time) {
    return v1::ACTION_LINK_STATE_EXPIRED;
  }
  return stored;
}

absl::Status Refusal(v1::ActionLinkState state) {
  switch (state) {
    case v1::ACTION_LINK_STATE_USED:
      return absl::FailedPreconditionError(
          "该链接已使用过，每个链接只能使用一次；请在审批工作台中查看 (the link was used)");
    case v1::ACTION_LINK_STATE_EXPIRED:
      return absl::FailedPreconditionError(
          "该链接已超过 72 小时有效期；请在审批工作台中办理 (the link expired)");
    case v1::ACTION_LINK_STATE_DEAD:
      return absl::FailedPreconditionError(
          "该环节在链接发出后已有变化，链接已失效；请在审批工作台中办理 (the task changed)");
    default:
      return absl::OkStatus();
  }
}

std::string ActionLinkPath(absl::string_view token) { return absl::StrCat("/act/", token); }

}  // namespace reportflow::notification
