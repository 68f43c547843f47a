#include "services/drafting/domain/chart_placeholders.h"

#include <functional>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "re2/re2.h"
#include "services/common/chart_block.h"

namespace reportflow::drafting {
namespace {

// RE2 (linear time, no recursion): the text is a drafter's, of any length.
const RE2& PlaceholderPattern() {
  static const RE2 pattern(
      "(?:（|\\()\\s*图\\s*([0-9]{1,4})\\s*(?:：|:)\\s*([^）)\\n]{0,200})(?:）|\\))"
      "(?:\\s*(?:（|\\()(柱状图|条形图|饼状图|折线图)(?:）|\\)))?");
  return pattern;
}

int Decimals(absl::string_view number) {
  const size_t dot = number.find('.');
  return dot == absl::string_view::npos ? 0 : static_cast<int>(number.size() - dot - 1);
}

absl::string_view View(const re2::StringPiece& piece) {
  return absl::string_view(piece.data(), piece.size());
}

// Calls `each` with the groups of every match of `re` in `text`, left to right.
void ForEachMatch(const RE2& re, absl::string_view text,
                  const std::function<void(const std::vector<re2::StringPiece>&)>& each) {
  const int groups = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> match(groups);
  const re2::StringPiece input(text.data(), text.size());
  size_t at = 0;
  while (at <= text.size() &&
         re.Match(input, at, text.size(), RE2::UNANCHORED, match.data(), groups)) {
    each(match);
    const size_t end = static_cast<size_t>(match[0].data() - text.data()) + match[0].size();
    at = match[0].empty() ? end + 1 : end;
  }
}

std::vector<ChartRow> ShareRows(absl::string_view window) {
  static const RE2 share(
      "([0-9]{1,15}(?:\\.[0-9]{1,6})?)\\s*万元\\s*(?:，|,)\\s*占\\s*[0-9]+(?:\\.[0-9]+)?\\s*%");
  std::vector<ChartRow> rows;
  ForEachMatch(share, window, [&](const std::vector<re2::StringPiece>& m) {
    ChartRow row;
    row.label = AmountLabel(window.substr(0, static_cast<size_t>(m[0].data() - window.data())));
    row.amount_text = std::string(View(m[1]));
    if (!row.label.empty() && absl::SimpleAtod(row.amount_text, &row.amount)) {
      rows.push_back(std::move(row));
    }
  });
  return rows;
}

std::vector<ChartRow> ChangeRows(absl::string_view window) {
  static const RE2 compared("与\\s*([0-9]{4})\\s*年度?\\s*相比");
  static const RE2 amount("([0-9]{1,15}(?:\\.[0-9]{1,6})?)\\s*万元");
  static const RE2 year("([0-9]{4})\\s*年");
  static const RE2 change("(减少|增加)\\s*([0-9]{1,15}(?:\\.[0-9]{1,6})?)\\s*万元");
  re2::StringPiece compared_match[2];
  if (!compared.Match(re2::StringPiece(window.data(), window.size()), 0, window.size(),
                      RE2::UNANCHORED, compared_match, 2)) {
    return {};
  }
  const size_t compared_at = static_cast<size_t>(compared_match[0].data() - window.data());
  const absl::string_view before = window.substr(0, compared_at);
  const absl::string_view after = window.substr(compared_at + compared_match[0].size());
  std::string last_amount;
  ForEachMatch(amount, before, [&](const std::vector<re2::StringPiece>& m) {
    last_amount = std::string(View(m[1]));
  });
  std::string year_text;
  std::string change_verb;
  std::string change_text;
  if (last_amount.empty() ||
      !RE2::PartialMatch(re2::StringPiece(before.data(), before.size()), year, &year_text) ||
      !RE2::PartialMatch(re2::StringPiece(after.data(), after.size()), change, &change_verb,
                         &change_text)) {
    return {};
  }
  double current = 0;
  double delta = 0;
  if (!absl::SimpleAtod(last_amount, &current) || !absl::SimpleAtod(change_text, &delta)) {
    return {};
  }
  const double previous = change_verb == "减少" ? current + delta : current - delta;
  if (previous < 0) {
    return {};
  }
  const int decimals = std::max(Decimals(last_amount), Decimals(change_text));
  return {{absl::StrCat(View(compared_match[1]), "年度"),
           absl::StrFormat("%.*f", decimals, previous), previous},
          {absl::StrCat(year_text, "年度"), last_amount, current}};
}

}  // namespace

std::string ChartsFromPlaceholders(absl::string_view content, int* converted) {
  const absl::string_view text = content;
  std::string out;
  size_t window_start = 0;  // text since the previous figure
  size_t copied = 0;
  int count = 0;
  ForEachMatch(PlaceholderPattern(), text, [&](const std::vector<re2::StringPiece>& match) {
    const size_t at = static_cast<size_t>(match[0].data() - text.data());
    const absl::string_view window = text.substr(window_start, at - window_start);
    window_start = at + match[0].size();
    const absl::string_view marker = View(match[3]);
    std::vector<ChartRow> shares = ShareRows(window);
    Chart chart;
    chart.title = absl::StrCat("图", View(match[1]), " ", View(match[2]));
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
      return;
    }
    absl::StrAppend(&out, text.substr(copied, at - copied), "\n\n", FormatChartBlock(chart), "\n");
    copied = at + match[0].size();
    ++count;
  });
  absl::StrAppend(&out, text.substr(copied));
  if (converted != nullptr) {
    *converted = count;
  }
  if (count == 0) {
    return out;
  }
  // Blocks inserted at paragraph ends leave runs of blank lines behind.
  std::string tidy;
  tidy.reserve(out.size());
  int newlines = 0;
  for (char c : out) {
    newlines = c == '\n' ? newlines + 1 : 0;
    if (newlines <= 2 && !(c == '\n' && tidy.empty())) {
      tidy.push_back(c);
    }
  }
  return tidy;
}

}  // namespace reportflow::drafting
