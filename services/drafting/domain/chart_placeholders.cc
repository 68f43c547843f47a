#include "services/drafting/domain/chart_placeholders.h"

#include <optional>
#include <regex>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "services/common/chart_block.h"

namespace reportflow::drafting {
namespace {

// std::regex works on bytes here; the patterns use only ASCII classes and
// whole multi-byte literals, so UTF-8 text is matched correctly.
const std::regex& PlaceholderPattern() {
  static const std::regex pattern(
      "(?:（|\\()\\s*图\\s*([0-9]+)\\s*(?:：|:)\\s*(.*?)(?:）|\\))"
      "(?:\\s*(?:（|\\()(柱状图|条形图|饼状图|折线图)(?:）|\\)))?");
  return pattern;
}

int Decimals(const std::string& number) {
  const size_t dot = number.find('.');
  return dot == std::string::npos ? 0 : static_cast<int>(number.size() - dot - 1);
}

std::vector<ChartRow> ShareRows(const std::string& window) {
  static const std::regex share(
      "([0-9]+(?:\\.[0-9]+)?)\\s*万元\\s*(?:，|,)\\s*占\\s*[0-9]+(?:\\.[0-9]+)?\\s*%");
  std::vector<ChartRow> rows;
  for (auto it = std::sregex_iterator(window.begin(), window.end(), share);
       it != std::sregex_iterator(); ++it) {
    ChartRow row;
    row.label = AmountLabel(absl::string_view(window).substr(0, it->position(0)));
    row.amount_text = (*it)[1].str();
    if (row.label.empty() || !absl::SimpleAtod(row.amount_text, &row.amount)) {
      continue;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<ChartRow> ChangeRows(const std::string& window) {
  static const std::regex compared("与\\s*([0-9]{4})\\s*年度?\\s*相比");
  static const std::regex amount("([0-9]+(?:\\.[0-9]+)?)\\s*万元");
  static const std::regex year("([0-9]{4})\\s*年");
  static const std::regex change("(减少|增加)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*万元");
  std::smatch compared_match;
  if (!std::regex_search(window, compared_match, compared)) {
    return {};
  }
  const std::string before = window.substr(0, compared_match.position(0));
  const std::string after = window.substr(compared_match.position(0) + compared_match.length(0));
  std::smatch year_match;
  std::smatch change_match;
  std::optional<std::smatch> last_amount;
  for (auto it = std::sregex_iterator(before.begin(), before.end(), amount);
       it != std::sregex_iterator(); ++it) {
    last_amount = *it;
  }
  if (!last_amount.has_value() || !std::regex_search(before, year_match, year) ||
      !std::regex_search(after, change_match, change)) {
    return {};
  }
  double current = 0;
  double delta = 0;
  const std::string current_text = (*last_amount)[1].str();
  if (!absl::SimpleAtod(current_text, &current) ||
      !absl::SimpleAtod(change_match[2].str(), &delta)) {
    return {};
  }
  const double previous = change_match[1].str() == "减少" ? current + delta : current - delta;
  if (previous < 0) {
    return {};
  }
  const int decimals = std::max(Decimals(current_text), Decimals(change_match[2].str()));
  return {{absl::StrCat(compared_match[1].str(), "年度"),
           absl::StrFormat("%.*f", decimals, previous), previous},
          {absl::StrCat(year_match[1].str(), "年度"), current_text, current}};
}

}  // namespace

std::string ChartsFromPlaceholders(absl::string_view content, int* converted) {
  const std::string text(content);
  std::string out;
  size_t window_start = 0;  // text since the previous figure
  size_t copied = 0;
  int count = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), PlaceholderPattern());
       it != std::sregex_iterator(); ++it) {
    const std::smatch& match = *it;
    const size_t at = match.position(0);
    const std::string window = text.substr(window_start, at - window_start);
    window_start = at + match.length(0);
    const std::string marker = match[3].str();
    std::vector<ChartRow> shares = ShareRows(window);
    Chart chart;
    chart.title = absl::StrCat("图", match[1].str(), " ", match[2].str());
    chart.unit = "万元";
    const bool pie = marker == "饼状图" || (marker.empty() && shares.size() >= 2);
    if (pie) {
      chart.type = ChartType::kPie;
      chart.rows = std::move(shares);
    } else if (marker != "折线图") {
      chart.type = ChartType::kBar;
      chart.rows = ChangeRows(window);
    }
    if (chart.rows.empty()) {
      continue;
    }
    absl::StrAppend(&out, text.substr(copied, at - copied), "\n\n", FormatChartBlock(chart), "\n");
    copied = at + match.length(0);
    ++count;
  }
  absl::StrAppend(&out, text.substr(copied));
  if (converted != nullptr) {
    *converted = count;
  }
  if (count == 0) {
    return out;
  }
  // Blocks inserted at paragraph ends leave runs of blank lines behind.
  std::string tidy = out;
  while (tidy.find("\n\n\n") != std::string::npos) {
    tidy = absl::StrReplaceAll(tidy, {{"\n\n\n", "\n\n"}});
  }
  while (!tidy.empty() && tidy.front() == '\n') {
    tidy.erase(0, 1);
  }
  return tidy;
}

}  // namespace reportflow::drafting
