// The console's sessions, stateless so replicas can run side by side: the
// signed-in person's identity tokens live in the browser's cookie, sealed
// (libsodium secretbox, a key every replica shares) so the browser can
// neither read nor change them, HttpOnly, Secure and SameSite=Strict. Every
// mutation must also carry the session's CSRF token (an HMAC of the session
// id) in the X-CSRF-Token header.
#ifndef REPORTFLOW_SERVICES_CONSOLE_SESSION_H_
#define REPORTFLOW_SERVICES_CONSOLE_SESSION_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace reportflow::console {

// The name of the session cookie.
inline constexpr char kSessionCookie[] = "rf_session";

struct ConsoleSession {
  // Random, names the session for its CSRF token.
  std::string id;
  std::string person;
  std::string display_name;
  std::string access_token;
  int64_t access_expiry = 0;  // unix seconds
  std::string refresh_token;
  int64_t refresh_expiry = 0;
};

class SessionSealer {
 public:
  // `key`: 32 bytes (crypto_secretbox_KEYBYTES); INVALID_ARGUMENT otherwise.
  static absl::StatusOr<SessionSealer> Create(std::string key);

  // The cookie value for `session`.
  std::string Seal(const ConsoleSession& session) const;
  // The session of a cookie value; UNAUTHENTICATED when it was not sealed
  // with this key, was changed, or does not parse.
  absl::StatusOr<ConsoleSession> Open(absl::string_view sealed) const;
  // The session's CSRF token (hex HMAC-SHA256 of its id).
  std::string CsrfToken(const ConsoleSession& session) const;
  // Whether `token` is the session's CSRF token (constant-time).
  bool CsrfMatches(const ConsoleSession& session, absl::string_view token) const;

 private:
  explicit SessionSealer(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

// A Set-Cookie value: HttpOnly, Secure, SameSite=Strict, Path=/, with
// Max-Age (0 deletes).
std::string SessionCookieHeader(absl::string_view value, int64_t max_age_seconds);

// The value of cookie `name` in a Cookie header, if present.
std::optional<std::string> CookieValue(absl::string_view header, absl::string_view name);

}  // namespace reportflow::console

#endif  // REPORTFLOW_SERVICES_CONSOLE_SESSION_H_
