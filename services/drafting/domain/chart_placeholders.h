// The import's chart step: a Word export keeps only a placeholder where the
// report had a figure — （图 2：收入决算结构图）（饼状图） — while the prose
// before it states the numbers the figure drew. ChartsFromPlaceholders turns
// each placeholder whose numbers the text gives into a chart block
// (services/common/chart_block.h), which the portal page draws as SVG:
//   - a pie (饼状图) takes every "X 万元，占 y%" item since the previous
//     figure, labelled by the words before the amount;
//   - a bar chart (柱状图) of a change takes the year's amount before
//     "与 YYYY 年度相比" and the 增加/减少 amount after it, and draws last
//     year beside this year.
// Without a type marker, a figure is a pie when its text lists shares. A
// placeholder whose numbers the text does not give is left as written.
#ifndef REPORTFLOW_SERVICES_DRAFTING_DOMAIN_CHART_PLACEHOLDERS_H_
#define REPORTFLOW_SERVICES_DRAFTING_DOMAIN_CHART_PLACEHOLDERS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace reportflow::drafting {

// `content` (a section's CommonMark) with its placeholders turned into chart
// blocks; `converted`, when given, receives how many were.
std::string ChartsFromPlaceholders(absl::string_view content, int* converted = nullptr);

}  // namespace reportflow::drafting

#endif  // REPORTFLOW_SERVICES_DRAFTING_DOMAIN_CHART_PLACEHOLDERS_H_
