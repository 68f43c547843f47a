#include "services/identity/domain/oidc.h"

#include <jwt.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdlib>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow::identity {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;
using ::testing::HasSubstr;

struct RsaKey {
  std::string private_pem;
  std::string jwks;
};

std::string BigNumBytes(EVP_PKEY* key, const char* name) {
  BIGNUM* number = nullptr;
  EVP_PKEY_get_bn_param(key, name, &number);
  std::string bytes(BN_num_bytes(number), '\0');
  BN_bn2bin(number, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(number);
  return bytes;
}

// A provider's RSA key and its JWKS, as a provider would publish it.
RsaKey MakeProviderKey(const std::string& kid) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  RsaKey out;
  out.private_pem.assign(data, static_cast<size_t>(size));
  out.jwks = absl::StrCat(
      R"({"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":")", kid, R"(","n":")",
      absl::WebSafeBase64Escape(BigNumBytes(key.get(), OSSL_PKEY_PARAM_RSA_N)), R"(","e":")",
      absl::WebSafeBase64Escape(BigNumBytes(key.get(), OSSL_PKEY_PARAM_RSA_E)), R"("}]})");
  return out;
}

std::string IdToken(const std::string& private_pem, const std::string& kid,
                    const std::string& issuer, const std::string& audience,
                    const std::string& subject, absl::Time expiry) {
  jwt_t* jwt = nullptr;
  jwt_new(&jwt);
  jwt_add_header(jwt, "kid", kid.c_str());
  jwt_add_grant(jwt, "iss", issuer.c_str());
  jwt_add_grant(jwt, "aud", audience.c_str());
  jwt_add_grant(jwt, "sub", subject.c_str());
  jwt_add_grant_int(jwt, "exp", absl::ToUnixSeconds(expiry));
  jwt_set_alg(jwt, JWT_ALG_RS256, reinterpret_cast<const unsigned char*>(private_pem.data()),
              static_cast<int>(private_pem.size()));
  char* encoded = jwt_encode_str(jwt);
  std::string token = encoded;
  std::free(encoded);
  jwt_free(jwt);
  return token;
}

TEST(Oidc, VerifiesTheProvidersIdTokenAndRefusesEveryOther) {
  const absl::Time now = absl::FromUnixSeconds(1764000000);
  const RsaKey provider_key = MakeProviderKey("k1");
  absl::StatusOr<std::vector<ProviderKey>> keys = ParseJwks(provider_key.jwks);
  ASSERT_THAT(keys, IsOk());
  ASSERT_EQ(keys->size(), 1u);
  const OidcProvider provider{"https://tyrz.sc.gov.cn", "reportflow", *keys};
  const std::string good = IdToken(provider_key.private_pem, "k1", provider.issuer, "reportflow",
                                   "510113199001011234", now + absl::Minutes(5));
  EXPECT_THAT(VerifyIdToken(provider, good, now),
              ::reportflow::testing::IsOkAndHolds(std::string("510113199001011234")));

  const RsaKey other = MakeProviderKey("k1");
  EXPECT_THAT(VerifyIdToken(provider,
                            IdToken(other.private_pem, "k1", provider.issuer, "reportflow", "x",
                                    now + absl::Minutes(5)),
                            now),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("signature")));
  EXPECT_THAT(VerifyIdToken(provider,
                            IdToken(provider_key.private_pem, "k1", "https://evil", "reportflow",
                                    "x", now + absl::Minutes(5)),
                            now),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("issuer")));
  EXPECT_THAT(VerifyIdToken(provider,
                            IdToken(provider_key.private_pem, "k1", provider.issuer, "other-app",
                                    "x", now + absl::Minutes(5)),
                            now),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("audience")));
  EXPECT_THAT(VerifyIdToken(provider,
                            IdToken(provider_key.private_pem, "k1", provider.issuer, "reportflow",
                                    "x", now - absl::Minutes(5)),
                            now),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("expired")));
  EXPECT_THAT(VerifyIdToken(provider, "not.a.jwt", now),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(ParseJwks(R"({"keys":[]})"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseJwks("[]"), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace reportflow::identity
