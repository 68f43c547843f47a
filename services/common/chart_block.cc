#include "services/common/chart_block.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace reportflow {
namespace {

// Splits "key: value" (ASCII or full-width colon) at the last colon, so a
// label may itself contain one.
bool SplitKeyValue(absl::string_view line, absl::string_view* key, absl::string_view* value) {
  size_t ascii = line.rfind(':');
  size_t wide = line.rfind("：");
  size_t at = absl::string_view::npos;
  size_t width = 0;
  if (ascii != absl::string_view::npos) {
    at = ascii;
    width = 1;
  }
  if (wide != absl::string_view::npos && (at == absl::string_view::npos || wide > at)) {
    at = wide;
    width = 3;
  }
  if (at == absl::string_view::npos) {
    return false;
  }
  *key = absl::StripAsciiWhitespace(line.substr(0, at));
  *value = absl::StripAsciiWhitespace(line.substr(at + width));
  return true;
}

absl::Status LineError(int line, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat("图表第 ", line, " 行：", rule));
}

bool IsAmount(absl::string_view text, double* amount) {
  if (text.empty() || text.front() == '-' || text.front() == '+') {
    return false;
  }
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '.') {
      return false;
    }
  }
  return absl::SimpleAtod(text, amount);
}

}  // namespace

std::string AmountLabel(absl::string_view text_before) {
  // A label is a few words; looking back further would make a line of many
  // amounts cost quadratic time. Cut at a UTF-8 character boundary.
  constexpr size_t kLookBack = 240;
  if (text_before.size() > kLookBack) {
    size_t cut = text_before.size() - kLookBack;
    while (cut < text_before.size() &&
           (static_cast<unsigned char>(text_before[cut]) & 0xC0) == 0x80) {
      ++cut;
    }
    text_before.remove_prefix(cut);
  }
  size_t start = 0;
  for (absl::string_view mark : {"，", "。", "；", "：", ",", ";", ":", "\n"}) {
    const size_t at = text_before.rfind(mark);
    if (at != absl::string_view::npos) {
      start = std::max(start, at + mark.size());
    }
  }
  absl::string_view label = absl::StripAsciiWhitespace(text_before.substr(start));
  // A leading year: digits, optional spaces, 年度 or 年.
  size_t digits = 0;
  while (digits < label.size() && absl::ascii_isdigit(static_cast<unsigned char>(label[digits]))) {
    ++digits;
  }
  if (digits == 4) {
    absl::string_view rest = absl::StripLeadingAsciiWhitespace(label.substr(4));
    if (absl::ConsumePrefix(&rest, "年度") || absl::ConsumePrefix(&rest, "年")) {
      label = absl::StripLeadingAsciiWhitespace(rest);
    }
  }
  absl::ConsumePrefix(&label, "其中");
  for (absl::string_view tail : {"均为", "分别为", "为", "是"}) {
    if (absl::ConsumeSuffix(&label, tail)) {
      break;
    }
  }
  return std::string(absl::StripAsciiWhitespace(label));
}

absl::string_view ChartTypeName(ChartType type) { return type == ChartType::kPie ? "pie" : "bar"; }

absl::StatusOr<Chart> ParseChartBlock(absl::string_view body) {
  Chart chart;
  bool has_type = false;
  int number = 0;
  for (absl::string_view raw : absl::StrSplit(body, '\n')) {
    ++number;
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty()) {
      continue;
    }
    absl::string_view key;
    absl::string_view value;
    if (absl::ConsumePrefix(&line, "-")) {
      ChartRow row;
      if (!SplitKeyValue(line, &key, &value) || key.empty()) {
        return LineError(number, "数据行应为“- 名称: 金额”");
      }
      if (!IsAmount(value, &row.amount)) {
        return LineError(number, absl::StrCat("“", value, "”不是非负数金额"));
      }
      row.label = std::string(key);
      row.amount_text = std::string(value);
      chart.rows.push_back(std::move(row));
      continue;
    }
    if (!SplitKeyValue(line, &key, &value)) {
      return LineError(number, "应为“type/title/unit: 值”或“- 名称: 金额”");
    }
    if (key == "type") {
      if (value == "bar") {
        chart.type = ChartType::kBar;
      } else if (value == "pie") {
        chart.type = ChartType::kPie;
      } else {
        return LineError(number, absl::StrCat("type 只能是 bar 或 pie，而不是“", value, "”"));
      }
      has_type = true;
    } else if (key == "title") {
      chart.title = std::string(value);
    } else if (key == "unit") {
      chart.unit = std::string(value);
    } else {
      return LineError(number, absl::StrCat("未知的键“", key, "”（可用 type、title、unit）"));
    }
  }
  if (!has_type) {
    return absl::InvalidArgumentError("图表缺少 type（bar 或 pie）");
  }
  if (chart.title.empty()) {
    return absl::InvalidArgumentError("图表缺少 title");
  }
  if (chart.rows.empty()) {
    return absl::InvalidArgumentError("图表没有数据行（“- 名称: 金额”）");
  }
  return chart;
}

std::string FormatChartBlock(const Chart& chart) {
  std::string block = absl::StrCat("```", kChartInfoString, "\ntype: ", ChartTypeName(chart.type),
                                   "\ntitle: ", chart.title, "\n");
  if (!chart.unit.empty()) {
    absl::StrAppend(&block, "unit: ", chart.unit, "\n");
  }
  for (const ChartRow& row : chart.rows) {
    absl::StrAppend(&block, "- ", row.label, ": ", row.amount_text, "\n");
  }
  absl::StrAppend(&block, "```\n");
  return block;
}

}  // namespace reportflow
