#include "services/publication/render/csv_table.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/publication/render/chart_svg.h"

namespace reportflow::publication {

absl::StatusOr<CsvRows> ParseCsv(absl::string_view csv) {
  CsvRows rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field was quoted
  int line = 1;
  int quote_line = 0;
  auto end_field = [&] {
    row.push_back(std::move(field));
    field.clear();
    was_quoted = false;
  };
  auto end_row = [&] {
    end_field();
    if (!(row.size() == 1 && row[0].empty())) {
      rows.push_back(std::move(row));
    }
    row.clear();
  };
  for (size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < csv.size() && csv[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"') {
      if (!field.empty() || was_quoted) {
        return absl::InvalidArgumentError(
            absl::StrCat("CSV 第 ", line, " 行：引号只能出现在字段开头（RFC 4180）"));
      }
      quoted = true;
      was_quoted = true;
      quote_line = line;
    } else if (c == ',') {
      end_field();
    } else if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      end_row();
      ++line;
    } else {
      field.push_back(c);
    }
  }
  if (quoted) {
    return absl::InvalidArgumentError(
        absl::StrCat("CSV 第 ", quote_line, " 行：引号没有闭合（RFC 4180）"));
  }
  if (!field.empty() || !row.empty() || was_quoted) {
    end_row();
  }
  return rows;
}

bool IsNumericCell(absl::string_view cell) {
  cell = absl::StripAsciiWhitespace(cell);
  absl::ConsumePrefix(&cell, "-") || absl::ConsumePrefix(&cell, "+");
  absl::ConsumeSuffix(&cell, "%");
  bool digit = false;
  bool dot = false;
  for (char c : cell) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      digit = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else if (c != ',' || dot) {
      return false;
    }
  }
  return digit;
}

std::string CsvTableHtml(const CsvRows& rows) {
  std::string html = "<table>";
  for (size_t r = 0; r < rows.size(); ++r) {
    if (r == 0) html += "<thead>";
    if (r == 1) html += "<tbody>";
    html += "<tr>";
    const char* cell_tag = r == 0 ? "th" : "td";
    for (const std::string& cell : rows[r]) {
      absl::StrAppend(&html, "<", cell_tag, r > 0 && IsNumericCell(cell) ? " class=\"num\"" : "",
                      ">", EscapeXml(cell), "</", cell_tag, ">");
    }
    html += "</tr>";
    if (r == 0) html += "</thead>";
  }
  if (rows.size() > 1) html += "</tbody>";
  html += "</table>";
  return html;
}

}  // namespace reportflow::publication
