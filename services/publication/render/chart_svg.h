// Draws a chart block (services/common/chart_block.h) as an inline SVG for
// the portal page: a bar chart with each amount above its bar, or a pie with
// a legend giving every label, amount and share (占比, from the rows' total).
// The SVG is self-contained (no fonts or scripts fetched) and well-formed XML.
#ifndef REPORTFLOW_SERVICES_PUBLICATION_RENDER_CHART_SVG_H_
#define REPORTFLOW_SERVICES_PUBLICATION_RENDER_CHART_SVG_H_

#include <string>

#include "services/common/chart_block.h"

namespace reportflow::publication {

// The `<svg>` element for `chart`.
std::string ChartSvg(const Chart& chart);

// Each row's share of the rows' total in percent, formatted "78.44%"; "0.00%"
// for every row when the total is zero.
std::string ShareText(const Chart& chart, size_t row);

// `text` with &, <, >, " and ' escaped for HTML and XML.
std::string EscapeXml(absl::string_view text);

}  // namespace reportflow::publication

#endif  // REPORTFLOW_SERVICES_PUBLICATION_RENDER_CHART_SVG_H_
