#include "services/common/version_digest.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/sha256.h"

namespace reportflow {

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

absl::Status VerifyReportVersion(const drafting::v1::ReportVersion& version,
                                 absl::string_view expected_digest) {
  std::vector<ManifestLine> manifest;
  for (const drafting::v1::ManifestEntry& entry : version.manifest()) {
    // section: reports/{r}/sections/{s}; revision: …/revisions/{n} or empty.
    const std::vector<absl::string_view> section = absl::StrSplit(entry.section(), '/');
    ManifestLine line;
    if (section.size() != 4 || section[2] != "sections") {
      return absl::InvalidArgumentError(
          absl::StrCat("manifest.section: malformed \"", entry.section(), "\""));
    }
    line.section_key = std::string(section[3]);
    if (!entry.revision().empty()) {
      const std::vector<absl::string_view> revision = absl::StrSplit(entry.revision(), '/');
      if (revision.size() != 6 || !absl::SimpleAtoi(revision[5], &line.revision)) {
        return absl::InvalidArgumentError(
            absl::StrCat("manifest.revision: malformed \"", entry.revision(), "\""));
      }
      if (Sha256Hex(entry.content()) != entry.content_sha256()) {
        return absl::FailedPreconditionError(
            absl::StrCat("章节 ", entry.section(), " 的内容与其摘要不符 (content does not match ",
                         "its sha256)"));
      }
      line.content_sha256 = entry.content_sha256();
    }
    manifest.push_back(std::move(line));
  }
  if (ManifestDigest(manifest) != version.digest()) {
    return absl::FailedPreconditionError(
        absl::StrCat("版本 ", version.name(), " 的清单与其摘要不符 (manifest does not match the ",
                     "version digest)"));
  }
  if (!expected_digest.empty() && version.digest() != expected_digest) {
    return absl::FailedPreconditionError(
        absl::StrCat("版本 ", version.name(), " 的摘要为 ", version.digest().substr(0, 12),
                     "…，不是 ", expected_digest.substr(0, 12), "… (digest mismatch)"));
  }
  return absl::OkStatus();
}

}  // namespace reportflow
