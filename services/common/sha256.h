// SHA-256 (libsodium) as lowercase hex, the form every digest in ReportFlow
// takes: revision contents, version digests, audit chain links.
#ifndef REPORTFLOW_SERVICES_COMMON_SHA256_H_
#define REPORTFLOW_SERVICES_COMMON_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"

namespace reportflow {

// Returns the lowercase hex SHA-256 of `data`.
std::string Sha256Hex(absl::string_view data);

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_SHA256_H_
