#include "services/drafting/domain/digest.h"

#include "absl/strings/str_cat.h"
#include "services/common/sha256.h"

namespace reportflow::drafting {

std::string CanonicalManifest(const std::vector<ManifestLine>& manifest) {
  std::string text;
  for (const ManifestLine& line : manifest) {
    absl::StrAppend(&text, line.section_key, "\t", line.revision, "\t", line.content_sha256, "\n");
  }
  return text;
}

std::string ManifestDigest(const std::vector<ManifestLine>& manifest) {
  return Sha256Hex(CanonicalManifest(manifest));
}

}  // namespace reportflow::drafting
