#include "services/notification/domain/notify_rules.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/text_rules.h"

namespace reportflow::notification {
namespace {

bool IsPersonName(absl::string_view name) {
  return absl::ConsumePrefix(&name, "people/") && IsValidPersonId(name);
}

}  // namespace

absl::Status ValidateNotify(const v1::NotifyRequest& request) {
  if (request.event().empty() || request.event().size() > 255) {
    return absl::InvalidArgumentError("event: 必填，至多 255 字节 (required, at most 255 bytes)");
  }
  for (unsigned char c : request.event()) {
    if (c < 0x21 || c > 0x7e) {
      return absl::InvalidArgumentError("event: 只能是可见 ASCII 字符 (printable ASCII only)");
    }
  }
  if (request.kind() == v1::EVENT_KIND_UNSPECIFIED || !v1::EventKind_IsValid(request.kind())) {
    return absl::InvalidArgumentError("kind: 必填 (required)");
  }
  if (absl::Status unit = ValidateUnitId("unit", request.unit()); !unit.ok()) return unit;
  if (!request.role().empty() && !IsValidRoleName(request.role())) {
    return absl::InvalidArgumentError("role: 1 至 64 个 [a-z0-9_] (1..64 of [a-z0-9_])");
  }
  if (request.roles_size() > 5) {
    return absl::InvalidArgumentError("roles: 至多 5 个 (at most 5)");
  }
  for (const std::string& role : request.roles()) {
    if (!IsValidRoleName(role)) {
      return absl::InvalidArgumentError("roles: 每项 1 至 64 个 [a-z0-9_] (1..64 of [a-z0-9_])");
    }
  }
  if (request.people_size() > 50) {
    return absl::InvalidArgumentError("people: 至多 50 人 (at most 50)");
  }
  for (const std::string& person : request.people()) {
    if (!IsPersonName(person)) {
      return absl::InvalidArgumentError("people: 每项须为 people/{id} (each people/{id})");
    }
  }
  if (request.role().empty() && request.roles().empty() && request.people().empty()) {
    return absl::InvalidArgumentError("role: role 与 people 至少一项 (a role or people required)");
  }
  if (absl::Status title = ValidateText("title", request.title(), 200, Presence::kRequired);
      !title.ok()) {
    return title;
  }
  if (absl::Status text = ValidateText("text", request.text(), 2000); !text.ok()) {
    return text;
  }
  if (absl::Status subject = ValidateText("subject", request.subject(), 255); !subject.ok()) {
    return subject;
  }
  const std::string& link = request.link();
  if (!link.empty() && (link[0] != '/' || absl::StartsWith(link, "//") || link.size() > 255 ||
                        absl::StrContains(link, "\\") || absl::StrContains(link, ":"))) {
    return absl::InvalidArgumentError(
        "link: 须为审批工作台内的路径，以 / 开头 (a console path starting with /)");
  }
  return absl::OkStatus();
}

}  // namespace reportflow::notification
