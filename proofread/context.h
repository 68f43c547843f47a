// What every rule family shares while checking one document: the document,
// the options, and the findings collected so far. Internal to proofread/.
#ifndef REPORTFLOW_PROOFREAD_CONTEXT_H_
#define REPORTFLOW_PROOFREAD_CONTEXT_H_

#include <string>
#include <vector>

#include "proofread/document.h"
#include "proofread/finding.h"
#include "proofread/numbers.h"
#include "proofread/proofreader.h"
#include "re2/re2.h"

namespace reportflow::proofread {

class Context {
 public:
  Context(const Document& document, const ProofreadOptions& options, int report_year)
      : document_(document), options_(options), report_year_(report_year) {}

  const Document& document() const { return document_; }
  const ProofreadOptions& options() const { return options_; }
  // The fiscal year the report is about (given, or inferred from the text).
  int report_year() const { return report_year_; }

  // Records a finding at bytes [begin, end) of node `node`'s text.
  void Add(absl::string_view rule, Severity severity, int node, size_t begin, size_t end,
           std::string message, std::string suggestion = "");

  // The findings, ordered by position then rule, duplicates removed.
  std::vector<Finding> TakeFindings();

 private:
  const Document& document_;
  const ProofreadOptions& options_;
  const int report_year_;
  std::vector<Finding> findings_;
};

// Byte offset of an RE2 match `piece` within `text` (which it points into).
inline size_t Offset(const re2::StringPiece& piece, const std::string& text) {
  return static_cast<size_t>(piece.data() - text.data());
}

// A number matched by RE2, parsed (see ParseNumber).
inline double Number(const re2::StringPiece& piece, int* decimals) {
  return ParseNumber(absl::string_view(piece.data(), piece.size()), decimals);
}

// The rule families, each in its own file.
void CheckFigures(Context& context);        // rules_figures.cc
void CheckAgainstTables(Context& context);  // rules_tables.cc
void CheckCompleteness(Context& context);   // rules_completeness.cc
void CheckLeftovers(Context& context);      // rules_leftovers.cc (with the unit name)
void CheckStructure(Context& context);      // rules_structure.cc
void CheckWording(Context& context);        // rules_wording.cc

}  // namespace reportflow::proofread

#endif  // REPORTFLOW_PROOFREAD_CONTEXT_H_
