// The digest of a report version, as docs/api.md defines it: the lowercase
// hex SHA-256 of one line per manifest entry, in template order,
//   <section key>\t<revision number or 0>\t<content sha256 or empty>\n
// Anyone holding the version can recompute it; approvals are bound to it.
// Drafting computes it when it freezes a version; review and publication
// recompute it from a fetched version (VerifyReportVersion) before trusting it.
#ifndef REPORTFLOW_SERVICES_COMMON_VERSION_DIGEST_H_
#define REPORTFLOW_SERVICES_COMMON_VERSION_DIGEST_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "reportflow/drafting/v1/drafting.pb.h"

namespace reportflow {

struct ManifestLine {
  std::string section_key;
  // 0 when the section is empty.
  int revision = 0;
  // Empty when the section is empty.
  std::string content_sha256;
};

// The canonical manifest text the digest is computed over.
std::string CanonicalManifest(const std::vector<ManifestLine>& manifest);

// The version digest.
std::string ManifestDigest(const std::vector<ManifestLine>& manifest);

// Checks a version fetched in the FULL view: every entry's content hashes to
// its `content_sha256`, the manifest hashes to `digest`, and `digest` equals
// `expected_digest` (skipped when empty). FAILED_PRECONDITION saying which
// section or digest differs; INVALID_ARGUMENT for a malformed entry.
absl::Status VerifyReportVersion(const drafting::v1::ReportVersion& version,
                                 absl::string_view expected_digest);

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_VERSION_DIGEST_H_
