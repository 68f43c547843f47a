// Diffs of section contents at line level and, for changed lines, at
// character level (Unicode code points), so that a Chinese edit shows as the
// characters changed. Built on dtl (Wu's O(NP) algorithm).
#ifndef REPORTFLOW_SERVICES_DRAFTING_DOMAIN_DIFF_H_
#define REPORTFLOW_SERVICES_DRAFTING_DOMAIN_DIFF_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace reportflow::drafting {

enum class DiffOp { kEqual, kInsert, kDelete };

// A run of characters of a changed line.
struct DiffSpan {
  DiffOp op;
  std::string text;
};

// One line of the diff.
struct DiffLine {
  DiffOp op;
  // 1-based line numbers; 0 where the line does not exist on that side.
  int old_line = 0;
  int new_line = 0;
  std::string text;
  // For a deleted line paired with an inserted one (a changed line), the
  // character-level spans: kEqual and kDelete on the old line, kEqual and
  // kInsert on the new one. Empty otherwise.
  std::vector<DiffSpan> spans;
};

struct TextDiff {
  std::vector<DiffLine> lines;
  int inserted_lines = 0;
  int deleted_lines = 0;
};

// What bounds a diff's work (each DiffRevisions call must stay fast and small
// whatever two revisions hold): the changed middle of more than
// `max_middle_lines` lines is shown as replaced without searching; a changed
// line pair longer than `max_line_bytes` gets no character-level spans.
struct DiffBounds {
  size_t max_middle_lines = 20000;
  size_t max_line_bytes = 12000;
};

// Diffs two texts. With `context_lines` >= 0, unchanged lines farther than
// that from any change are left out.
TextDiff DiffTexts(absl::string_view old_text, absl::string_view new_text, int context_lines = -1,
                   const DiffBounds& bounds = {});

}  // namespace reportflow::drafting

#endif  // REPORTFLOW_SERVICES_DRAFTING_DOMAIN_DIFF_H_
