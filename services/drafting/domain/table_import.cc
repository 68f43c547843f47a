#include "services/drafting/domain/table_import.h"

#include <algorithm>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "re2/re2.h"
#include "services/drafting/domain/templates.h"

namespace reportflow::drafting {
namespace {

bool IsNumber(absl::string_view cell) {
  static const RE2* const kNumber = new RE2(R"(-?\d+(\.\d+)?%?)");
  return RE2::FullMatch(re2::StringPiece(cell.data(), cell.size()), *kNumber);
}

// A row of the sheet's preamble: 编制单位、单位：万元、公开01表、年度.
bool IsPreambleRow(const std::vector<formats::GridCell>& row) {
  static const RE2* const kPreamble =
      new RE2(R"(^(编制单位|金额单位|单位[：:]|公开\d+表|部门公开表|\d{4}年度?$|表\d+))");
  bool any = false;
  for (const formats::GridCell& cell : row) {
    if (cell.text.empty() || cell.merged_from_left || cell.merged_from_above) continue;
    any = true;
    std::string text = cell.text;
    RE2::GlobalReplace(&text, R"(\s|　)", "");
    if (!RE2::PartialMatch(text, *kPreamble) && !UnitOf(text).has_value()) return false;
  }
  return any;
}

bool IsNoteRow(const std::vector<std::string>& row) {
  if (row.empty()) return false;
  const std::string& first = row[0];
  const bool note = absl::StartsWith(first, "注：") || absl::StartsWith(first, "注:") ||
                    absl::StartsWith(first, "说明：") || absl::StartsWith(first, "备注：");
  return note && std::all_of(row.begin() + 1, row.end(), [&](const std::string& cell) {
           return cell.empty() || cell == first;  // a note merged across the row
         });
}

std::string Preview(const formats::Grid& grid) {
  std::vector<std::string> lines;
  for (const auto& row : grid.rows) {
    std::vector<std::string> cells;
    for (const formats::GridCell& cell : row) {
      if (!cell.text.empty()) cells.push_back(cell.text);
    }
    if (!cells.empty()) lines.push_back(absl::StrJoin(cells, " | "));
    if (lines.size() == 3) break;
  }
  return absl::StrJoin(lines, "\n");
}

}  // namespace

std::optional<std::string> UnitOf(absl::string_view text) {
  static const RE2* const kUnit = new RE2(R"(单位\s*[：:]\s*(亿元|万元|千元|元))");
  std::string unit;
  if (RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *kUnit, &unit)) return unit;
  return std::nullopt;
}

CsvRows WithUnit(CsvRows rows, absl::string_view unit) {
  if (unit.empty() || rows.size() < 2) return rows;
  for (size_t c = 0; c < rows[0].size(); ++c) {
    std::string& name = rows[0][c];
    if (absl::StrContains(name, "元") || absl::StrContains(name, "%") ||
        absl::StrContains(name, "％")) {
      continue;
    }
    int numbers = 0;
    int filled = 0;
    for (size_t r = 1; r < rows.size(); ++r) {
      if (c >= rows[r].size() || rows[r][c].empty()) continue;
      ++filled;
      if (IsNumber(rows[r][c]) && !absl::EndsWith(rows[r][c], "%")) ++numbers;
    }
    if (numbers > 0 && numbers * 2 >= filled) absl::StrAppend(&name, "（", unit, "）");
  }
  return rows;
}

WorkbookImport MatchWorkbook(const v1::Template& report_template,
                             const std::vector<formats::Worksheet>& sheets) {
  // Table sections by normalized title.
  std::vector<std::pair<std::string, const v1::TemplateSection*>> tables;
  for (const v1::TemplatePart& part : report_template.parts()) {
    for (const v1::TemplateSection& section : part.sections()) {
      if (section.kind() == v1::SECTION_KIND_TABLE) {
        tables.emplace_back(NormalizeHeading(section.title()), &section);
      }
    }
  }
  auto match = [&](absl::string_view text) -> const v1::TemplateSection* {
    const std::string normalized = NormalizeHeading(text);
    const v1::TemplateSection* best = nullptr;
    size_t best_length = 0;
    for (const auto& [title, section] : tables) {
      if (!title.empty() && absl::EndsWith(normalized, title) && title.size() > best_length) {
        best = section;
        best_length = title.size();
      }
    }
    return best;
  };

  WorkbookImport out;
  std::set<std::string> used;
  for (const formats::Worksheet& sheet : sheets) {
    const auto& rows = sheet.grid.rows;
    // The title: in the first five rows, else the sheet's name.
    const v1::TemplateSection* section = nullptr;
    std::string title;
    size_t title_row = 0;
    bool by_name = false;
    for (size_t r = 0; r < rows.size() && r < 5 && section == nullptr; ++r) {
      for (const formats::GridCell& cell : rows[r]) {
        if (cell.text.empty() || cell.merged_from_left || cell.merged_from_above) continue;
        if (const v1::TemplateSection* found = match(cell.text)) {
          section = found;
          title = cell.text;
          title_row = r;
          break;
        }
      }
    }
    if (section == nullptr && (section = match(sheet.name)) != nullptr) {
      title = sheet.name;
      by_name = true;
    }
    if (Preview(sheet.grid).empty()) {
      out.skipped.push_back({sheet.name, "", "工作表为空"});
      continue;
    }
    if (section == nullptr) {
      out.skipped.push_back(
          {sheet.name, Preview(sheet.grid), "工作表的标题与模板中的任何表格都不匹配"});
      continue;
    }
    if (used.count(section->key())) {
      out.skipped.push_back(
          {sheet.name, Preview(sheet.grid),
           absl::StrCat("表格“", section->title(), "”已由前面的工作表导入，此工作表未导入")});
      continue;
    }
    // Below the title: the preamble rows (unit), then the table.
    size_t start = by_name ? 0 : title_row + 1;
    std::string unit;
    for (size_t r = by_name ? 0 : title_row; r < rows.size() && r < title_row + 6; ++r) {
      for (const formats::GridCell& cell : rows[r]) {
        if (std::optional<std::string> found = UnitOf(cell.text); found && unit.empty()) {
          unit = *found;
        }
      }
    }
    while (start < rows.size() && IsPreambleRow(rows[start])) ++start;
    formats::Grid table;
    table.rows.assign(rows.begin() + std::min(start, rows.size()), rows.end());
    // The first row of the table cannot be merged down from the title's.
    if (!table.rows.empty()) {
      for (formats::GridCell& cell : table.rows[0]) cell.merged_from_above = false;
    }
    CsvRows csv = formats::ToCsvRows(table);
    std::vector<std::string> notes;
    while (csv.size() > 1 && IsNoteRow(csv.back())) {
      notes.insert(notes.begin(), csv.back()[0]);
      csv.pop_back();
    }
    if (csv.size() < 2) {
      out.skipped.push_back(
          {sheet.name, Preview(sheet.grid),
           absl::StrCat("工作表与表格“", section->title(), "”的标题匹配，但标题下没有数据行")});
      continue;
    }
    if (!notes.empty()) {
      out.skipped.push_back(
          {sheet.name, absl::StrJoin(notes, "\n"), "表注无法放入表格，未导入（表格本身已导入）"});
    }
    used.insert(section->key());
    out.tables.push_back(
        {section->key(), sheet.name, title, FormatCsv(WithUnit(std::move(csv), unit)), unit});
  }
  return out;
}

}  // namespace reportflow::drafting
