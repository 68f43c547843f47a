#include "proofread/numbers.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "re2/re2.h"

namespace reportflow::proofread {
namespace {}  // namespace

double ParseNumber(absl::string_view written, int* decimals) {
  std::string digits(written);
  digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
  double value = 0;
  if (!absl::SimpleAtod(digits, &value)) {
    value = 0;
  }
  const size_t point = digits.find('.');
  *decimals = point == absl::string_view::npos ? 0 : static_cast<int>(digits.size() - point - 1);
  return value;
}

namespace {

std::string FormatAsWritten(double value, int decimals) {
  return absl::StrFormat("%.*f", decimals, value);
}

}  // namespace

double Amount::HalfUnit() const {
  if (!IsMoney()) {
    return 0;  // counts (辆, 人次 …) are exact
  }
  return 0.5 * std::pow(10.0, -std::max(decimals, 2));
}

std::string Amount::Text() const { return FormatAsWritten(value, decimals); }
std::string Percent::Text() const { return FormatAsWritten(value, decimals) + "%"; }

std::vector<FoundAmount> FindAmounts(absl::string_view text) {
  static const RE2* const kAmount = new RE2(
      "(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)\\s*"
      "(亿元|万元|元|万[，,。；;、）)]|万$|辆|人次|批次|个|件|次|人|台|项|期|条|篇|名)");
  static const RE2* const kChangeBefore = new RE2("(增加|减少|增长|下降|降低|上升|增|减)\\s*$");
  std::vector<FoundAmount> amounts;
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece number;
  re2::StringPiece unit;
  const char* const base = text.data();
  while (RE2::FindAndConsume(&input, *kAmount, &number, &unit)) {
    // A digit right before means we matched the tail of a longer token.
    if (number.data() > base && (std::isdigit(static_cast<unsigned char>(number.data()[-1])) ||
                                 number.data()[-1] == '.' || number.data()[-1] == ',')) {
      continue;
    }
    FoundAmount amount;
    amount.value = ParseNumber(absl::string_view(number.data(), number.size()), &amount.decimals);
    amount.unit.assign(unit.data(), unit.size());
    // 万 without 元 (项目支出120.5万，…) is 万元; the punctuation after it is
    // not part of the amount.
    if (amount.unit.rfind("万", 0) == 0 && amount.unit != "万元") {
      unit = re2::StringPiece(unit.data(), std::string("万").size());
      amount.unit = "万元";
    }
    amount.begin = static_cast<size_t>(number.data() - base);
    amount.end = static_cast<size_t>(unit.data() + unit.size() - base);
    const size_t look_back = std::min<size_t>(amount.begin, 12);
    re2::StringPiece before(base + amount.begin - look_back, look_back);
    amount.is_change = RE2::PartialMatch(before, *kChangeBefore);
    amounts.push_back(amount);
  }
  return amounts;
}

std::vector<Percent> FindPercents(absl::string_view text) {
  static const RE2* const kPercent = new RE2("(\\d+(?:\\.\\d+)?)\\s*[%％]");
  std::vector<Percent> percents;
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece number;
  const char* const base = text.data();
  while (RE2::FindAndConsume(&input, *kPercent, &number)) {
    Percent percent;
    percent.value = ParseNumber(absl::string_view(number.data(), number.size()), &percent.decimals);
    percent.begin = static_cast<size_t>(number.data() - base);
    percent.end = static_cast<size_t>(input.data() - base);
    percents.push_back(percent);
  }
  return percents;
}

bool Agrees(double stated, int decimals, double low, double high) {
  const double unit = std::pow(10.0, -decimals);
  const double epsilon = unit * 1e-6;
  const double truncated_low = std::floor(low / unit + 1e-9) * unit;
  const double rounded_high = std::floor(high / unit + 0.5 + 1e-9) * unit;
  if (stated >= truncated_low - epsilon && stated <= rounded_high + epsilon) {
    return true;
  }
  // A share too small to show at this precision may be written as one unit.
  return rounded_high < unit / 2 && high > 0 && std::fabs(stated - unit) < epsilon + unit / 2;
}

std::string Format(double value, int decimals) { return FormatAsWritten(value, decimals); }

}  // namespace reportflow::proofread
