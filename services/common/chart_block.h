// Chart blocks: how a section's CommonMark text carries a figure (图) that the
// portal page draws as an SVG chart. A chart block is a fenced code block
// with the info string `chart`:
//
//   ```chart
//   type: pie
//   title: 图2 收入决算结构
//   unit: 万元
//   - 一般公共预算财政拨款收入: 1079.94
//   - 其他收入: 0.11
//   ```
//
// `type` is `bar` (amounts side by side, e.g. this year against last) or
// `pie` (the parts of a whole; shares are computed from the rows). Each row is
// `- label: amount`, the amount a non-negative decimal as written in the text.
// The drafting import writes such blocks for the report's 图 placeholders; the
// publication renderer draws them (services/publication/render/chart_svg.h).
#ifndef REPORTFLOW_SERVICES_COMMON_CHART_BLOCK_H_
#define REPORTFLOW_SERVICES_COMMON_CHART_BLOCK_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace reportflow {

// The info string of a chart block's opening fence.
inline constexpr absl::string_view kChartInfoString = "chart";

enum class ChartType { kBar, kPie };

// One bar or slice.
struct ChartRow {
  std::string label;
  // The amount as written (e.g. "847.20"), shown on the chart.
  std::string amount_text;
  double amount = 0;
};

struct Chart {
  ChartType type = ChartType::kBar;
  std::string title;
  // Unit of the amounts, e.g. 万元.
  std::string unit;
  std::vector<ChartRow> rows;
};

// Parses a chart block's body (the lines between the fences).
// INVALID_ARGUMENT naming the line and the rule broken: an unknown key or
// type, a missing title, a row without a non-negative amount, no rows.
absl::StatusOr<Chart> ParseChartBlock(absl::string_view body);

// The whole fenced block for `chart`, ending with a newline.
std::string FormatChartBlock(const Chart& chart);

// The label report prose gives the amount that follows `text_before`: the
// words since the last clause break (，。；：), without a leading year
// ("2024 年度"), 其中, or a trailing 为/均为/是. E.g. "…；其中：基本支出 " →
// "基本支出". Shared by the import (chart rows) and the publication's
// figures in data.json.
std::string AmountLabel(absl::string_view text_before);

// "bar" or "pie".
absl::string_view ChartTypeName(ChartType type);

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_CHART_BLOCK_H_
