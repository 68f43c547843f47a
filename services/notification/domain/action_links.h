// Action links (一键签署), pure: what a link's token looks like, what is kept
// of it (its SHA-256, never the token), how long it lives, and where it
// stands at a moment. The token itself is made from the system's random
// source by the caller (libsodium), 32 bytes in base64url: 43 characters.
#ifndef REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_ACTION_LINKS_H_
#define REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_ACTION_LINKS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "reportflow/notification/v1/notification.pb.h"

namespace reportflow::notification {

// A link lives this long.
inline constexpr absl::Duration kActionLinkLifetime = absl::Hours(72);

// 32 random bytes as base64url without padding (43 characters).
std::string TokenFromBytes(absl::string_view random32);

// Whether `token` has the shape of one (43 of A-Z a-z 0-9 - _).
bool IsWellFormedToken(absl::string_view token);

// What is stored and looked up: the token's SHA-256, hex.
std::string TokenHash(absl::string_view token);

// Where a link stands at `now`: its stored state (VALID, USED or DEAD), and
// EXPIRED once `expire_time` has passed while still VALID.
v1::ActionLinkState StateAt(v1::ActionLinkState stored, absl::Time expire_time, absl::Time now);

// The refusal for using a link in `state` (FAILED_PRECONDITION, in Chinese).
absl::Status Refusal(v1::ActionLinkState state);

// The console path of a link: "/act/{token}".
std::string ActionLinkPath(absl::string_view token);

}  // namespace reportflow::notification

#endif  // REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_ACTION_LINKS_H_
