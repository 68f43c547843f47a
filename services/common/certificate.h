// The approval certificate's canonical form, signature and verification
// (docs/api.md): `signed_payload` is the canonical JSON — keys sorted, no
// insignificant whitespace, UTF-8 — of the fields report, report_version,
// digest, workflow_definition, stages, issue_time (RFC 3339, UTC) and unit;
// `signature` is its Ed25519 signature. The review service signs; the
// publication service verifies with the review service's configured key.
#ifndef REPORTFLOW_SERVICES_COMMON_CERTIFICATE_H_
#define REPORTFLOW_SERVICES_COMMON_CERTIFICATE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reportflow/review/v1/review.pb.h"
#include "services/common/signing.h"

namespace reportflow {

// The canonical JSON of the certificate's signed fields, its name included.
std::string CertificatePayload(const review::v1::ApprovalCertificate& certificate);

// Fills `signed_payload`, `signature` and `public_key` from the other fields.
void SignCertificate(const SigningKey& key, review::v1::ApprovalCertificate* certificate);

// OK when `signature` is `public_key`'s signature of `signed_payload` and the
// payload is the canonical form of the certificate's fields. PERMISSION_DENIED
// saying which check failed otherwise.
absl::Status VerifyCertificate(const review::v1::ApprovalCertificate& certificate,
                               absl::string_view public_key);

// What a verifier receives: only the signed bytes are trusted. Checks that
// `public_key_name` names `public_key` (raw bytes, the configured key) and
// that `signature` verifies over `signed_payload`, then reads the
// certificate's fields from the payload, checks that the signed name is
// `name` (so a certificate cannot be filed under another review) and that the
// payload is canonical.
// PERMISSION_DENIED saying which check failed.
absl::StatusOr<review::v1::ApprovalCertificate> OpenSignedCertificate(
    absl::string_view name, absl::string_view signed_payload, absl::string_view signature,
    absl::string_view public_key_name, absl::string_view public_key);

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_CERTIFICATE_H_
