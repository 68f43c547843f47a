#include "services/publication/render/chart_svg.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace reportflow::publication {
namespace {

constexpr const char* kColors[] = {"#c0392b", "#2e86c1", "#d4ac0d", "#239b56",
                                   "#7d3c98", "#ca6f1e", "#5d6d7e", "#17a589"};
constexpr int kWidth = 720;

double Total(const Chart& chart) {
  double total = 0;
  for (const ChartRow& row : chart.rows) total += row.amount;
  return total;
}

std::string Open(int height, const Chart& chart) {
  return absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
      "height=\"%d\" role=\"img\" aria-label=\"%s\" font-family=\"sans-serif\">"
      "<title>%s</title><rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>"
      "<text x=\"%d\" y=\"28\" text-anchor=\"middle\" font-size=\"18\" "
      "font-weight=\"bold\">%s</text>",
      kWidth, height, kWidth, height, EscapeXml(chart.title), EscapeXml(chart.title), kWidth / 2,
      EscapeXml(chart.title));
}

std::string BarSvg(const Chart& chart) {
  const int height = 380;
  const int top = 60;
  const int bottom = 320;  // the baseline
  const int left = 60;
  const int right = kWidth - 40;
  double max = 0;
  for (const ChartRow& row : chart.rows) max = std::max(max, row.amount);
  std::string svg = Open(height, chart);
  absl::StrAppendFormat(&svg,
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>"
                        "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#555\">单位：%s</text>",
                        left, bottom, right, bottom, left, top - 10, EscapeXml(chart.unit));
  const int slot = (right - left) / static_cast<int>(chart.rows.size());
  const int bar_width = std::min(120, slot * 3 / 5);
  for (size_t i = 0; i < chart.rows.size(); ++i) {
    const ChartRow& row = chart.rows[i];
    const int bar_height =
        max > 0 ? static_cast<int>(std::lround(row.amount / max * (bottom - top - 30))) : 0;
    const int x = left + static_cast<int>(i) * slot + (slot - bar_width) / 2;
    absl::StrAppendFormat(
        &svg,
        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"14\">%s</text>"
        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"14\">%s</text>",
        x, bottom - bar_height, bar_width, bar_height, kColors[i % 8], x + bar_width / 2,
        bottom - bar_height - 8, EscapeXml(row.amount_text), x + bar_width / 2, bottom + 24,
        EscapeXml(row.label));
  }
  svg += "</svg>";
  return svg;
}

std::string PieSvg(const Chart& chart) {
  const int legend_rows = static_cast<int>(chart.rows.size());
  const int height = std::max(360, 80 + legend_rows * 28);
  const double cx = 170;
  const double cy = 200;
  const double r = 130;
  const double total = Total(chart);
  std::string svg = Open(height, chart);
  double angle = -M_PI / 2;  // from twelve o'clock, clockwise
  for (size_t i = 0; i < chart.rows.size(); ++i) {
    const double fraction = total > 0 ? chart.rows[i].amount / total : 0;
    if (fraction <= 0) {
      continue;
    }
    const char* color = kColors[i % 8];
    if (fraction >= 0.9999) {
      absl::StrAppendFormat(&svg, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>", cx,
                            cy, r, color);
      continue;
    }
    const double end = angle + fraction * 2 * M_PI;
    absl::StrAppendFormat(&svg,
                          "<path d=\"M %.2f %.2f L %.2f %.2f A %.1f %.1f 0 %d 1 %.2f %.2f Z\" "
                          "fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"1\"/>",
                          cx, cy, cx + r * std::cos(angle), cy + r * std::sin(angle), r, r,
                          fraction > 0.5 ? 1 : 0, cx + r * std::cos(end), cy + r * std::sin(end),
                          color);
    angle = end;
  }
  for (size_t i = 0; i < chart.rows.size(); ++i) {
    const int y = 80 + static_cast<int>(i) * 28;
    absl::StrAppendFormat(&svg,
                          "<rect x=\"330\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>"
                          "<text x=\"352\" y=\"%d\" font-size=\"14\">%s %s%s（%s）</text>",
                          y, kColors[i % 8], y + 12, EscapeXml(chart.rows[i].label),
                          EscapeXml(chart.rows[i].amount_text), EscapeXml(chart.unit),
                          ShareText(chart, i));
  }
  svg += "</svg>";
  return svg;
}

}  // namespace

std::string EscapeXml(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string ShareText(const Chart& chart, size_t row) {
  const double total = Total(chart);
  return absl::StrFormat("%.2f%%", total > 0 ? chart.rows[row].amount / total * 100 : 0.0);
}

std::string ChartSvg(const Chart& chart) {
  return chart.type == ChartType::kPie ? PieSvg(chart) : BarSvg(chart);
}

}  // namespace reportflow::publication
