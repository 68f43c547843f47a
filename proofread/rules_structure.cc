// Structure: a heading and its body about different budgets; the same item
// listed twice in one list; heading levels out of order; numbering gaps.
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "proofread/context.h"
#include "re2/re2.h"

namespace reportflow::proofread {
namespace {

constexpr const char* kBudgets[] = {"一般公共预算", "政府性基金预算", "国有资本经营预算",
                                    "社会保险基金预算"};

void CheckHeadingBody(Context& context, int index) {
  const OutlineNode& node = context.document().nodes()[index];
  if (node.level != kChapter && node.level != kSection) {
    return;
  }
  const std::string heading = node.heading;
  const size_t body_at = std::min(node.text.size(), node.marker.size() + node.heading.size());
  const std::string body = node.text.substr(body_at);
  const char* named = nullptr;
  for (const char* budget : kBudgets) {
    if (heading.find(budget) != std::string::npos) {
      if (named != nullptr) {
        return;  // the heading names two budgets
      }
      named = budget;
    }
  }
  if (named == nullptr || body.empty() || body.find(named) != std::string::npos) {
    return;
  }
  for (const char* budget : kBudgets) {
    const size_t at = body.find(budget);
    if (at != std::string::npos) {
      context.Add("structure.heading_body", Severity::kError, index, body_at + at,
                  body_at + at + std::string(budget).size(),
                  absl::StrCat("标题说的是“", named, "”，正文说的却是“", budget,
                               "”，正文可能是从其他章节复制而来。"),
                  absl::StrCat("按“", named, "”的实际情况改写正文。"));
      return;
    }
  }
}

// Item names compare without spaces and with brackets of either width.
std::string Canonical(absl::string_view name) {
  std::string text(name);
  RE2::GlobalReplace(&text, "\\s|　", "");
  RE2::GlobalReplace(&text, "\\(", "（");
  RE2::GlobalReplace(&text, "\\)", "）");
  return text;
}

void CheckDuplicateItems(Context& context, int index) {
  const auto& nodes = context.document().nodes();
  const OutlineNode& parent = nodes[index];
  std::vector<std::pair<std::string, int>> seen;
  for (int child : parent.children) {
    const OutlineNode& node = nodes[child];
    if (node.level < kItem) {
      continue;
    }
    const std::string name = Canonical(node.name);
    if (name.size() < 12) {  // about four characters: too short to be an item name
      continue;
    }
    for (const auto& [other_name, other] : seen) {
      if (other_name == name) {
        context.Add("structure.duplicate_item", Severity::kError, child, 0,
                    std::min(node.text.size(), node.marker.size() + node.name.size()),
                    absl::StrCat("“", nodes[other].marker, "”与“", node.marker,
                                 "”列示的是同一项目：", node.name, "。"),
                    "检查是否重复列示，或其中一项的科目名称写错。");
        break;
      }
    }
    seen.emplace_back(name, child);
  }
}

void CheckHeadingLevel(Context& context, int index) {
  const auto& nodes = context.document().nodes();
  const OutlineNode& node = nodes[index];
  if (node.parent < 0) {
    return;
  }
  const OutlineNode& parent = nodes[node.parent];
  if (parent.level <= kPart || node.level <= parent.level + 1) {
    return;
  }
  static const char* const kExpected[] = {"第一部分", "一、", "（一）", "1.", "（1）"};
  context.Add("structure.heading_level", Severity::kWarning, index, 0, node.marker.size(),
              absl::StrCat("层次序号跳级：“", parent.marker, "”下直接使用“", node.marker,
                           "”，中间缺少“", kExpected[parent.level + 1], "”一级。"),
              "层次序号依次为 一、（一） 1. （1）。");
}

// The value of a Chinese numeral up to 99: 三 → 3, 十二 → 12, 二十 → 20.
int ChineseNumber(absl::string_view text) {
  static const std::string kDigits[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};
  auto digit = [&](absl::string_view one) {
    for (int i = 0; i < 9; ++i) {
      if (one == kDigits[i]) return i + 1;
    }
    return 0;
  };
  const size_t ten = text.find("十");
  if (ten == absl::string_view::npos) {
    return digit(text);
  }
  const int tens = ten == 0 ? 1 : digit(text.substr(0, ten));
  const absl::string_view rest = text.substr(ten + std::string("十").size());
  return tens * 10 + (rest.empty() ? 0 : digit(rest));
}

// The ordinal a marker carries: 一、→1, （三）→3, 12.→12, ⑵→2; 0 if none.
int Ordinal(absl::string_view marker) {
  static const RE2* const kArabic = new RE2("(\\d+)");
  static const RE2* const kChinese = new RE2("([一二三四五六七八九十]+)");
  re2::StringPiece input(marker.data(), marker.size());
  re2::StringPiece found;
  if (RE2::PartialMatch(input, *kArabic, &found)) {
    int ordinal = 0;  // more digits than an int holds: no ordinal
    return absl::SimpleAtoi(absl::string_view(found.data(), found.size()), &ordinal) ? ordinal : 0;
  }
  if (RE2::PartialMatch(input, *kChinese, &found)) {
    return ChineseNumber(absl::string_view(found.data(), found.size()));
  }
  // ⑴ (U+2474) … ⒇ and ① (U+2460) … ⑳.
  if (marker.size() >= 3) {
    const int code = ((marker[0] & 0x0F) << 12) | ((marker[1] & 0x3F) << 6) | (marker[2] & 0x3F);
    if (code >= 0x2474 && code <= 0x2487) return code - 0x2474 + 1;
    if (code >= 0x2460 && code <= 0x2473) return code - 0x2460 + 1;
  }
  return 0;
}

void CheckNumbering(Context& context, int index) {
  const auto& nodes = context.document().nodes();
  const OutlineNode& parent = nodes[index];
  int previous = 0;
  Level level = kPreamble;
  for (int child : parent.children) {
    const OutlineNode& node = nodes[child];
    if (node.level == kPart) {
      continue;
    }
    const int ordinal = Ordinal(node.marker);
    if (node.level != level) {
      level = node.level;
      previous = ordinal;
      continue;
    }
    if (ordinal != 0 && previous != 0 && ordinal != previous + 1) {
      context.Add("structure.numbering", Severity::kWarning, child, 0, node.marker.size(),
                  absl::StrCat("序号不连续：上一项为 ", previous, "，此项为 ", ordinal, "。"),
                  "检查是否漏项、重复或序号写错。");
    }
    previous = ordinal;
  }
}

}  // namespace

void CheckStructure(Context& context) {
  const int count = static_cast<int>(context.document().nodes().size());
  for (int index = 0; index < count; ++index) {
    CheckHeadingBody(context, index);
    CheckDuplicateItems(context, index);
    CheckHeadingLevel(context, index);
    CheckNumbering(context, index);
  }
}

}  // namespace reportflow::proofread
