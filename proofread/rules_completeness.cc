// Completeness against the template: required parts and chapters present and
// not empty; an empty budget (0 万元) explained; 三公经费 broken down into its
// three parts with counts.
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "embedded/proofread_data.h"
#include "proofread/context.h"
#include "proofread/numbers.h"
#include "re2/re2.h"

namespace reportflow::proofread {
namespace {

struct RequiredHeading {
  bool part;
  std::string title;
  bool table;
};

const std::vector<RequiredHeading>* LoadTemplate(absl::string_view name) {
  for (const EmbeddedFile& file : ProofreadDataFiles()) {
    if (file.name != absl::StrCat(name, ".tsv")) {
      continue;
    }
    auto* headings = new std::vector<RequiredHeading>();
    for (absl::string_view line : absl::StrSplit(file.content, '\n', absl::SkipEmpty())) {
      if (line[0] == '#') {
        continue;
      }
      std::vector<std::string> fields = absl::StrSplit(line, '\t');
      if (fields.size() == 3) {
        headings->push_back({fields[0] == "part", fields[1], fields[2] == "table"});
      }
    }
    return headings;
  }
  return nullptr;
}

// The heading without spaces and without a leading year (2024 年度).
std::string Normalize(absl::string_view heading) {
  static const RE2* const kYear = new RE2("^\\d{4}年度?");
  std::string text;
  for (char c : heading) {
    if (c != ' ' && c != '\t') {
      text.push_back(c);
    }
  }
  const std::string full_width_space = "\xE3\x80\x80";
  for (size_t at; (at = text.find(full_width_space)) != std::string::npos;) {
    text.erase(at, full_width_space.size());
  }
  RE2::Replace(&text, *kYear, "");
  return text;
}

// Text of a node beyond its heading line.
absl::string_view Body(const OutlineNode& node) {
  absl::string_view text(node.text);
  const size_t heading = node.marker.size() + node.heading.size();
  if (heading >= text.size()) {
    return absl::string_view();
  }
  text.remove_prefix(heading);
  absl::ConsumePrefix(&text, "\n");
  return text;
}

void CheckRequiredHeadings(Context& context) {
  if (context.options().template_name.empty()) {
    return;
  }
  static const std::vector<RequiredHeading>* const kSichuan =
      LoadTemplate("sichuan-final-accounts");
  if (context.options().template_name != "sichuan-final-accounts" || kSichuan == nullptr) {
    return;
  }
  const auto& nodes = context.document().nodes();
  int part = -1;  // the matched part node for the chapters that follow
  bool part_found = false;
  for (const RequiredHeading& required : *kSichuan) {
    const std::string wanted = Normalize(required.title);
    int found = -1;
    for (int index = 1; index < static_cast<int>(nodes.size()) && found < 0; ++index) {
      const OutlineNode& node = nodes[index];
      if (required.part
              ? node.level != kPart
              : (node.level != kChapter || context.document().AncestorAt(index, kPart) != part)) {
        continue;
      }
      if (Normalize(node.heading) == wanted) {
        found = index;
      }
    }
    if (required.part) {
      part = found;
      part_found = found >= 0;
    }
    if (found < 0) {
      if (required.part || part_found) {
        const int at = required.part || part < 0 ? 0 : part;
        context.Add("completeness.missing_section", Severity::kError, at, 0,
                    std::min<size_t>(nodes[at].text.size(), 30),
                    absl::StrCat("缺少模板要求的", required.part ? "部分" : "章节", "“",
                                 required.title, "”。"),
                    "按模板补齐该部分；确实不涉及的，保留标题并说明“本单位无此项内容”。");
      }
      continue;
    }
    const OutlineNode& node = nodes[found];
    if (!required.table && node.children.empty() && Body(node).empty()) {
      context.Add("completeness.empty_section", Severity::kError, found, 0, node.text.size(),
                  absl::StrCat("“", required.title, "”只有标题，没有内容。"),
                  "补写该部分内容；不涉及的应明确说明。");
    }
  }
}

// A chapter or section whose every amount is 0 must say why (本单位无…).
void CheckZeroExplained(Context& context) {
  static const RE2* const kExplained = new RE2("无|没有|未|不涉及|零");
  const auto& nodes = context.document().nodes();
  for (int index = 1; index < static_cast<int>(nodes.size()); ++index) {
    const OutlineNode& node = nodes[index];
    if (node.level > kItem) {
      continue;
    }
    const std::vector<FoundAmount> amounts = FindAmounts(node.text);
    bool any_money = false;
    bool all_zero = true;
    for (const FoundAmount& amount : amounts) {
      if (amount.IsMoney()) {
        any_money = true;
        all_zero = all_zero && amount.value == 0;
      }
    }
    if (!any_money || !all_zero || RE2::PartialMatch(node.text, *kExplained)) {
      continue;
    }
    const FoundAmount* first = nullptr;
    for (const FoundAmount& amount : amounts) {
      if (amount.IsMoney() && first == nullptr) {
        first = &amount;
      }
    }
    context.Add("completeness.zero_unexplained", Severity::kWarning, index, first->begin,
                first->end, "金额为 0 万元，但未说明原因。",
                "说明为何为零，如“本单位无政府性基金预算财政拨款支出”。");
  }
}

// 三公经费: the three parts, each with its amount and counts.
void CheckThreePublic(Context& context) {
  const auto& nodes = context.document().nodes();
  for (int index = 1; index < static_cast<int>(nodes.size()); ++index) {
    const OutlineNode& chapter = nodes[index];
    // The 三公 chapter of the explanations, not the title of the attached table.
    if (chapter.level != kChapter || chapter.heading.find("三公") == std::string::npos ||
        absl::EndsWith(chapter.heading, "表")) {
      continue;
    }
    std::string text = chapter.text;
    std::vector<int> stack(chapter.children.begin(), chapter.children.end());
    while (!stack.empty()) {
      const int child = stack.back();
      stack.pop_back();
      text += nodes[child].text;
      stack.insert(stack.end(), nodes[child].children.begin(), nodes[child].children.end());
    }
    struct Part {
      const char* name;
      const RE2* amount;
      const RE2* count;
      const char* count_words;
    };
    static const RE2* const kAbroad =
        new RE2("因公出国（境）[^。；]{0,12}?\\d+(?:\\.\\d+)?\\s*(?:万元|元)");
    static const RE2* const kAbroadCount =
        new RE2("\\d+\\s*(?:个团组|团组|次|人次|人)|团组\\s*\\d+");
    static const RE2* const kCar =
        // 购置及运行维护费 as one item, or 购置费 and 运行(维护)费 as two.
        new RE2(
            "公务用车(?:购置及运行(?:维护)?费|运行(?:维护)?费|购置费)[^。；]{0,12}?"
            "\\d+(?:\\.\\d+)?\\s*(?:万元|元)");
    static const RE2* const kCarCount = new RE2("\\d+\\s*辆");
    static const RE2* const kReception =
        new RE2("公务接待费[^。；]{0,12}?\\d+(?:\\.\\d+)?\\s*(?:万元|元)");
    static const RE2* const kReceptionCount = new RE2("\\d+\\s*批次");
    const Part parts[] = {
        {"因公出国（境）费", kAbroad, kAbroadCount, "团组数、人次"},
        {"公务用车购置及运行维护费", kCar, kCarCount, "车辆数"},
        {"公务接待费", kReception, kReceptionCount, "批次、人次"},
    };
    for (const Part& part : parts) {
      if (!RE2::PartialMatch(text, *part.amount)) {
        context.Add("completeness.three_public", Severity::kError, index, 0, chapter.text.size(),
                    absl::StrCat("“三公”经费说明缺少", part.name, "的金额。"),
                    absl::StrCat("分别列示", part.name, "的决算数。"));
      } else if (!RE2::PartialMatch(text, *part.count)) {
        context.Add("completeness.three_public", Severity::kError, index, 0, chapter.text.size(),
                    absl::StrCat("“三公”经费说明缺少", part.name, "的", part.count_words, "。"),
                    absl::StrCat("补充", part.name, "的", part.count_words, "。"));
      }
    }
  }
}

}  // namespace

void CheckCompleteness(Context& context) {
  CheckRequiredHeadings(context);
  CheckZeroExplained(context);
  CheckThreePublic(context);
}

}  // namespace reportflow::proofread
