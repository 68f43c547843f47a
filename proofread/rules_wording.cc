// Wording: the curated list in data/wording.tsv, number style (GB/T 15835)
// and punctuation (GB/T 15834) basics.
#include <cstdio>
#include <cstdlib>

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

void CheckWording(Context& context) {
  const int count = static_cast<int>(context.document().nodes().size());
  for (int index = 0; index < count; ++index) {
    for (const WordingEntry& entry : WordingEntries()) {
      ForEachMatch(context, index, *entry.pattern, entry.id, entry.severity, entry.message,
                   absl::StrCat("改为“", entry.suggestion, "”。"));
    }
    CheckNumberAndPunctuation(context, index);
  }
}

}  // namespace reportflow::proofread
