#include "services/drafting/domain/content.h"

#include "absl/strings/str_cat.h"

namespace reportflow::drafting {

long InvalidUtf8Offset(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    uint32_t code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      length = 2;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      code = c & 0x07;
    } else {
      return static_cast<long>(i);
    }
    if (i + length > text.size()) {
      return static_cast<long>(i);
    }
    for (size_t k = 1; k < length; ++k) {
      const unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) {
        return static_cast<long>(i);
      }
      code = (code << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and values beyond U+10FFFF are invalid.
    static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
      return static_cast<long>(i);
    }
    i += length;
  }
  return -1;
}

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
