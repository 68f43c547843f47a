// 机器校对: reads a disclosure report the way an experienced finance reviewer
// does and returns what is wrong. Pure: no IO besides the text handed in.
// Used by the review service at StartReview and by `reportctl proofread`.
//
// Rule families (docs/proofreading.md lists every rule with examples):
//   figures.*       勾稽: sums, shares, year-on-year changes, completion rates,
//                   the same quantity stated twice, the text against the
//                   report's tables; the last digit may be rounded or
//                   truncated, nothing more;
//   completeness.*  required parts and chapters, empty budgets explained,
//                   三公经费 broken down with counts;
//   leftover.*      template hints and placeholders, stale years;
//   structure.*     heading vs body, duplicated items, heading levels, numbering;
//   wording.*, number.*, punct.*  the curated wording list, GB/T 15835 number
//                   style and GB/T 15834 punctuation basics.
#ifndef REPORTFLOW_PROOFREAD_PROOFREADER_H_
#define REPORTFLOW_PROOFREAD_PROOFREADER_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "proofread/finding.h"

namespace reportflow::proofread {

// A table of the report (a CSV section, e.g. 十三、财政拨款“三公”经费支出决算表):
// the source of the figures the text states.
struct ReportTable {
  std::string title;
  std::string csv;  // RFC 4180, the first row the header
};

struct ProofreadOptions {
  // The fiscal year reported on; 0 infers it as the year most often written
  // "YYYY 年度".
  int report_year = 0;
  // Template for the completeness checks: "sichuan-final-accounts" (built in)
  // or "" to skip them (e.g. for a single section or another province).
  std::string template_name = "sichuan-final-accounts";
  // The unit's full name, e.g. 乐山市金口河区人民政府办公室; empty infers it
  // as the most frequent organisation name that names a district or county.
  std::string unit_name;
  // The report's tables: every amount the text states for a row of one of
  // them (公务接待费 30 万元) must be that row's figure (figures.table).
  std::vector<ReportTable> tables;
};

// Checks `text` (UTF-8; a whole report or one section, plain text or
// CommonMark). Findings are ordered by position. Never fails: text it cannot
// read yields fewer findings, not an error.
std::vector<Finding> Proofread(absl::string_view text, const ProofreadOptions& options = {});

// The year most often written "YYYY 年度" in `text`, or 0.
int InferReportYear(absl::string_view text);

}  // namespace reportflow::proofread

#endif  // REPORTFLOW_PROOFREAD_PROOFREADER_H_
