#include "services/common/certificate.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace reportflow {
namespace {

std::string Rfc3339(const google::protobuf::Timestamp& time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ",
                          absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos()),
                          absl::UTCTimeZone());
}

}  // namespace

std::string CertificatePayload(const review::v1::ApprovalCertificate& certificate) {
  nlohmann::json stages = nlohmann::json::array();
  for (const review::v1::CertifiedStage& stage : certificate.stages()) {
    stages.push_back(
        {{"key", stage.key()},
         {"display_name", stage.display_name()},
         {"role", stage.role()},
         {"signer",
          {{"user_id", stage.signer().user_id()}, {"display_name", stage.signer().display_name()}}},
         {"sign_time", Rfc3339(stage.sign_time())},
         {"opinion", stage.opinion()}});
  }
  const nlohmann::json payload = {{"report", certificate.report()},
                                  {"report_version", certificate.report_version()},
                                  {"digest", certificate.digest()},
                                  {"workflow_definition", certificate.workflow_definition()},
                                  {"stages", stages},
                                  {"issue_time", Rfc3339(certificate.issue_time())},
                                  {"unit", certificate.unit()}};
  // nlohmann::json keeps object keys sorted; dump() adds no whitespace.
  return payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void SignCertificate(const SigningKey& key, review::v1::ApprovalCertificate* certificate) {
  certificate->set_signed_payload(CertificatePayload(*certificate));
  certificate->set_signature(Sign(key, certificate->signed_payload()));
  certificate->set_public_key(absl::StrCat("publicKeys/", key.id));
}

absl::Status VerifyCertificate(const review::v1::ApprovalCertificate& certificate,
                               absl::string_view public_key) {
  if (certificate.public_key() != absl::StrCat("publicKeys/", SigningKeyId(public_key))) {
    return absl::PermissionDeniedError(
        absl::StrCat("审定证书由未知密钥 ", certificate.public_key(),
                     " 签署 (certificate signed by an unknown key)"));
  }
  if (!VerifySignature(public_key, certificate.signed_payload(), certificate.signature())) {
    return absl::PermissionDeniedError("审定证书签名无效 (certificate signature does not verify)");
  }
  if (CertificatePayload(certificate) != certificate.signed_payload()) {
    return absl::PermissionDeniedError(
        "审定证书内容与签名内容不一致 (certificate fields differ from the signed payload)");
  }
  return absl::OkStatus();
}

}  // namespace reportflow
