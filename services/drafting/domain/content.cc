#include "services/drafting/domain/content.h"

#include "absl/strings/str_cat.h"
#include "services/common/text_rules.h"

namespace reportflow::drafting {

absl::Status ValidateContent(v1::SectionKind kind, absl::string_view content,
                             absl::string_view field) {
  if (content.size() > kMaxContentBytes) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": 内容 ", content.size(),
                                                   " 字节，超过 1 MiB 上限 (at most ",
                                                   kMaxContentBytes, " bytes)"));
  }
  if (const long bad = InvalidUtf8Offset(content); bad >= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": 第 ", bad + 1, " 字节起不是有效的 UTF-8 (must be UTF-8)"));
  }
  if (kind == v1::SECTION_KIND_TABLE) {
    absl::StatusOr<std::vector<std::vector<std::string>>> rows = ParseCsv(content);
    if (!rows.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": ", rows.status().message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace reportflow::drafting
