#include "proofread/proofreader.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "absl/strings/numbers.h"
#include "proofread/context.h"
#include "proofread/document.h"
#include "re2/re2.h"

namespace reportflow::proofread {

absl::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "info";
  }
  return "info";
}

void Context::Add(absl::string_view rule, Severity severity, int node, size_t begin, size_t end,
                  std::string message, std::string suggestion) {
  const OutlineNode& where = document_.nodes()[node];
  Finding finding;
  finding.rule = std::string(rule);
  finding.severity = severity;
  finding.section = document_.SectionOf(node);
  if (where.origin.empty()) {
    finding.line = where.line;
    finding.column = 1;
  } else {
    begin = std::min(begin, where.origin.size() - 1);
    std::tie(finding.line, finding.column) = document_.LineColumn(where.origin[begin]);
  }
  end = std::min(std::max(end, begin), where.text.size());
  std::string excerpt(absl::string_view(where.text).substr(begin, end - begin));
  std::replace(excerpt.begin(), excerpt.end(), '\n', ' ');
  finding.excerpt = Excerpt(excerpt);
  finding.message = std::move(message);
  finding.suggestion = std::move(suggestion);
  findings_.push_back(std::move(finding));
}

std::vector<Finding> Context::TakeFindings() {
  std::stable_sort(findings_.begin(), findings_.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.line, a.column, a.rule) < std::tie(b.line, b.column, b.rule);
  });
  findings_.erase(std::unique(findings_.begin(), findings_.end(),
                              [](const Finding& a, const Finding& b) {
                                return a.line == b.line && a.column == b.column &&
                                       a.rule == b.rule && a.message == b.message;
                              }),
                  findings_.end());
  return std::move(findings_);
}

int InferReportYear(absl::string_view text) {
  static const RE2* const kYear = new RE2("((?:19|20)\\d{2})\\s*年度");
  std::map<int, int> counts;
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece digits;
  while (RE2::FindAndConsume(&input, *kYear, &digits)) {
    int year = 0;
    if (absl::SimpleAtoi(absl::string_view(digits.data(), digits.size()), &year)) {
      ++counts[year];
    }
  }
  int best = 0;
  int best_count = 0;
  for (const auto& [year, count] : counts) {
    if (count > best_count || (count == best_count && year > best)) {
      best = year;
      best_count = count;
    }
  }
  return best;
}

std::vector<Finding> Proofread(absl::string_view text, const ProofreadOptions& options) {
  const Document document(text);
  const int year = options.report_year != 0 ? options.report_year : InferReportYear(text);
  Context context(document, options, year);
  CheckFigures(context);
  CheckAgainstTables(context);
  CheckCompleteness(context);
  CheckLeftovers(context);
  CheckStructure(context);
  CheckWording(context);
  return context.TakeFindings();
}

}  // namespace reportflow::proofread
