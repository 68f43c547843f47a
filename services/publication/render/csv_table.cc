#include "services/publication/render/csv_table.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "services/publication/render/chart_svg.h"

namespace reportflow::publication {

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

std::string SpreadsheetSafeCsv(const CsvRows& rows) {
  std::string out;
  for (const std::vector<std::string>& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      std::string cell = row[i];
      if (!cell.empty() && absl::string_view("=+-@\t\r").find(cell[0]) != absl::string_view::npos &&
          !IsNumericCell(cell)) {
        cell.insert(0, "'");
      }
      if (i > 0) out.push_back(',');
      if (cell.find_first_of(",\"\r\n") != std::string::npos) {
        absl::StrAppend(&out, "\"", absl::StrReplaceAll(cell, {{"\"", "\"\""}}), "\"");
      } else {
        out += cell;
      }
    }
    out += "\n";
  }
  return out;
}

}  // namespace reportflow::publication
