// The digest of a report version, as docs/api.md defines it: the lowercase
// hex SHA-256 of one line per manifest entry, in template order,
//   <section key>\t<revision number or 0>\t<content sha256 or empty>\n
// Anyone holding the version can recompute it; approvals are bound to it.
#ifndef REPORTFLOW_SERVICES_DRAFTING_DOMAIN_DIGEST_H_
#define REPORTFLOW_SERVICES_DRAFTING_DOMAIN_DIGEST_H_

#include <string>
#include <vector>

namespace reportflow::drafting {

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

}  // namespace reportflow::drafting

#endif  // REPORTFLOW_SERVICES_DRAFTING_DOMAIN_DIGEST_H_
