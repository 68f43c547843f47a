#include "services/drafting/formats/table_grid.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"

namespace reportflow::drafting::formats {
namespace {

bool RowEmpty(const std::vector<std::string>& row) {
  return std::all_of(row.begin(), row.end(), [](const std::string& cell) { return cell.empty(); });
}

}  // namespace

int HeaderRows(const Grid& grid) {
  const int rows = static_cast<int>(grid.rows.size());
  if (rows == 0) return 0;
  int header = 1;
  while (header < rows) {
    const auto& above = grid.rows[header - 1];
    const auto& row = grid.rows[header];
    const bool spans_above = std::any_of(above.begin(), above.end(),
                                         [](const GridCell& c) { return c.merged_from_left; });
    const bool merged_down =
        std::any_of(row.begin(), row.end(), [](const GridCell& c) { return c.merged_from_above; });
    if (!spans_above && !merged_down) break;
    ++header;
  }
  // A table that is all header (merges everywhere) keeps its last row as data.
  return std::min(header, std::max(1, rows - 1));
}

CsvRows ToCsvRows(const Grid& grid) {
  // Resolve merges: a covered cell takes its merge's first cell's text.
  std::vector<std::vector<std::string>> text;
  for (size_t r = 0; r < grid.rows.size(); ++r) {
    std::vector<std::string> row;
    for (size_t c = 0; c < grid.rows[r].size(); ++c) {
      const GridCell& cell = grid.rows[r][c];
      std::string value(absl::StripAsciiWhitespace(cell.text));
      if (cell.merged_from_left && c > 0) {
        value = row[c - 1];
      } else if (cell.merged_from_above && r > 0 && c < text[r - 1].size()) {
        value = text[r - 1][c];
      }
      row.push_back(std::move(value));
    }
    text.push_back(std::move(row));
  }
  CsvRows out;
  if (text.empty()) return out;
  size_t columns = 0;
  for (const auto& row : text) columns = std::max(columns, row.size());
  for (auto& row : text) row.resize(columns);
  // Trailing columns empty in every row go.
  while (columns > 0 && std::all_of(text.begin(), text.end(),
                                    [&](const auto& row) { return row[columns - 1].empty(); })) {
    --columns;
  }
  for (auto& row : text) row.resize(columns);

  const int header_rows = HeaderRows(grid);
  std::vector<std::string> header(columns);
  for (size_t c = 0; c < columns; ++c) {
    std::vector<std::string> parts;
    for (int r = 0; r < header_rows; ++r) {
      const std::string& part = text[r][c];
      if (!part.empty() && (parts.empty() || parts.back() != part)) parts.push_back(part);
    }
    header[c] = absl::StrJoin(parts, "/");
  }
  out.push_back(std::move(header));
  for (size_t r = header_rows; r < text.size(); ++r) {
    if (!RowEmpty(text[r])) out.push_back(std::move(text[r]));
  }
  return out;
}

}  // namespace reportflow::drafting::formats
