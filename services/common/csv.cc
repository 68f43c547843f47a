#include "services/common/csv.h"

#include "absl/strings/str_cat.h"

namespace reportflow {

absl::StatusOr<CsvRows> ParseCsv(absl::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  bool after_quote = false;
  int line = 1;
  int quote_line = 0;
  auto end_row = [&]() -> absl::Status {
    row.push_back(std::move(field));
    field.clear();
    if (!rows.empty() && row.size() != rows[0].size()) {
      return absl::InvalidArgumentError(absl::StrCat("CSV 第 ", line, " 行有 ", row.size(),
                                                     " 列，表头有 ", rows[0].size(),
                                                     " 列 (every row needs the header's columns)"));
    }
    rows.push_back(std::move(row));
    row.clear();
    return absl::OkStatus();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      after_quote = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (absl::Status status = end_row(); !status.ok()) return status;
      after_quote = false;
      ++line;
    } else if (c == '"' && field.empty() && !after_quote) {
      quoted = true;
      quote_line = line;
    } else if (after_quote) {
      return absl::InvalidArgumentError(
          absl::StrCat("CSV 第 ", line, " 行：引号结束后还有字符 (text after a closing quote)"));
    } else {
      field.push_back(c);
    }
  }
  if (quoted) {
    return absl::InvalidArgumentError(
        absl::StrCat("CSV 第 ", quote_line, " 行：引号未闭合 (unclosed quote)"));
  }
  if (!field.empty() || !row.empty() || after_quote) {
    if (absl::Status status = end_row(); !status.ok()) return status;
  }
  return rows;
}

std::string FormatCsv(const CsvRows& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out.push_back(',');
      const std::string& field = row[i];
      if (field.find_first_of(",\"\r\n") == std::string::npos) {
        out += field;
        continue;
      }
      out.push_back('"');
      for (char c : field) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
      }
      out.push_back('"');
    }
    out.push_back('\n');
  }
  return out;
}

}  // namespace reportflow
