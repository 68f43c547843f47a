#include "services/console/session.h"

#include <sodium.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "nlohmann/json.hpp"

namespace reportflow::console {

absl::StatusOr<SessionSealer> SessionSealer::Create(std::string key) {
  if (sodium_init() < 0 || key.size() != crypto_secretbox_KEYBYTES) {
    return absl::InvalidArgumentError("console: the session key must be 32 bytes");
  }
  return SessionSealer(std::move(key));
}

std::string SessionSealer::Seal(const ConsoleSession& session) const {
  const std::string plain = nlohmann::json{
      {"id", session.id},
      {"p", session.person},
      {"n", session.display_name},
      {"a", session.access_token},
      {"ae", session.access_expiry},
      {"r", session.refresh_token},
      {"re",
       session.refresh_expiry}}.dump();
  std::string sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  randombytes_buf(out, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), out,
                        reinterpret_cast<const unsigned char*>(key_.data()));
  return absl::WebSafeBase64Escape(sealed);
}

absl::StatusOr<ConsoleSession> SessionSealer::Open(absl::string_view sealed_text) const {
  std::string sealed;
  if (sealed_text.size() > 8192 || !absl::WebSafeBase64Unescape(sealed_text, &sealed) ||
      sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return absl::UnauthenticatedError("会话无效，请重新登录 (bad session cookie)");
  }
  std::string plain(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  const auto* in = reinterpret_cast<const unsigned char*>(sealed.data());
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 in + crypto_secretbox_NONCEBYTES,
                                 sealed.size() - crypto_secretbox_NONCEBYTES, in,
                                 reinterpret_cast<const unsigned char*>(key_.data())) != 0) {
    return absl::UnauthenticatedError("会话无效，请重新登录 (session cookie does not open)");
  }
  const nlohmann::json json = nlohmann::json::parse(plain, nullptr, false);
  if (!json.is_object()) {
    return absl::UnauthenticatedError("会话无效，请重新登录 (session does not parse)");
  }
  ConsoleSession session;
  session.id = json.value("id", "");
  session.person = json.value("p", "");
  session.display_name = json.value("n", "");
  session.access_token = json.value("a", "");
  session.access_expiry = json.value("ae", int64_t{0});
  session.refresh_token = json.value("r", "");
  session.refresh_expiry = json.value("re", int64_t{0});
  return session;
}

std::string SessionSealer::CsrfToken(const ConsoleSession& session) const {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  const std::string input = absl::StrCat("csrf:", session.id);
  crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                         reinterpret_cast<const unsigned char*>(key_.data()));
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(mac), sizeof(mac)));
}

bool SessionSealer::CsrfMatches(const ConsoleSession& session, absl::string_view token) const {
  const std::string expected = CsrfToken(session);
  return token.size() == expected.size() &&
         sodium_memcmp(token.data(), expected.data(), expected.size()) == 0;
}

std::string SessionCookieHeader(absl::string_view value, int64_t max_age_seconds) {
  return absl::StrCat(kSessionCookie, "=", value, "; Path=/; Max-Age=", max_age_seconds,
                      "; HttpOnly; Secure; SameSite=Strict");
}

std::optional<std::string> CookieValue(absl::string_view header, absl::string_view name) {
  for (absl::string_view part : absl::StrSplit(header, ';')) {
    part = absl::StripAsciiWhitespace(part);
    if (absl::ConsumePrefix(&part, name) && absl::ConsumePrefix(&part, "=")) {
      return std::string(part);
    }
  }
  return std::nullopt;
}

}  // namespace reportflow::console
