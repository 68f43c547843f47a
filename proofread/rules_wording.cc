// Wording: the curated list in data/wording.tsv, number style (GB/T 15835)
// and punctuation (GB/T 15834) basics.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "embedded/proofread_data.h"
#include "proofread/context.h"
#include "proofread/wording.h"

namespace reportflow::proofread {
namespace {

// Reports every match of `pattern` (whose group 1 is the finding) in a node.
void ForEachMatch(Context& context, int index, const RE2& pattern, absl::string_view rule,
                  Severity severity, const std::string& message, const std::string& suggestion) {
  const OutlineNode& node = context.document().nodes()[index];
  re2::StringPiece input(node.text);
  re2::StringPiece found;
  while (RE2::FindAndConsume(&input, pattern, &found)) {
    const size_t begin = Offset(found, node.text);
    context.Add(rule, severity, index, begin, begin + found.size(), message, suggestion);
    if (found.empty() && !input.empty()) {
      input.remove_prefix(1);
    }
  }
}

void CheckNumberAndPunctuation(Context& context, int index) {
  static const RE2* const kMissingUnit =
      new RE2("(?:决算数|预算数|支出|收入|合计)为\\s*(\\d+\\.\\d+)\\s*[，,。；]");
  static const RE2* const kFullWidthDigits = new RE2("([０-９]+)");
  static const RE2* const kHalfWidth = new RE2(
      "((?:[\\p{Han}%％）][,;:?!])|(?:[,;:?!][\\p{Han}（])|(?:\\p{Han}\\()|(?:\\)\\p{Han}))");
  // One level of nested full-width brackets is allowed inside: (…（境）…）.
  static const RE2* const kMismatch =
      new RE2("(（(?:[^（）()]|（[^（）()]*）)*\\)|\\((?:[^（）()]|（[^（）()]*）)*）)");
  static const RE2* const kRepeated = new RE2("(，，|。。|；；|：：|、、)");
  ForEachMatch(context, index, *kMissingUnit, "number.missing_unit", Severity::kWarning,
               "金额缺少计量单位。", "在数字后写明单位，如“万元”。");
  ForEachMatch(context, index, *kFullWidthDigits, "number.full_width", Severity::kWarning,
               "数字使用了全角字符（GB/T 15835 要求使用半角阿拉伯数字）。", "改为半角数字。");
  ForEachMatch(context, index, *kHalfWidth, "punct.half_width", Severity::kWarning,
               "中文语句中使用了半角标点（GB/T 15834 要求中文用全角标点）。",
               "改为全角标点：，；：（）");
  ForEachMatch(context, index, *kMismatch, "punct.bracket_mismatch", Severity::kWarning,
               "括号前后不配对：全角与半角混用。", "前后括号统一为全角“（）”。");
  ForEachMatch(context, index, *kRepeated, "punct.repeated", Severity::kWarning, "标点重复。",
               "删除多余的标点。");
  const OutlineNode& node = context.document().nodes()[index];
  if (node.level == kItem && absl::EndsWith(node.marker, "、")) {
    context.Add("punct.numbering", Severity::kWarning, index, 0, node.marker.size(),
                absl::StrCat("阿拉伯数字序号后用了顿号“", node.marker,
                             "”（GB/T 15834：阿拉伯数字序号后用下脚点）。"),
                absl::StrCat("改为“", node.marker.substr(0, node.marker.size() - 3), ".”。"));
  }
}

}  // namespace

const std::vector<WordingEntry>& WordingEntries() {
  static const std::vector<WordingEntry>* const kEntries = [] {
    auto* entries = new std::vector<WordingEntry>();
    for (const EmbeddedFile& file : ProofreadDataFiles()) {
      if (file.name != "wording.tsv") {
        continue;
      }
      for (absl::string_view line : absl::StrSplit(file.content, '\n', absl::SkipEmpty())) {
        if (line[0] == '#') {
          continue;
        }
        std::vector<std::string> fields = absl::StrSplit(line, '\t');
        if (fields.size() != 7) {
          std::fprintf(stderr, "wording.tsv: bad line (need 7 fields): %s\n",
                       std::string(line).c_str());
          std::abort();
        }
        WordingEntry entry;
        entry.id = fields[0];
        entry.severity = fields[1] == "error"     ? Severity::kError
                         : fields[1] == "warning" ? Severity::kWarning
                                                  : Severity::kInfo;
        entry.pattern = std::make_unique<RE2>("(" + fields[2] + ")");
        if (!entry.pattern->ok()) {
          std::fprintf(stderr, "wording.tsv: %s: %s\n", entry.id.c_str(),
                       entry.pattern->error().c_str());
          std::abort();
        }
        entry.suggestion = fields[3];
        entry.message = fields[4];
        entry.flags = fields[5];
        entry.accepts = fields[6];
        entries->push_back(std::move(entry));
      }
    }
    return entries;
  }();
  return *kEntries;
}

// The code points of `text` with their byte offsets.
std::vector<std::pair<size_t, std::string>> CodePoints(const std::string& text) {
  std::vector<std::pair<size_t, std::string>> out;
  for (size_t i = 0; i < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    const size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    out.emplace_back(i, text.substr(i, length));
    i += length;
  }
  return out;
}

// A word written twice running (主要是主要是, 原因原因, 经费费): a typing slip.
// Two- and three-character words repeated; of single characters only 费 and
// 的, since reduplication (常常, 年年, 个个) is Chinese grammar.
void CheckDoubledWords(Context& context, int index) {
  const std::string& text = context.document().nodes()[index].text;
  const auto chars = CodePoints(text);
  auto cjk = [](const std::string& c) {
    return c.size() == 3 && static_cast<unsigned char>(c[0]) >= 0xE4;
  };
  static const std::vector<std::string> kAllowed = {"研究研究", "讨论讨论", "看看", "谢谢"};
  for (size_t i = 0; i < chars.size(); ++i) {
    for (size_t length : {3u, 2u, 1u}) {
      if (i + 2 * length > chars.size()) continue;
      bool doubled = true;
      for (size_t k = 0; k < length && doubled; ++k) {
        doubled = cjk(chars[i + k].second) && chars[i + k].second == chars[i + length + k].second;
      }
      if (!doubled) continue;
      std::string word;
      for (size_t k = 0; k < length; ++k) word += chars[i + k].second;
      if (length == 1 && word != "费" && word != "的") continue;
      if (std::find(kAllowed.begin(), kAllowed.end(), word + word) != kAllowed.end()) continue;
      const size_t begin = chars[i].first;
      const size_t end = chars[i + 2 * length - 1].first + 3;
      context.Add("wording.doubled", Severity::kWarning, index, begin, end,
                  absl::StrCat("“", word, "”连写了两遍。"),
                  absl::StrCat("删去重复的“", word, "”。"));
      i += 2 * length - 1;
      break;
    }
  }
}

// A reason that says the opposite of the direction it explains: 决算数小于
// 预算数 "because the budget was underestimated", or 大于 "because of savings".
void CheckReasonDirection(Context& context, int index) {
  static const RE2* const kBelow = new RE2(
      "(决算数?(?:小于|低于)预算数?[^。]{0,16}原因[^。]{0,20}(?:预算)?(?:估算|安排|测算)不足)");
  static const RE2* const kAbove = new RE2(
      "(决算数?(?:大于|超过|高于)预算数?[^。]{0,16}原因[^。]{0,20}(?:节约|压减|未(?:完成|实施|支付)"
      "))");
  ForEachMatch(context, index, *kBelow, "wording.reason_direction", Severity::kWarning,
               "决算数小于预算数，说明的原因却是预算不足，方向相反。",
               "核对决算数与预算数的大小，或改写原因。");
  ForEachMatch(context, index, *kAbove, "wording.reason_direction", Severity::kWarning,
               "决算数大于预算数，说明的原因却是节约或未完成，方向相反。",
               "核对决算数与预算数的大小，或改写原因。");
}

// 会议费、培训费 inside a “三公”经费 total: not 三公 by the definition (因公出国
// （境）费、公务用车购置及运行维护费、公务接待费), unless the text says it
// reports them together (“三公”经费及会议费、培训费).
void CheckThreePublicDefinition(Context& context, int index) {
  static const RE2* const kMixed = new RE2(
      "(“?三公”?经费(?:支出)?(?:决算|预算)?(?:数)?(?:合计|共计|总额)?[^。；]{0,12}?\\d[^。]{0,120}?"
      "(?:会议费|培训费)\\s*\\d)");
  const std::string& text = context.document().nodes()[index].text;
  re2::StringPiece input(text);
  re2::StringPiece found;
  while (RE2::FindAndConsume(&input, *kMixed, &found)) {
    const std::string match(found.data(), found.size());
    if (match.find("及会议费") != std::string::npos ||
        match.find("会议费、培训费") != std::string::npos) {
      continue;
    }
    const size_t begin = Offset(found, text);
    context.Add("figures.definition", Severity::kWarning, index, begin, begin + found.size(),
                "“三公”经费的合计中列入了会议费或培训费：按定义，“三公”经费只含因公出国（境）费、"
                "公务用车购置及运行维护费、公务接待费。",
                "会议费、培训费另行说明，或写明“三公”经费及会议费、培训费。");
  }
}

void CheckWording(Context& context) {
  const int count = static_cast<int>(context.document().nodes().size());
  for (int index = 0; index < count; ++index) {
    CheckDoubledWords(context, index);
    CheckReasonDirection(context, index);
    CheckThreePublicDefinition(context, index);
    for (const WordingEntry& entry : WordingEntries()) {
      ForEachMatch(context, index, *entry.pattern, entry.id, entry.severity, entry.message,
                   absl::StrCat("改为“", entry.suggestion, "”。"));
    }
    CheckNumberAndPunctuation(context, index);
  }
}

}  // namespace reportflow::proofread
