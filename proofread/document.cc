#include "proofread/document.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "re2/re2.h"

namespace reportflow::proofread {
namespace {

// Trims ASCII and full-width (U+3000) spaces.
absl::string_view TrimSpaces(absl::string_view text) {
  constexpr absl::string_view kIdeographicSpace = "\xE3\x80\x80";
  bool changed = true;
  while (changed) {
    changed = false;
    text = absl::StripAsciiWhitespace(text);
    if (absl::ConsumePrefix(&text, kIdeographicSpace) ||
        absl::ConsumeSuffix(&text, kIdeographicSpace)) {
      changed = true;
    }
  }
  return text;
}

size_t Utf8Length(absl::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) {
    count += (c & 0xC0) != 0x80;
  }
  return count;
}

}  // namespace

absl::string_view TrimLine(absl::string_view line) {
  line = TrimSpaces(line);
  while (absl::ConsumePrefix(&line, "#")) {
  }
  return TrimSpaces(line);
}

bool IsPageNumberLine(absl::string_view line) {
  return !line.empty() && line.size() <= 4 &&
         std::all_of(line.begin(), line.end(), [](char c) { return absl::ascii_isdigit(c); });
}

Level OutlineLevel(absl::string_view line, std::string* marker) {
  static const RE2* const kPartRe = new RE2("^(第[一二三四五六七八九十]+部分)");
  static const RE2* const kChapterRe = new RE2("^([一二三四五六七八九十]+、)");
  static const RE2* const kSectionRe = new RE2("^([（(][一二三四五六七八九十]+[）)])");
  static const RE2* const kItemRe = new RE2("^(\\d{1,2}(?:\\.|．|、))[^\\d]");
  static const RE2* const kSubItemRe = new RE2("^([（(]\\d{1,2}[）)]|[⑴-⒇]|[①-⑳])");
  re2::StringPiece input(line.data(), line.size());
  re2::StringPiece group;
  if (RE2::PartialMatch(input, *kPartRe, &group)) {
    marker->assign(group.data(), group.size());
    return kPart;
  }
  const std::pair<const RE2*, Level> patterns[] = {
      {kChapterRe, Level::kChapter},
      {kSectionRe, Level::kSection},
      {kItemRe, Level::kItem},
      {kSubItemRe, Level::kSubItem},
  };
  for (const auto& [pattern, level] : patterns) {
    if (RE2::PartialMatch(input, *pattern, &group)) {
      marker->assign(group.data(), group.size());
      return level;
    }
  }
  return kPreamble;
}

std::string Excerpt(absl::string_view text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == max_chars) {
        return std::string(text.substr(0, i)) + "…";
      }
      ++chars;
    }
  }
  return std::string(text);
}

Document::Document(absl::string_view text) : original_(text) {
  nodes_.emplace_back();  // the preamble
  nodes_[0].line = 1;
  std::vector<int> open_at_level(5, -1);  // innermost open node per level
  size_t start = 0;
  int line_number = 0;
  bool in_fence = false;
  while (start <= original_.size()) {
    size_t end = original_.find('\n', start);
    if (end == std::string::npos) {
      end = original_.size();
    }
    ++line_number;
    line_starts_.push_back(start);
    absl::string_view raw(original_.data() + start, end - start);
    const absl::string_view line = TrimLine(raw);
    const bool fence = absl::StartsWith(absl::StripLeadingAsciiWhitespace(raw), "```");
    if (fence) {
      in_fence = !in_fence;
    }
    if (!line.empty() && !IsPageNumberLine(line) && !fence && !in_fence) {
      std::string marker;
      const Level level = OutlineLevel(line, &marker);
      if (level != kPreamble) {
        OutlineNode node;
        node.level = level;
        node.marker = marker;
        node.line = line_number;
        absl::string_view heading = line.substr(marker.size());
        node.heading = std::string(TrimSpaces(heading));
        // The parent: the innermost open node of a shallower level, else
        // the preamble.
        for (int shallower = level - 1; shallower >= 0 && node.parent < 0; --shallower) {
          node.parent = open_at_level[shallower];
        }
        if (node.parent < 0) {
          node.parent = 0;
        }
        const int index = static_cast<int>(nodes_.size());
        nodes_[node.parent].children.push_back(index);
        open_at_level[level] = index;
        for (int deeper = level + 1; deeper < 5; ++deeper) {
          open_at_level[deeper] = -1;
        }
        nodes_.push_back(std::move(node));
      }
      OutlineNode& current = nodes_.back();
      const size_t offset = static_cast<size_t>(line.data() - original_.data());
      // The heading line stays a line of its own, so that it never runs into
      // the first words of the body.
      if (level == kPreamble && current.level != kPreamble && current.level <= kSection &&
          current.text.size() == current.marker.size() + current.heading.size()) {
        current.text.push_back('\n');
        current.origin.push_back(offset);
      }
      // Spaces between two CJK characters are extraction damage (基 本 支出,
      // 同 比 增 加): dropped, so that words read as words.
      for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] == ' ' || line[i] == '\t') {
          size_t next = i;
          while (next < line.size() && (line[next] == ' ' || line[next] == '\t')) ++next;
          const bool after_cjk = !current.text.empty() &&
                                 (static_cast<unsigned char>(current.text.back()) & 0xC0) == 0x80;
          const bool before_cjk =
              next < line.size() && static_cast<unsigned char>(line[next]) >= 0xE0;
          if (after_cjk && before_cjk) {
            i = next - 1;
            continue;
          }
        }
        current.text.push_back(line[i]);
        current.origin.push_back(offset + i);
      }
    }
    if (end == original_.size()) {
      break;
    }
    start = end + 1;
  }
  for (OutlineNode& node : nodes_) {
    absl::string_view body(node.text);
    body.remove_prefix(std::min(body.size(), node.marker.size()));
    re2::StringPiece input(body.data(), body.size());
    re2::StringPiece colon;
    static const RE2* const kUntilColon = new RE2("^(.*?)[：:。]");
    if (RE2::PartialMatch(input, *kUntilColon, &colon)) {
      node.name = std::string(TrimSpaces(absl::string_view(colon.data(), colon.size())));
    } else {
      node.name = std::string(TrimSpaces(body.substr(0, 60)));
    }
  }
}

std::pair<int, int> Document::LineColumn(size_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const size_t line_index = static_cast<size_t>(it - line_starts_.begin()) - 1;
  const size_t start = line_starts_[line_index];
  const size_t column = Utf8Length(absl::string_view(original_).substr(start, offset - start)) + 1;
  return {static_cast<int>(line_index) + 1, static_cast<int>(column)};
}

int Document::AncestorAt(int index, Level level) const {
  while (index >= 0 && nodes_[index].level > level) {
    index = nodes_[index].parent;
  }
  return index;
}

std::string Document::SectionOf(int index) const {
  const int section = AncestorAt(index, kSection);
  if (section <= 0) {
    return "";
  }
  const OutlineNode& node = nodes_[section];
  const std::string separator = node.level == kPart ? " " : "";
  return Excerpt(node.marker + separator + node.heading, 30);
}

}  // namespace reportflow::proofread
