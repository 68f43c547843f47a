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

absl::Status ReadTime(const nlohmann::json& value, google::protobuf::Timestamp* time) {
  absl::Time parsed;
  std::string error;
  if (!value.is_string() ||
      !absl::ParseTime("%Y-%m-%dT%H:%M:%E*SZ", value.get<std::string>(), &parsed, &error)) {
    return absl::PermissionDeniedError("审定证书时间格式无效 (certificate time is not RFC 3339)");
  }
  const absl::Duration since_epoch = parsed - absl::UnixEpoch();
  time->set_seconds(absl::ToInt64Seconds(since_epoch));
  time->set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(since_epoch - absl::Seconds(time->seconds()))));
  return absl::OkStatus();
}

// Reads the fields of a signed payload; throws nlohmann::json exceptions on a
// wrong shape (caught by the caller).
absl::Status ReadPayload(absl::string_view payload, review::v1::ApprovalCertificate* certificate) {
  const nlohmann::json json = nlohmann::json::parse(payload.begin(), payload.end());
  // The name is signed too: a certificate cannot be filed under another
  // review's name.
  if (json.at("name").get<std::string>() != certificate->name()) {
    return absl::PermissionDeniedError(
        "审定证书名称与签名内容不符 (certificate name differs from the signed name)");
  }
  certificate->set_report(json.at("report").get<std::string>());
  certificate->set_report_version(json.at("report_version").get<std::string>());
  certificate->set_digest(json.at("digest").get<std::string>());
  certificate->set_workflow_definition(json.at("workflow_definition").get<std::string>());
  certificate->set_unit(json.at("unit").get<std::string>());
  if (absl::Status status = ReadTime(json.at("issue_time"), certificate->mutable_issue_time());
      !status.ok()) {
    return status;
  }
  for (const nlohmann::json& item : json.at("stages")) {
    review::v1::CertifiedStage* stage = certificate->add_stages();
    stage->set_key(item.at("key").get<std::string>());
    stage->set_display_name(item.at("display_name").get<std::string>());
    stage->set_role(item.at("role").get<std::string>());
    stage->mutable_signer()->set_user_id(item.at("signer").at("user_id").get<std::string>());
    stage->mutable_signer()->set_display_name(
        item.at("signer").at("display_name").get<std::string>());
    stage->set_opinion(item.at("opinion").get<std::string>());
    if (absl::Status status = ReadTime(item.at("sign_time"), stage->mutable_sign_time());
        !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
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
  const nlohmann::json payload = {{"name", certificate.name()},
                                  {"report", certificate.report()},
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

absl::StatusOr<review::v1::ApprovalCertificate> OpenSignedCertificate(
    absl::string_view name, absl::string_view signed_payload, absl::string_view signature,
    absl::string_view public_key_name, absl::string_view public_key) {
  review::v1::ApprovalCertificate certificate;
  certificate.set_name(std::string(name));
  certificate.set_signed_payload(std::string(signed_payload));
  certificate.set_signature(std::string(signature));
  certificate.set_public_key(std::string(public_key_name));
  if (certificate.public_key() != absl::StrCat("publicKeys/", SigningKeyId(public_key))) {
    return absl::PermissionDeniedError(
        absl::StrCat("审定证书由未配置的密钥 ", certificate.public_key(),
                     " 签署 (certificate signed by a key that is not configured)"));
  }
  if (!VerifySignature(public_key, signed_payload, signature)) {
    return absl::PermissionDeniedError("审定证书签名无效 (certificate signature does not verify)");
  }
  try {
    if (absl::Status status = ReadPayload(signed_payload, &certificate); !status.ok()) {
      return status;
    }
  } catch (const nlohmann::json::exception&) {
    return absl::PermissionDeniedError(
        "审定证书内容不是有效的证书 (signed payload is not a certificate)");
  }
  if (absl::Status status = VerifyCertificate(certificate, public_key); !status.ok()) {
    return status;
  }
  return certificate;
}

}  // namespace reportflow
