#include "services/common/certificate.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/common/status_matchers.h"

namespace reportflow {
namespace {

using ::testing::HasSubstr;

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;

review::v1::ApprovalCertificate Certificate() {
  review::v1::ApprovalCertificate certificate;
  certificate.set_name("reviews/7/certificate");
  certificate.set_report("reports/r-1");
  certificate.set_report_version("reports/r-1/versions/2");
  certificate.set_digest(std::string(64, 'a'));
  certificate.set_workflow_definition("workflowDefinitions/gov-interleaved");
  certificate.set_unit("jinkouhe-gov-office");
  certificate.mutable_issue_time()->set_seconds(1764000000);
  certificate.mutable_issue_time()->set_nanos(123456000);
  review::v1::CertifiedStage* stage = certificate.add_stages();
  stage->set_key("review-3");
  stage->set_display_name("终审");
  stage->set_role("review_3");
  stage->mutable_signer()->set_user_id("u-zhaolei");
  stage->mutable_signer()->set_display_name("赵磊");
  stage->mutable_sign_time()->set_seconds(1764000000);
  stage->set_opinion("同意公开");
  return certificate;
}

TEST(CertificatePayload, IsCanonicalJsonOfTheSignedFields) {
  const std::string payload = CertificatePayload(Certificate());
  EXPECT_EQ(payload.find(' '), std::string::npos) << "no insignificant whitespace";
  EXPECT_NE(payload.find("\"issue_time\":\"2025-11-24T16:00:00.123456Z\""), std::string::npos)
      << payload;
  EXPECT_NE(payload.find("\"opinion\":\"同意公开\""), std::string::npos) << "UTF-8, not escaped";
  EXPECT_LT(payload.find("\"digest\""), payload.find("\"report\"")) << "keys sorted";
  const nlohmann::json parsed = nlohmann::json::parse(payload);
  EXPECT_EQ(parsed["stages"][0]["signer"]["display_name"], "赵磊");
  EXPECT_EQ(parsed["name"], "reviews/7/certificate") << "the name is signed too (issue 12, F10)";
}

TEST(VerifyCertificate, AcceptsWhatWasSignedWithTheKey) {
  const SigningKey key = GenerateSigningKey();
  review::v1::ApprovalCertificate certificate = Certificate();
  SignCertificate(key, &certificate);
  EXPECT_EQ(certificate.public_key(), "publicKeys/" + key.id);
  EXPECT_EQ(certificate.signature().size(), 64u);
  EXPECT_THAT(VerifyCertificate(certificate, key.public_key), IsOk());
}

TEST(VerifyCertificate, FailsAfterAnyByteOfThePayloadChanges) {
  const SigningKey key = GenerateSigningKey();
  review::v1::ApprovalCertificate certificate = Certificate();
  SignCertificate(key, &certificate);
  for (size_t i = 0; i < certificate.signed_payload().size(); ++i) {
    review::v1::ApprovalCertificate tampered = certificate;
    std::string payload = tampered.signed_payload();
    payload[i] = static_cast<char>(payload[i] ^ 0x01);
    tampered.set_signed_payload(payload);
    ASSERT_THAT(VerifyCertificate(tampered, key.public_key),
                StatusIs(absl::StatusCode::kPermissionDenied))
        << "byte " << i;
  }
  for (size_t i = 0; i < certificate.signature().size(); ++i) {
    review::v1::ApprovalCertificate tampered = certificate;
    std::string signature = tampered.signature();
    signature[i] = static_cast<char>(signature[i] ^ 0x80);
    tampered.set_signature(signature);
    ASSERT_THAT(VerifyCertificate(tampered, key.public_key),
                StatusIs(absl::StatusCode::kPermissionDenied))
        << "signature byte " << i;
  }
}

TEST(VerifyCertificate, FailsWhenAFieldDiffersFromThePayload) {
  const SigningKey key = GenerateSigningKey();
  review::v1::ApprovalCertificate certificate = Certificate();
  SignCertificate(key, &certificate);
  certificate.set_digest(std::string(64, 'b'));
  EXPECT_THAT(VerifyCertificate(certificate, key.public_key),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(VerifyCertificate, FailsWithAnotherKey) {
  const SigningKey key = GenerateSigningKey();
  review::v1::ApprovalCertificate certificate = Certificate();
  SignCertificate(key, &certificate);
  EXPECT_THAT(VerifyCertificate(certificate, GenerateSigningKey().public_key),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(SigningKey, RoundTripsThroughItsFiles) {
  const SigningKey key = GenerateSigningKey();
  absl::StatusOr<SigningKey> parsed = ParseSigningKey(SigningKeyFileText(key), "key");
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->public_key, key.public_key);
  EXPECT_EQ(parsed->id, key.id);
  absl::StatusOr<std::string> public_key = ParsePublicKey(PublicKeyFileText(key), "pub");
  ASSERT_THAT(public_key, IsOk());
  EXPECT_EQ(*public_key, key.public_key);
  EXPECT_THAT(ParseSigningKey("not hex", "review-signing.key"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(OpenSignedCertificate, ReadsTheFieldsFromTheSignedBytes) {
  const SigningKey key = GenerateSigningKey();
  review::v1::ApprovalCertificate signed_certificate = Certificate();
  SignCertificate(key, &signed_certificate);
  absl::StatusOr<review::v1::ApprovalCertificate> opened = OpenSignedCertificate(
      "reviews/7/certificate", signed_certificate.signed_payload(), signed_certificate.signature(),
      signed_certificate.public_key(), key.public_key);
  ASSERT_THAT(opened.status(), IsOk());
  EXPECT_EQ(opened->report_version(), "reports/r-1/versions/2");
  EXPECT_EQ(opened->digest(), std::string(64, 'a'));
  ASSERT_EQ(opened->stages_size(), 1);
  EXPECT_EQ(opened->stages(0).signer().display_name(), "赵磊");
  EXPECT_EQ(opened->stages(0).sign_time().seconds(), 1764000000);
  EXPECT_EQ(opened->issue_time().nanos(), 123456000);
  // The same signed bytes presented under another review's name (F10).
  EXPECT_THAT(OpenSignedCertificate("reviews/1/certificate", signed_certificate.signed_payload(),
                                    signed_certificate.signature(), signed_certificate.public_key(),
                                    key.public_key)
                  .status(),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("signed name")));
}

TEST(OpenSignedCertificate, RefusesAnotherKeyAForgeryAndANonCertificate) {
  const SigningKey key = GenerateSigningKey();
  const SigningKey forger = GenerateSigningKey();
  review::v1::ApprovalCertificate forged = Certificate();
  SignCertificate(forger, &forged);
  // Signed by a key that is not the configured one.
  EXPECT_THAT(OpenSignedCertificate("c", forged.signed_payload(), forged.signature(),
                                    forged.public_key(), key.public_key)
                  .status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  // Claims the configured key, but the signature is the forger's.
  EXPECT_THAT(OpenSignedCertificate("c", forged.signed_payload(), forged.signature(),
                                    "publicKeys/" + key.id, key.public_key)
                  .status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  // Validly signed bytes that are not a certificate.
  const std::string not_certificate = "{\"report\":1}";
  EXPECT_THAT(OpenSignedCertificate("c", not_certificate, Sign(key, not_certificate),
                                    "publicKeys/" + key.id, key.public_key)
                  .status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace reportflow
