#include "services/drafting/domain/content.h"

#include "absl/strings/str_cat.h"
#include "services/common/text_rules.h"

namespace reportflow::drafting {

absl::Status ValidateContent(v1::SectionKind kind, absl::string_view content,
                             absl::string_view field, const ContentLimits& limits) {
  if (content.size() > limits.max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": 内容 ", content.size(), " 字节，超过 ",
                                                   limits.max_bytes,
                                                   " 字节的上限 (limit max_section_bytes)"));
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
    if (rows->size() > limits.max_table_rows + 1) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": 表格有 ", rows->size() - 1,
                                                     " 行数据，超过 ", limits.max_table_rows,
                                                     " 行的上限 (limit max_table_rows)"));
    }
    if (!rows->empty() && (*rows)[0].size() > limits.max_table_columns) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": 表格有 ", (*rows)[0].size(),
                                                     " 列，超过 ", limits.max_table_columns,
                                                     " 列的上限 (limit max_table_columns)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace reportflow::drafting
