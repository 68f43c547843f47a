#include "services/common/auth.h"

#include <jwt.h>

#include <cstdlib>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1795000000);  // 2026-11-18

TokenClaims Reviewer() {
  return TokenClaims{"u-liqiang", "李强", {"review_1", "drafter"}, {"jinkouhe-gov-office"}};
}

// Signs arbitrary claims with libjwt directly, to build tokens IssueToken
// would never produce.
std::string RawToken(jwt_alg_t alg, const std::string& key, const std::string& issuer,
                     long expires) {
  jwt_t* jwt = nullptr;
  EXPECT_EQ(jwt_new(&jwt), 0);
  jwt_add_grant(jwt, "iss", issuer.c_str());
  jwt_add_grant(jwt, "sub", "u-mallory");
  jwt_add_grant_int(jwt, "exp", expires);
  jwt_set_alg(jwt, alg,
              alg == JWT_ALG_NONE ? nullptr : reinterpret_cast<const unsigned char*>(key.data()),
              alg == JWT_ALG_NONE ? 0 : static_cast<int>(key.size()));
  char* token = jwt_encode_str(jwt);
  std::string result = token != nullptr ? token : "";
  std::free(token);
  jwt_free(jwt);
  return result;
}

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<KeyPair> keys = GenerateSigningKeyPair();
    ASSERT_THAT(keys, IsOk());
    keys_ = *keys;
    absl::StatusOr<TokenVerifier> verifier = TokenVerifier::Create(keys_.public_key_pem);
    ASSERT_THAT(verifier, IsOk());
    verifier_.emplace(*std::move(verifier));
  }
  KeyPair keys_;
  std::optional<TokenVerifier> verifier_;
};

TEST_F(AuthTest, IssuedTokenVerifiesWithItsClaims) {
  absl::StatusOr<std::string> token =
      IssueToken(keys_.private_key_pem, Reviewer(), kNow, absl::Hours(8));
  ASSERT_THAT(token, IsOk());
  absl::StatusOr<Caller> caller = verifier_->Verify(*token, kNow + absl::Hours(1));
  ASSERT_THAT(caller, IsOk());
  EXPECT_EQ(caller->user_id, "u-liqiang");
  EXPECT_EQ(caller->display_name, "李强");
  EXPECT_THAT(caller->roles, ElementsAre("review_1", "drafter"));
  EXPECT_THAT(caller->units, ElementsAre("jinkouhe-gov-office"));
  EXPECT_TRUE(caller->HasRole("review_1"));
  EXPECT_FALSE(caller->HasRole("review_2"));
  EXPECT_TRUE(caller->InUnit("jinkouhe-gov-office"));
  EXPECT_FALSE(caller->InUnit("other-unit"));
  EXPECT_FALSE(caller->IsService("drafting"));
}

TEST_F(AuthTest, ServiceTokensAreRecognised) {
  TokenClaims service{"svc-drafting", "drafting-server", {"service:drafting"}, {}};
  absl::StatusOr<std::string> token =
      IssueToken(keys_.private_key_pem, service, kNow, absl::Hours(1));
  ASSERT_THAT(token, IsOk());
  absl::StatusOr<Caller> caller = verifier_->Verify(*token, kNow);
  ASSERT_THAT(caller, IsOk());
  EXPECT_TRUE(caller->IsService("drafting"));
  EXPECT_FALSE(caller->IsService("review"));
}

TEST_F(AuthTest, ExpiredTokenIsUnauthenticated) {
  absl::StatusOr<std::string> token =
      IssueToken(keys_.private_key_pem, Reviewer(), kNow, absl::Hours(1));
  ASSERT_THAT(token, IsOk());
  EXPECT_THAT(verifier_->Verify(*token, kNow + absl::Hours(1)),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("过期")));
}

