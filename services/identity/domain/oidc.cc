#include "services/identity/domain/oidc.h"

#include <jwt.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <cstdlib>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"

namespace reportflow::identity {
namespace {

std::string FromBase64Url(const std::string& text) {
  std::string bytes;
  absl::WebSafeBase64Unescape(text, &bytes);
  return bytes;
}

std::string PemOf(EVP_PKEY* key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1) return "";
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

std::string KeyFromParams(const char* type, OSSL_PARAM_BLD* build) {
  std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(OSSL_PARAM_BLD_to_param(build),
                                                                 OSSL_PARAM_free);
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> context(
      EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr), EVP_PKEY_CTX_free);
  EVP_PKEY* raw = nullptr;
  if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return "";
  }
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(raw, EVP_PKEY_free);
  return PemOf(key.get());
}

std::string RsaPem(const std::string& n, const std::string& e) {
  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> build(OSSL_PARAM_BLD_new(),
                                                                        OSSL_PARAM_BLD_free);
  BIGNUM* modulus = BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()),
                              static_cast<int>(n.size()), nullptr);
  BIGNUM* exponent = BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()),
                               static_cast<int>(e.size()), nullptr);
  std::string pem;
  if (build && modulus && exponent &&
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, modulus) == 1 &&
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, exponent) == 1) {
    pem = KeyFromParams("RSA", build.get());
  }
  BN_free(modulus);
  BN_free(exponent);
  return pem;
}

std::string EcPem(const std::string& x, const std::string& y) {
  if (x.size() != 32 || y.size() != 32) return "";
  const std::string point = std::string(1, '\x04') + x + y;  // uncompressed
  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> build(OSSL_PARAM_BLD_new(),
                                                                        OSSL_PARAM_BLD_free);
  if (!build ||
      OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) !=
          1 ||
      OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return "";
  }
  return KeyFromParams("EC", build.get());
}

}  // namespace

absl::StatusOr<std::vector<ProviderKey>> ParseJwks(absl::string_view jwks_json) {
  const nlohmann::json jwks = nlohmann::json::parse(jwks_json.begin(), jwks_json.end(), nullptr,
                                                    /*allow_exceptions=*/false);
  if (!jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array()) {
    return absl::InvalidArgumentError("OIDC JWKS: 须为含 keys 数组的 JSON (not a JWKS)");
  }
  std::vector<ProviderKey> keys;
  for (const nlohmann::json& key : jwks["keys"]) {
    if (!key.is_object() || !key.contains("kty") || !key["kty"].is_string()) continue;
    const std::string kid = key.value("kid", "");
    std::string pem;
    if (key["kty"] == "RSA" && key.contains("n") && key.contains("e") && key["n"].is_string() &&
        key["e"].is_string()) {
      pem = RsaPem(FromBase64Url(key["n"]), FromBase64Url(key["e"]));
    } else if (key["kty"] == "EC" && key.value("crv", "") == "P-256" && key.contains("x") &&
               key.contains("y") && key["x"].is_string() && key["y"].is_string()) {
      pem = EcPem(FromBase64Url(key["x"]), FromBase64Url(key["y"]));
    }
    if (!pem.empty()) keys.push_back({kid, pem});
  }
  if (keys.empty()) {
    return absl::InvalidArgumentError("OIDC JWKS: 没有可用的 RSA 或 P-256 密钥 (no usable key)");
  }
  return keys;
}

absl::StatusOr<std::string> VerifyIdToken(const OidcProvider& provider, absl::string_view id_token,
                                          absl::Time now) {
  const std::vector<std::string> parts = absl::StrSplit(id_token, '.');
  if (parts.size() != 3) {
    return absl::UnauthenticatedError("统一身份认证令牌格式错误 (ID token is not a JWT)");
  }
  const nlohmann::json header = nlohmann::json::parse(FromBase64Url(parts[0]), nullptr, false);
  if (!header.is_object()) {
    return absl::UnauthenticatedError("统一身份认证令牌格式错误 (bad JWT header)");
  }
  const std::string alg = header.value("alg", "");
  const std::string kid = header.value("kid", "");
  if (alg != "RS256" && alg != "ES256") {
    return absl::UnauthenticatedError(
        "统一身份认证令牌的签名算法须为 RS256 或 ES256 (alg must be RS256 or ES256)");
  }
  const std::string token(id_token);
  for (const ProviderKey& key : provider.keys) {
    if (!kid.empty() && !key.kid.empty() && key.kid != kid) continue;
    jwt_t* raw = nullptr;
    if (jwt_decode(&raw, token.c_str(), reinterpret_cast<const unsigned char*>(key.pem.data()),
                   static_cast<int>(key.pem.size())) != 0 ||
        raw == nullptr) {
      if (raw != nullptr) jwt_free(raw);
      continue;
    }
    std::unique_ptr<jwt_t, decltype(&jwt_free)> jwt(raw, jwt_free);
    const jwt_alg_t decoded = jwt_get_alg(jwt.get());
    if ((alg == "RS256" && decoded != JWT_ALG_RS256) ||
        (alg == "ES256" && decoded != JWT_ALG_ES256)) {
      continue;
    }
    char* claims_text = jwt_get_grants_json(jwt.get(), nullptr);
    const nlohmann::json claims =
        nlohmann::json::parse(claims_text != nullptr ? claims_text : "", nullptr, false);
    std::free(claims_text);
    if (!claims.is_object() || claims.value("iss", "") != provider.issuer) {
      return absl::UnauthenticatedError("统一身份认证令牌的签发者不符 (wrong issuer)");
    }
    bool audience = false;
    if (claims.contains("aud") && claims["aud"].is_string()) {
      audience = claims["aud"] == provider.audience;
    } else if (claims.contains("aud") && claims["aud"].is_array()) {
      for (const auto& entry : claims["aud"]) audience = audience || entry == provider.audience;
    }
    if (!audience) {
      return absl::UnauthenticatedError("统一身份认证令牌不是签给本系统的 (wrong audience)");
    }
    if (!claims.contains("exp") || !claims["exp"].is_number_integer() ||
        absl::FromUnixSeconds(claims["exp"].get<int64_t>()) + absl::Minutes(1) <= now) {
      return absl::UnauthenticatedError("统一身份认证令牌已过期 (ID token expired)");
    }
    const std::string subject = claims.value("sub", "");
    if (subject.empty() || subject.size() > 255) {
      return absl::UnauthenticatedError("统一身份认证令牌缺少用户标识 (missing sub)");
    }
    return subject;
  }
  return absl::UnauthenticatedError(
      "统一身份认证令牌的签名无法用配置的密钥验证 (ID token signature does not verify)");
}

}  // namespace reportflow::identity
