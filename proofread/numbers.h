// Amounts and percentages as a finance reviewer reads them, and the rounding
// tolerance of 机器校对: a stated figure is accepted when it is the computed
// one rounded or truncated at the stated precision — the last digit, no more.
#ifndef REPORTFLOW_PROOFREAD_NUMBERS_H_
#define REPORTFLOW_PROOFREAD_NUMBERS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace reportflow::proofread {

// A number with its unit as written: "1089.82 万元", "13 辆", "0.11万元".
struct Amount {
  double value = 0;
  // Digits after the decimal point as written.
  int decimals = 0;
  // 万元, 元, 亿元, or a count word (辆, 人次, 批次, 个, 件, 次, 人, 台, 项).
  std::string unit;
  // Byte range in the text it was found in.
  size_t begin = 0;
  size_t end = 0;

  bool IsMoney() const { return unit == "万元" || unit == "元" || unit == "亿元"; }
  // Half the unit of the last digit: money is read as precise to 0.01 even
  // when trailing zeros are dropped (157.9 万元 means 157.90 万元); counts are
  // exact (0).
  double HalfUnit() const;
  // The number as written, e.g. "157.9".
  std::string Text() const;
};

// A percentage: "99.98%".
struct Percent {
  double value = 0;
  int decimals = 0;
  size_t begin = 0;
  size_t end = 0;
  std::string Text() const;
};

// Parses a number as written ("1,089.82", "9.01") and its digits after the
// point; 0 when it does not parse.
double ParseNumber(absl::string_view written, int* decimals);

// Every amount in `text`, in order. Amounts right after a change word
// (增加/减少/增长/下降) are marked by `is_change`.
struct FoundAmount : Amount {
  bool is_change = false;
};
std::vector<FoundAmount> FindAmounts(absl::string_view text);

// Every percentage in `text`, in order.
std::vector<Percent> FindPercents(absl::string_view text);

// Whether `stated` (written with `decimals` digits after the point) is some
// value in [low, high] rounded or truncated to that precision. A value that
// rounds to zero may be written as one unit of the last digit (0.01%).
bool Agrees(double stated, int decimals, double low, double high);

// Formats a computed value for a message: 2 decimals, trailing zeros kept.
std::string Format(double value, int decimals = 2);

}  // namespace reportflow::proofread

#endif  // REPORTFLOW_PROOFREAD_NUMBERS_H_
