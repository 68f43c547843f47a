// Template leftovers: bracketed hint text never replaced, placeholders
// (XX, ××, X 万元), a year that is not the report's where the report's is
// meant.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "proofread/context.h"
#include "re2/re2.h"

namespace reportflow::proofread {
namespace {

size_t Offset(const re2::StringPiece& piece, const std::string& text) {
  return static_cast<size_t>(piece.data() - text.data());
}

void CheckBracketHints(Context& context, int index) {
  // Brackets whose content reads like an instruction to the drafter.
  static const RE2* const kBracket = new RE2("([（(][^（）()]{1,120}[）)])");
  static const RE2* const kHint = new RE2(
      "具体(?:工作|项目|内容|事项|情况|金额|原因)|请(?:自行|根据|按照|参照|填写|删除|说明|列明)|"
      "自行删除|如有|填写|收入类型|团组名称|出访地点|取得成效|此处|示例|根据实际|单位名称");
  const OutlineNode& node = context.document().nodes()[index];
  re2::StringPiece input(node.text);
  re2::StringPiece bracket;
  while (RE2::FindAndConsume(&input, *kBracket, &bracket)) {
    if (!RE2::PartialMatch(bracket, *kHint)) {
      continue;
    }
    const size_t begin = Offset(bracket, node.text);
    context.Add("leftover.hint", Severity::kError, index, begin, begin + bracket.size(),
                "括号内是模板的填写提示，未替换为实际内容。",
                "删除提示语，填写实际内容；不涉及的写明“无”。");
  }
}

void CheckPlaceholders(Context& context, int index) {
  static const RE2* const kPlaceholder =
      new RE2("((?:XX|ＸＸ|xx|××|＊＊|\\*\\*)+|[X×Ｘ]\\s*(?:万元|元|个|辆|人))");
  const OutlineNode& node = context.document().nodes()[index];
  re2::StringPiece input(node.text);
  re2::StringPiece found;
  while (RE2::FindAndConsume(&input, *kPlaceholder, &found)) {
    const size_t begin = Offset(found, node.text);
    context.Add("leftover.placeholder", Severity::kError, index, begin, begin + found.size(),
                absl::StrCat("“", found.as_string(), "”是模板占位符，未填写实际内容。"),
                "填写实际的名称或数字。");
  }
}

// Places where the report's own year is meant.
void CheckYears(Context& context, int index) {
  struct Pattern {
    const RE2* re;
    const char* what;
  };
  static const RE2* const kYearEnd = new RE2("截至\\s*(\\d{4})\\s*年\\s*12\\s*月\\s*31\\s*日");
  static const RE2* const kClassification = new RE2("《\\s*(\\d{4})\\s*年政府收支分类科目\\s*》");
  static const RE2* const kHeadingYear = new RE2("^(\\d{4})\\s*年度");
  const OutlineNode& node = context.document().nodes()[index];
  const int year = context.report_year();
  if (year == 0) {
    return;
  }
  const Pattern patterns[] = {{kYearEnd, "年末时点"}, {kClassification, "适用的收支分类科目"}};
  for (const Pattern& pattern : patterns) {
    re2::StringPiece input(node.text);
    re2::StringPiece digits;
    while (RE2::FindAndConsume(&input, *pattern.re, &digits)) {
      int found = 0;
      if (!absl::SimpleAtoi(absl::string_view(digits.data(), digits.size()), &found) ||
          found == year) {
        continue;
      }
      const size_t begin = Offset(digits, node.text);
      context.Add("leftover.year", Severity::kWarning, index, begin, begin + digits.size(),
                  absl::StrCat(pattern.what, "应为本报告年度 ", year, " 年，文中写作 ", found,
                               " 年，可能是沿用上年模板。"),
                  absl::StrCat("改为 ", year, "。"));
    }
  }
  if (node.level == kPart) {
    re2::StringPiece heading(node.heading);
    re2::StringPiece digits;
    int found = 0;
    if (RE2::PartialMatch(heading, *kHeadingYear, &digits) &&
        absl::SimpleAtoi(absl::string_view(digits.data(), digits.size()), &found) &&
        found != year) {
      const size_t begin = node.text.find(digits.as_string());
      context.Add("leftover.year", Severity::kWarning, index, begin, begin + digits.size(),
                  absl::StrCat("标题年度为 ", found, " 年，与本报告年度 ", year, " 年不符。"),
                  absl::StrCat("改为 ", year, "。"));
    }
  }
}

}  // namespace

void CheckLeftovers(Context& context) {
  const int count = static_cast<int>(context.document().nodes().size());
  for (int index = 0; index < count; ++index) {
    CheckBracketHints(context, index);
    CheckPlaceholders(context, index);
    CheckYears(context, index);
  }
}

}  // namespace reportflow::proofread
