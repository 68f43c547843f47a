// The report as a finance reviewer reads it: an outline of headings and
// numbered items (第一部分 → 一、 → （一） → 1. → （1）/⑴), each with its text
// joined across the hard line breaks of a Word export, every byte of which
// remembers where it came from so that findings point at the original line
// and column. Page-number lines and blank lines are dropped; Markdown heading
// marks (#) are ignored; fenced code blocks (```, e.g. the chart blocks of
// services/common/chart_block.h) are data, not prose, and are skipped.
#ifndef REPORTFLOW_PROOFREAD_DOCUMENT_H_
#define REPORTFLOW_PROOFREAD_DOCUMENT_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace reportflow::proofread {

// Outline levels. kPreamble is the text before the first heading.
enum Level : int {
  kPreamble = -1,
  kPart = 0,     // 第一部分
  kChapter = 1,  // 一、
  kSection = 2,  // （一）
  kItem = 3,     // 1. 1、 1．
  kSubItem = 4,  // （1） (1) ⑴ ①
};

// One heading or numbered item and the text up to the next one.
struct OutlineNode {
  Level level = kPreamble;
  // The numbering as written, e.g. "第二部分", "一、", "（三）", "2、", "⑴".
  std::string marker;
  // The node's text joined across line breaks; for a part, chapter or
  // section the heading line is followed by a '\n' of its own.
  std::string text;
  // origin[i]: byte offset in the original text of text[i].
  std::vector<size_t> origin;
  // Index of the enclosing node (0, the preamble, for top-level headings; -1
  // for the preamble itself) and of the nodes inside it.
  int parent = -1;
  std::vector<int> children;
  // 1-based line of the node's first line.
  int line = 0;
  // The heading: the first line, without the marker, trimmed.
  std::string heading;
  // The item's name: its text without the marker up to the first colon
  // (for 1.财政拨款收入：… it is 财政拨款收入).
  std::string name;
};

class Document {
 public:
  explicit Document(absl::string_view text);

  absl::string_view original() const { return original_; }
  // Node 0 is the preamble; the others follow the text's order.
  const std::vector<OutlineNode>& nodes() const { return nodes_; }
  // 1-based line and column (code points) of an original byte offset.
  std::pair<int, int> LineColumn(size_t offset) const;
  // The heading of the part, chapter or section node `index` belongs to (the
  // innermost one), for a finding's `section`.
  std::string SectionOf(int index) const;
  // The nearest ancestor (or the node itself) at `level` or above; -1 if none.
  int AncestorAt(int index, Level level) const;

 private:
  std::string original_;
  std::vector<size_t> line_starts_;
  std::vector<OutlineNode> nodes_;
};

// A line without surrounding ASCII or full-width spaces and without Markdown
// heading marks (#).
absl::string_view TrimLine(absl::string_view line);

// Whether a trimmed line is only a page number (Word exports leave them).
bool IsPageNumberLine(absl::string_view line);

// Recognises an outline marker at the start of `line` (already trimmed).
// Returns the level and sets `marker`; kPreamble when the line is no heading.
Level OutlineLevel(absl::string_view line, std::string* marker);

// Cuts `text` to at most `max_chars` code points, adding "…" when cut.
std::string Excerpt(absl::string_view text, size_t max_chars = 40);

}  // namespace reportflow::proofread

#endif  // REPORTFLOW_PROOFREAD_DOCUMENT_H_
