// Text against tables (figures.table): the report's tables are the source of
// its figures. An amount the text states for a row label of a table —
// 公务接待费支出决算 30 万元 against the row 公务接待费 — must be that row's
// figure in the column the text speaks of (决算数 unless it says 预算), in
// the table's unit. When the same label is in several tables, one agreeing
// cell is enough. 合计/总计 rows are not matched (their label does not name
// what they total).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "proofread/context.h"
#include "proofread/numbers.h"
#include "proofread/proofreader.h"
#include "re2/re2.h"
#include "services/common/csv.h"

namespace reportflow::proofread {
namespace {

// A label as both the text and the tables write it, without the words that
// only say which figure it is: 其中：, 支出, 决算(数), 为, 财政拨款, spaces.
std::string Normalize(absl::string_view label) {
  std::string out = absl::StrReplaceAll(label, {{" ", ""},
                                                {"\t", ""},
                                                {"　", ""},
                                                {"其中", ""},
                                                {"：", ""},
                                                {":", ""},
                                                {"支出", ""},
                                                {"决算数", ""},
                                                {"决算", ""},
                                                {"预算数", ""},
                                                {"预算", ""},
                                                {"财政拨款", ""},
                                                {"为", ""},
                                                {"“", ""},
                                                {"”", ""},
                                                {"\"", ""}});
  return out;
}

struct Cell {
  std::string table;
  std::string row;      // as written
  std::string column;   // as written
  std::string label;    // normalized row label
  bool budget = false;  // a 预算 column
  Amount amount;
};

std::vector<Cell> Cells(const ReportTable& table) {
  std::vector<Cell> cells;
  absl::StatusOr<CsvRows> rows = ParseCsv(table.csv);
  if (!rows.ok() || rows->size() < 2) return cells;
  const std::vector<std::string>& header = rows->front();
  std::string unit = "万元";
  if (absl::StrContains(table.csv.substr(0, 200), "（元）") ||
      absl::StrContains(table.csv.substr(0, 200), "单位：元")) {
    unit = "元";
  }
  for (size_t r = 1; r < rows->size(); ++r) {
    const std::vector<std::string>& row = (*rows)[r];
    if (row.empty()) continue;
    const std::string label = Normalize(row[0]);
    // A 合计 row stands for the table's subject, which its label does not
    // name: matched by no text label.
    if (label.empty() || label == "合计" || label == "总计" || label == "小计" || label == "其他") {
      continue;
    }
    for (size_t c = 1; c < row.size() && c < header.size(); ++c) {
      if (absl::StrContains(header[c], "%") || absl::StrContains(header[c], "％") ||
          absl::StrContains(header[c], "率")) {
        continue;
      }
      int decimals = 0;
      const std::string value(absl::StripAsciiWhitespace(row[c]));
      if (value.empty() || value.find_first_not_of("0123456789.,-") != std::string::npos) continue;
      Cell cell;
      cell.table = table.title;
      cell.row = row[0];
      cell.column = header[c];
      cell.label = label;
      cell.budget = absl::StrContains(header[c], "预算") && !absl::StrContains(header[c], "决算");
      cell.amount.value = ParseNumber(value, &decimals);
      cell.amount.decimals = decimals;
      cell.amount.unit = unit;
      cells.push_back(std::move(cell));
    }
  }
  return cells;
}

// The words of the clause before `begin` (after the last ，；。、：), at most
// 60 bytes.
std::string LabelBefore(const std::string& text, size_t begin) {
  size_t start = begin >= 60 ? begin - 60 : 0;
  for (const char* mark : {"，", "；", "。", "、", "：", ",", ";", "（", "）"}) {
    const size_t found = text.rfind(mark, begin);
    if (found != std::string::npos && found >= start && found < begin) {
      start = std::max(start, found + std::string(mark).size());
    }
  }
  // Keep whole UTF-8 characters.
  while (start < begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) ++start;
  return text.substr(start, begin - start);
}

}  // namespace

void CheckAgainstTables(Context& context) {
  std::vector<Cell> cells;
  for (const ReportTable& table : context.options().tables) {
    std::vector<Cell> more = Cells(table);
    cells.insert(cells.end(), more.begin(), more.end());
  }
  if (cells.empty()) return;
  const int count = static_cast<int>(context.document().nodes().size());
  for (int index = 0; index < count; ++index) {
    const std::string& text = context.document().nodes()[index].text;
    for (const FoundAmount& amount : FindAmounts(text)) {
      if (!amount.IsMoney() || amount.is_change) continue;
      const std::string raw = LabelBefore(text, amount.begin);
      const std::string label = Normalize(raw);
      if (label.empty()) continue;
      const bool budget =
          absl::StrContains(raw, "预算") && !absl::StrContains(raw, "一般公共预算") &&
          !absl::StrContains(raw, "基金预算") && !absl::StrContains(raw, "经营预算");
      // The row whose label the text's label ends with, the longest.
      size_t best = 0;
      for (const Cell& cell : cells) {
        if (absl::EndsWith(label, cell.label)) best = std::max(best, cell.label.size());
      }
      if (best == 0) continue;
      const Cell* disagreeing = nullptr;
      bool agrees = false;
      for (const Cell& cell : cells) {
        if (cell.label.size() != best || !absl::EndsWith(label, cell.label) ||
            cell.budget != budget || cell.amount.unit != amount.unit) {
          continue;
        }
        if (std::fabs(cell.amount.value - amount.value) <=
            cell.amount.HalfUnit() + amount.HalfUnit() + 1e-9) {
          agrees = true;
        } else if (disagreeing == nullptr) {
          disagreeing = &cell;
        }
      }
      if (agrees || disagreeing == nullptr) continue;
      context.Add("figures.table", Severity::kError, index, amount.begin, amount.end,
                  absl::StrCat("正文中“", disagreeing->row, "”为 ", amount.Text(), amount.unit,
                               "，而附表“", disagreeing->table, "”中该行的“", disagreeing->column,
                               "”为 ", disagreeing->amount.Text(), disagreeing->amount.unit, "。"),
                  "核对正文与附表，改正其中有误的一处。");
    }
  }
}

}  // namespace reportflow::proofread
