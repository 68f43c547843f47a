#include "services/common/auth.h"

#include <jwt.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "services/common/text_rules.h"

namespace reportflow {
namespace {

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};
using CString = std::unique_ptr<char, FreeDeleter>;

std::string PemFromBio(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

bool IsP256PublicKeyPem(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  if (!bio) {
    return false;
  }
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
  return key != nullptr && EVP_PKEY_is_a(key.get(), "EC") && EVP_PKEY_get_bits(key.get()) == 256;
}

// Reads a claim that is an array of strings; absent means empty.
absl::StatusOr<std::vector<std::string>> StringArrayClaim(jwt_t* jwt, const char* name) {
  CString json(jwt_get_grants_json(jwt, name));
  if (!json) {
    return std::vector<std::string>{};
  }
  nlohmann::json parsed = nlohmann::json::parse(json.get(), nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) {
    return absl::UnauthenticatedError(absl::StrCat("token claim '", name, "' must be an array"));
  }
  std::vector<std::string> values;
  for (const auto& item : parsed) {
    if (!item.is_string()) {
      return absl::UnauthenticatedError(
          absl::StrCat("token claim '", name, "' must hold only strings"));
    }
    values.push_back(item.get<std::string>());
  }
  return values;
}

// Claims reach logs, audit entries and database columns: bounded and UTF-8,
// refused as a whole otherwise (the issuer made a token no service can use).
absl::Status CheckClaimShapes(const Caller& caller) {
  constexpr size_t kMaxId = 128;
  constexpr size_t kMaxName = 200;
  constexpr size_t kMaxEntries = 1000;
  if (caller.user_id.size() > kMaxId || InvalidUtf8Offset(caller.user_id) >= 0) {
    return absl::UnauthenticatedError(
        "访问令牌无效：用户标识须为至多 128 字节的 UTF-8 文本 (sub too long or not UTF-8)");
  }
  if (CodePointCount(caller.display_name) > kMaxName ||
      InvalidUtf8Offset(caller.display_name) >= 0) {
    return absl::UnauthenticatedError(
        "访问令牌无效：显示名须为至多 200 字的 UTF-8 文本 (name too long or not UTF-8)");
  }
  if (caller.roles.size() > kMaxEntries || caller.units.size() > kMaxEntries) {
    return absl::UnauthenticatedError(
        "访问令牌无效：角色或单位过多 (at most 1000 roles and 1000 units)");
  }
  for (const auto* list : {&caller.roles, &caller.units}) {
    for (const std::string& entry : *list) {
      if (entry.empty() || entry.size() > kMaxId || InvalidUtf8Offset(entry) >= 0) {
        return absl::UnauthenticatedError(
            "访问令牌无效：角色与单位须为 1 至 128 字节的 UTF-8 文本 (bad role or unit)");
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

bool Caller::HasRole(absl::string_view role) const {
  const std::vector<std::string>& all = Roles();
  return std::find(all.begin(), all.end(), role) != all.end();
}

bool Caller::InUnit(absl::string_view unit) const {
  if (access != nullptr) {
    return access->roles_by_unit.contains(unit);
  }
  return std::find(units.begin(), units.end(), unit) != units.end();
}

bool Caller::HasRoleIn(absl::string_view role, absl::string_view unit) const {
  if (access != nullptr) {
    auto found = access->roles_by_unit.find(unit);
    return found != access->roles_by_unit.end() &&
           std::any_of(found->second.begin(), found->second.end(),
                       [&](const DirectoryAccess::Role& held) { return held.role == role; });
  }
  return HasRole(role) && InUnit(unit);
}

std::vector<std::string> Caller::RolesIn(absl::string_view unit) const {
  std::vector<std::string> held;
  if (access != nullptr) {
    auto found = access->roles_by_unit.find(unit);
    if (found != access->roles_by_unit.end()) {
      for (const DirectoryAccess::Role& role : found->second) held.push_back(role.role);
    }
    return held;
  }
  return InUnit(unit) ? roles : held;
}

std::string Caller::ActingName(absl::string_view role, absl::string_view unit) const {
  if (access != nullptr) {
    auto found = access->roles_by_unit.find(unit);
    if (found != access->roles_by_unit.end()) {
      for (const DirectoryAccess::Role& held : found->second) {
        if (held.role == role && !held.delegator_name.empty()) {
          return absl::StrCat(display_name, "（代 ", held.delegator_name, "）");
        }
      }
    }
  }
  return display_name;
}

const std::vector<std::string>& Caller::Units() const {
  return access != nullptr ? access->units : units;
}

const std::vector<std::string>& Caller::Roles() const {
  return access != nullptr ? access->roles : roles;
}

bool Caller::IsService(absl::string_view service) const {
  return HasRole(absl::StrCat(kServiceRolePrefix, service));
}

absl::StatusOr<KeyPair> GenerateSigningKeyPair() {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  if (!key) {
    return absl::InternalError("OpenSSL could not generate a P-256 key");
  }
  std::unique_ptr<BIO, decltype(&BIO_free)> private_bio(BIO_new(BIO_s_mem()), BIO_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> public_bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!private_bio || !public_bio ||
      PEM_write_bio_PrivateKey(private_bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                               nullptr) != 1 ||
      PEM_write_bio_PUBKEY(public_bio.get(), key.get()) != 1) {
    return absl::InternalError("OpenSSL could not encode the key pair as PEM");
  }
  return KeyPair{PemFromBio(private_bio.get()), PemFromBio(public_bio.get())};
}

absl::StatusOr<std::string> IssueToken(absl::string_view private_key_pem, const TokenClaims& claims,
                                       absl::Time now, absl::Duration ttl) {
  if (claims.user_id.empty()) {
    return absl::InvalidArgumentError("token: user id must not be empty");
  }
  if (ttl <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("token: validity must be positive");
  }
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) {
    return absl::InternalError("libjwt: jwt_new failed");
  }
  JwtPtr jwt(raw);
  const std::string key(private_key_pem);
  nlohmann::json arrays = {{"roles", claims.roles}, {"units", claims.units}};
  const std::string arrays_json = arrays.dump();
  if (jwt_add_grant(jwt.get(), "iss", std::string(kTokenIssuer).c_str()) != 0 ||
      jwt_add_grant(jwt.get(), "sub", claims.user_id.c_str()) != 0 ||
      jwt_add_grant(jwt.get(), "name", claims.display_name.c_str()) != 0 ||
      jwt_add_grant_int(jwt.get(), "iat", absl::ToUnixSeconds(now)) != 0 ||
      jwt_add_grant_int(jwt.get(), "exp", absl::ToUnixSeconds(now + ttl)) != 0 ||
      (claims.directory && jwt_add_grant_bool(jwt.get(), "dir", 1) != 0) ||
      jwt_add_grants_json(jwt.get(), arrays_json.c_str()) != 0) {
    return absl::InternalError("libjwt: could not set the token's claims");
  }
  if (jwt_set_alg(jwt.get(), JWT_ALG_ES256, reinterpret_cast<const unsigned char*>(key.data()),
                  static_cast<int>(key.size())) != 0) {
    return absl::InvalidArgumentError("token: the signing key is not usable for ES256");
  }
  CString token(jwt_encode_str(jwt.get()));
  if (!token) {
    return absl::InvalidArgumentError(absl::StrCat("token: signing failed (", std::strerror(errno),
                                                   "); is the key a PEM P-256 private key?"));
  }
  return std::string(token.get());
}

absl::StatusOr<TokenVerifier> TokenVerifier::Create(std::string public_key_pem) {
  if (!IsP256PublicKeyPem(public_key_pem)) {
    return absl::InvalidArgumentError("token verifier: not a PEM P-256 public key");
  }
  return TokenVerifier(std::move(public_key_pem));
}

absl::StatusOr<Caller> TokenVerifier::Verify(absl::string_view token, absl::Time now) const {
  if (token.empty()) {
    return absl::UnauthenticatedError("缺少访问令牌 (missing bearer token)");
  }
  jwt_t* raw = nullptr;
  const std::string token_text(token);
  if (jwt_decode(&raw, token_text.c_str(),
                 reinterpret_cast<const unsigned char*>(public_key_pem_.data()),
                 static_cast<int>(public_key_pem_.size())) != 0 ||
      raw == nullptr) {
    if (raw != nullptr) {
      jwt_free(raw);
    }
    return absl::UnauthenticatedError(
        "访问令牌无效：签名不符或格式错误 (token signature does not verify)");
  }
  JwtPtr jwt(raw);
  // Pinning the algorithm defeats algorithm confusion (e.g. an HS256 token
  // "signed" with the public key as HMAC secret).
  if (jwt_get_alg(jwt.get()) != JWT_ALG_ES256) {
    return absl::UnauthenticatedError(
        "访问令牌无效：签名算法必须为 ES256 (token alg must be ES256)");
  }
  const char* issuer = jwt_get_grant(jwt.get(), "iss");
  if (issuer == nullptr || kTokenIssuer != issuer) {
    return absl::UnauthenticatedError("访问令牌无效：签发者不符 (wrong issuer)");
  }
  errno = 0;
  const long expires = jwt_get_grant_int(jwt.get(), "exp");
  if (errno != 0 || expires <= 0) {
    return absl::UnauthenticatedError("访问令牌无效：缺少有效期 (missing exp)");
  }
  if (absl::FromUnixSeconds(expires) <= now) {
    return absl::UnauthenticatedError("访问令牌已过期，请重新获取 (token expired)");
  }
  errno = 0;
  const long issued = jwt_get_grant_int(jwt.get(), "iat");
  // Tolerate a minute of clock skew between issuer and server.
  if (errno == 0 && absl::FromUnixSeconds(issued) > now + absl::Minutes(1)) {
    return absl::UnauthenticatedError("访问令牌无效：签发时间在未来 (token issued in the future)");
  }
  Caller caller;
  const char* subject = jwt_get_grant(jwt.get(), "sub");
  if (subject == nullptr || *subject == '\0') {
    return absl::UnauthenticatedError("访问令牌无效：缺少用户标识 (missing sub)");
  }
  caller.user_id = subject;
  const char* name = jwt_get_grant(jwt.get(), "name");
  caller.display_name = name != nullptr ? name : caller.user_id;
  absl::StatusOr<std::vector<std::string>> roles = StringArrayClaim(jwt.get(), "roles");
  if (!roles.ok()) {
    return roles.status();
  }
  caller.roles = *std::move(roles);
  absl::StatusOr<std::vector<std::string>> units = StringArrayClaim(jwt.get(), "units");
  if (!units.ok()) {
    return units.status();
  }
  caller.units = *std::move(units);
  errno = 0;
  caller.directory = jwt_get_grant_bool(jwt.get(), "dir") == 1 && errno == 0;
  if (absl::Status shaped = CheckClaimShapes(caller); !shaped.ok()) {
    return shaped;
  }
  return caller;
}

absl::StatusOr<Caller> TokenVerifier::VerifyAuthorizationHeader(absl::string_view header,
                                                                absl::Time now) const {
  absl::string_view value = absl::StripAsciiWhitespace(header);
  constexpr absl::string_view kBearer = "Bearer ";
  if (value.size() <= kBearer.size() ||
      !absl::EqualsIgnoreCase(value.substr(0, kBearer.size()), kBearer)) {
    return absl::UnauthenticatedError(
        "缺少访问令牌：请求须带 authorization: Bearer <令牌> (missing bearer token)");
  }
  return Verify(absl::StripAsciiWhitespace(value.substr(kBearer.size())), now);
}

}  // namespace reportflow
