#include "services/drafting/domain/diff.h"

#include <dtl/dtl.hpp>

#include "absl/strings/str_split.h"

namespace reportflow::drafting {
namespace {

std::vector<std::string> Lines(absl::string_view text) {
  if (text.empty()) {
    return {};
  }
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  if (!lines.empty() && lines.back().empty()) {
    lines.pop_back();  // a final newline ends the last line, it opens none
  }
  return lines;
}

std::vector<std::string> CodePoints(absl::string_view text) {
  std::vector<std::string> points;
  for (size_t i = 0; i < text.size();) {
    size_t length = 1;
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0xF0)
      length = 4;
    else if (c >= 0xE0)
      length = 3;
    else if (c >= 0xC0)
      length = 2;
    length = std::min(length, text.size() - i);
    points.emplace_back(text.substr(i, length));
    i += length;
  }
  return points;
}

// Character-level spans of a changed line pair.
void SpanPair(DiffLine& old_line, DiffLine& new_line) {
  const std::vector<std::string> before = CodePoints(old_line.text);
  const std::vector<std::string> after = CodePoints(new_line.text);
  dtl::Diff<std::string, std::vector<std::string>> diff(before, after);
  diff.compose();
  auto append = [](std::vector<DiffSpan>& spans, DiffOp op, const std::string& text) {
    if (!spans.empty() && spans.back().op == op) {
      spans.back().text += text;
    } else {
      spans.push_back({op, text});
    }
  };
  for (const auto& [point, info] : diff.getSes().getSequence()) {
    if (info.type == dtl::SES_COMMON) {
      append(old_line.spans, DiffOp::kEqual, point);
      append(new_line.spans, DiffOp::kEqual, point);
    } else if (info.type == dtl::SES_DELETE) {
      append(old_line.spans, DiffOp::kDelete, point);
    } else {
      append(new_line.spans, DiffOp::kInsert, point);
    }
  }
}

}  // namespace

TextDiff DiffTexts(absl::string_view old_text, absl::string_view new_text, int context_lines,
                   const DiffBounds& bounds) {
  const std::vector<std::string> before = Lines(old_text);
  const std::vector<std::string> after = Lines(new_text);
  TextDiff result;
  std::vector<DiffLine> all;
  auto equal = [&](size_t old_index, size_t new_index) {
    DiffLine entry;
    entry.op = DiffOp::kEqual;
    entry.text = before[old_index];
    entry.old_line = static_cast<int>(old_index + 1);
    entry.new_line = static_cast<int>(new_index + 1);
    all.push_back(std::move(entry));
  };
  // Common head and tail lines are equal without search; only the middle
  // is diffed, so a small edit of a long section costs little.
  size_t head = 0;
  while (head < before.size() && head < after.size() && before[head] == after[head]) ++head;
  size_t tail = 0;
  while (tail < before.size() - head && tail < after.size() - head &&
         before[before.size() - 1 - tail] == after[after.size() - 1 - tail]) {
    ++tail;
  }
  for (size_t i = 0; i < head; ++i) equal(i, i);
  const std::vector<std::string> old_middle(before.begin() + head, before.end() - tail);
  const std::vector<std::string> new_middle(after.begin() + head, after.end() - tail);
  if (old_middle.size() + new_middle.size() > bounds.max_middle_lines) {
    // Too many changed lines to search for the shortest edit in bounded
    // time: shown as the old lines replaced by the new ones.
    for (size_t i = 0; i < old_middle.size(); ++i) {
      all.push_back({DiffOp::kDelete, static_cast<int>(head + i + 1), 0, old_middle[i], {}});
      ++result.deleted_lines;
    }
    for (size_t i = 0; i < new_middle.size(); ++i) {
      all.push_back({DiffOp::kInsert, 0, static_cast<int>(head + i + 1), new_middle[i], {}});
      ++result.inserted_lines;
    }
  } else {
    dtl::Diff<std::string, std::vector<std::string>> diff(old_middle, new_middle);
    diff.compose();
    for (const auto& [line, info] : diff.getSes().getSequence()) {
      DiffLine entry;
      entry.text = line;
      if (info.type == dtl::SES_COMMON) {
        entry.op = DiffOp::kEqual;
        entry.old_line = static_cast<int>(info.beforeIdx + head);
        entry.new_line = static_cast<int>(info.afterIdx + head);
      } else if (info.type == dtl::SES_DELETE) {
        entry.op = DiffOp::kDelete;
        entry.old_line = static_cast<int>(info.beforeIdx + head);
        ++result.deleted_lines;
      } else {
        entry.op = DiffOp::kInsert;
        entry.new_line = static_cast<int>(info.afterIdx + head);
        ++result.inserted_lines;
      }
      all.push_back(std::move(entry));
    }
  }
  for (size_t i = 0; i < tail; ++i) {
    equal(before.size() - tail + i, after.size() - tail + i);
  }
  // Pair each run of deletions with the insertions right after it: the
  // k-th deleted line with the k-th inserted one is a changed line.
  for (size_t i = 0; i < all.size();) {
    size_t deletes_end = i;
    while (deletes_end < all.size() && all[deletes_end].op == DiffOp::kDelete) ++deletes_end;
    size_t inserts_end = deletes_end;
    while (inserts_end < all.size() && all[inserts_end].op == DiffOp::kInsert) ++inserts_end;
    const size_t pairs = std::min(deletes_end - i, inserts_end - deletes_end);
    for (size_t k = 0; k < pairs; ++k) {
      // Character-level search is quadratic in the worst case: long lines
      // are shown changed as a whole.
      if (all[i + k].text.size() <= bounds.max_line_bytes &&
          all[deletes_end + k].text.size() <= bounds.max_line_bytes) {
        SpanPair(all[i + k], all[deletes_end + k]);
      }
    }
    i = inserts_end > i ? inserts_end : i + 1;
  }
  if (context_lines < 0) {
    result.lines = std::move(all);
    return result;
  }
  std::vector<bool> keep(all.size(), false);
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].op == DiffOp::kEqual) continue;
    const size_t from = i >= static_cast<size_t>(context_lines) ? i - context_lines : 0;
    const size_t to = std::min(all.size() - 1, i + context_lines);
    for (size_t k = from; k <= to; ++k) keep[k] = true;
  }
  for (size_t i = 0; i < all.size(); ++i) {
    if (keep[i]) result.lines.push_back(std::move(all[i]));
  }
  return result;
}

}  // namespace reportflow::drafting
