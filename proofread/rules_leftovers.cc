// Template leftovers: bracketed hint text never replaced, placeholders
// (XX, ××, X 万元), a year that is not the report's where the report's is
// meant, the unit's name written two ways.
#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "proofread/context.h"
#include "re2/re2.h"
#include "services/common/text_rules.h"

namespace reportflow::proofread {
namespace {

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
                absl::StrCat("“", QuoteInput(absl::string_view(found.data(), found.size())),
                             "”是模板占位符，未填写实际内容。"),
                "填写实际的名称或数字。");
  }
}

// Places where the report's own year is meant.
// A blank where the template expected a figure: 占 %, 比上年减少 万元,
// 共计 ,0 个 — the word and the unit with no number between them; and the
// template's choice left unmade: 增加（减少）.
void CheckBlanks(Context& context, int index) {
  static const RE2* const kBlank = new RE2(
      "((?:占|增加|减少|增长|下降|降低|共计|合计|支出|收入)[ \\t　]*"
      "(?:[%％]|万元|元|个|辆|人次|批次)|(?:共计|合计)[ \\t　]*[,，][ \\t　]*\\d|"
      "(?:增加|增长)[（(](?:减少|下降)[）)]|(?:减少|下降)[（(](?:增加|增长)[）)])");
  const OutlineNode& node = context.document().nodes()[index];
  re2::StringPiece input(node.text);
  re2::StringPiece found;
  while (RE2::FindAndConsume(&input, *kBlank, &found)) {
    const size_t begin = Offset(found, node.text);
    context.Add("leftover.blank", Severity::kError, index, begin, begin + found.size(),
                absl::StrCat("“", QuoteInput(absl::string_view(found.data(), found.size())),
                             "”中缺少数字：模板中的空白未填写。"),
                "填写实际数字；不涉及的写 0 并说明。");
  }
}

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

// An organisation name: optional province/city, a district or county, then
// up to eight characters and an organisation suffix.
const RE2& OrganisationPattern() {
  static const RE2* const kOrganisation = new RE2(
      "((?:\\p{Han}{2,6}?[省市])?(\\p{Han}{2,5}?[区县旗])(\\p{Han}{0,8}?)"
      "(办公室|委员会|局|中心))");
  return *kOrganisation;
}

// The unit's name: as given, or the organisation name written most often
// (at least twice).
std::string UnitName(Context& context) {
  if (!context.options().unit_name.empty()) {
    return context.options().unit_name;
  }
  absl::flat_hash_map<std::string, int> counts;
  for (const OutlineNode& node : context.document().nodes()) {
    re2::StringPiece input(node.text);
    re2::StringPiece name;
    while (RE2::FindAndConsume(&input, OrganisationPattern(), &name)) {
      ++counts[name.as_string()];
    }
  }
  std::string best;
  int best_count = 1;
  for (const auto& [name, count] : counts) {
    if (count > best_count || (count == best_count && name > best && best_count > 1)) {
      best = name;
      best_count = count;
    }
  }
  return best;
}

// The unit's name written another way: same district and suffix, different
// words (金口河区政府办公室 for 乐山市金口河区人民政府办公室).
void CheckUnitName(Context& context) {
  const std::string unit = UnitName(context);
  re2::StringPiece unit_input(unit);
  std::string district;
  std::string middle;
  std::string suffix;
  if (unit.empty() ||
      !RE2::FullMatch(unit_input,
                      "(?:\\p{Han}{2,6}?[省市])?(\\p{Han}{2,5}?[区县旗])(\\p{Han}{0,8}?)"
                      "(办公室|委员会|局|中心)",
                      &district, &middle, &suffix)) {
    return;
  }
  const RE2 variant("(" + RE2::QuoteMeta(district) + "(\\p{Han}{0,8}?)" + RE2::QuoteMeta(suffix) +
                    ")");
  const int count = static_cast<int>(context.document().nodes().size());
  for (int index = 0; index < count; ++index) {
    const OutlineNode& node = context.document().nodes()[index];
    re2::StringPiece input(node.text);
    re2::StringPiece found;
    re2::StringPiece found_middle;
    while (RE2::FindAndConsume(&input, variant, &found, &found_middle)) {
      if (found_middle == middle) {
        continue;
      }
      const size_t begin = Offset(found, node.text);
      context.Add(
          "leftover.unit_name", Severity::kWarning, index, begin, begin + found.size(),
          absl::StrCat("单位名称写作“", QuoteInput(absl::string_view(found.data(), found.size())),
                       "”，与全文所用“", QuoteInput(unit), "”不一致。"),
          absl::StrCat("统一写作“", unit, "”。"));
    }
  }
}

}  // namespace

void CheckLeftovers(Context& context) {
  const int count = static_cast<int>(context.document().nodes().size());
  for (int index = 0; index < count; ++index) {
    CheckBracketHints(context, index);
    CheckPlaceholders(context, index);
    CheckBlanks(context, index);
    CheckYears(context, index);
  }
  CheckUnitName(context);
}

}  // namespace reportflow::proofread