TEST_F(AuthTest, TokenFromTheFutureIsUnauthenticated) {
  absl::StatusOr<std::string> token =
      IssueToken(keys_.private_key_pem, Reviewer(), kNow + absl::Hours(2), absl::Hours(8));
  ASSERT_THAT(token, IsOk());
  EXPECT_THAT(verifier_->Verify(*token, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("future")));
}

TEST_F(AuthTest, TokenSignedByAnotherKeyIsUnauthenticated) {
  absl::StatusOr<KeyPair> other = GenerateSigningKeyPair();
  ASSERT_THAT(other, IsOk());
  absl::StatusOr<std::string> token =
      IssueToken(other->private_key_pem, Reviewer(), kNow, absl::Hours(1));
  ASSERT_THAT(token, IsOk());
  EXPECT_THAT(verifier_->Verify(*token, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("signature")));
}

TEST_F(AuthTest, TamperedPayloadIsUnauthenticated) {
  absl::StatusOr<std::string> token =
      IssueToken(keys_.private_key_pem, Reviewer(), kNow, absl::Hours(1));
  ASSERT_THAT(token, IsOk());
  std::string tampered = *token;
  const size_t payload = tampered.find('.') + 5;
  tampered[payload] = tampered[payload] == 'A' ? 'B' : 'A';
  EXPECT_THAT(verifier_->Verify(tampered, kNow), StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(AuthTest, AlgorithmConfusionIsRefused) {
  // HS256 "signed" with the public key as the HMAC secret: a classic forgery.
  const std::string hs256 = RawToken(JWT_ALG_HS256, keys_.public_key_pem, "reportflow",
                                     absl::ToUnixSeconds(kNow + absl::Hours(1)));
  ASSERT_FALSE(hs256.empty());
  EXPECT_THAT(verifier_->Verify(hs256, kNow), StatusIs(absl::StatusCode::kUnauthenticated));
  const std::string none =
      RawToken(JWT_ALG_NONE, "", "reportflow", absl::ToUnixSeconds(kNow + absl::Hours(1)));
  ASSERT_FALSE(none.empty());
  EXPECT_THAT(verifier_->Verify(none, kNow), StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(AuthTest, WrongIssuerIsUnauthenticated) {
  const std::string token = RawToken(JWT_ALG_ES256, keys_.private_key_pem, "someone-else",
                                     absl::ToUnixSeconds(kNow + absl::Hours(1)));
  ASSERT_FALSE(token.empty());
  EXPECT_THAT(verifier_->Verify(token, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("issuer")));
}

TEST_F(AuthTest, AuthorizationHeaderMustBeBearer) {
  absl::StatusOr<std::string> token =
      IssueToken(keys_.private_key_pem, Reviewer(), kNow, absl::Hours(1));
  ASSERT_THAT(token, IsOk());
  EXPECT_THAT(verifier_->VerifyAuthorizationHeader("Bearer " + *token, kNow), IsOk());
  EXPECT_THAT(verifier_->VerifyAuthorizationHeader("bearer  " + *token + " ", kNow), IsOk());
  EXPECT_THAT(verifier_->VerifyAuthorizationHeader(*token, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("Bearer")));
  EXPECT_THAT(verifier_->VerifyAuthorizationHeader("", kNow),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(verifier_->VerifyAuthorizationHeader("Bearer not.a.jwt", kNow),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(AuthTest, BadInputsAreInvalidArguments) {
  EXPECT_THAT(TokenVerifier::Create("not a key"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(TokenVerifier::Create(keys_.private_key_pem),
              StatusIs(absl::StatusCode::kInvalidArgument));
  TokenClaims nobody = Reviewer();
  nobody.user_id.clear();
  EXPECT_THAT(IssueToken(keys_.private_key_pem, nobody, kNow, absl::Hours(1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("user id")));
  EXPECT_THAT(IssueToken(keys_.private_key_pem, Reviewer(), kNow, absl::ZeroDuration()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(IssueToken("garbage", Reviewer(), kNow, absl::Hours(1)),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace reportflow
