// SHA-256 (libsodium) as lowercase hex, the form every digest in ReportFlow
// takes: revision contents, version digests, audit chain links; and
// HMAC-SHA256 with a key of any length, for the signatures of webhooks.
#ifndef REPORTFLOW_SERVICES_COMMON_SHA256_H_
#define REPORTFLOW_SERVICES_COMMON_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"

namespace reportflow {

// Returns the lowercase hex SHA-256 of `data`.
std::string Sha256Hex(absl::string_view data);

// The raw 32-byte HMAC-SHA256 of `message` under `key` (RFC 2104).
std::string HmacSha256(absl::string_view key, absl::string_view message);

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_SHA256_H_
