// A machine-check (机器校对) finding: what rule, how serious, where, and what
// to do, in Chinese. The JSON shape reportctl prints is fixed by DESIGN:
// {"rule","severity","section","line","column","excerpt","message","suggestion"}.
#ifndef REPORTFLOW_PROOFREAD_FINDING_H_
#define REPORTFLOW_PROOFREAD_FINDING_H_

#include <string>

#include "absl/strings/string_view.h"

namespace reportflow::proofread {

// error: wrong, blocks 终审 unless overridden; warning: probably wrong;
// info: worth a look.
enum class Severity { kError, kWarning, kInfo };

// "error", "warning" or "info".
absl::string_view SeverityName(Severity severity);

struct Finding {
  // Rule id, e.g. "figures.change" (docs/proofreading.md lists them all).
  std::string rule;
  Severity severity = Severity::kError;
  // The heading of the section the text sits in, e.g. "一、收入支出决算总体情况说明".
  std::string section;
  // 1-based line and column (in Unicode code points) in the checked text.
  int line = 0;
  int column = 0;
  // The text found (at most about 40 characters).
  std::string excerpt;
  // What is wrong: which numbers, what was computed, what the text says.
  std::string message;
  // How to fix it; empty when there is no single fix.
  std::string suggestion;
};

}  // namespace reportflow::proofread

#endif  // REPORTFLOW_PROOFREAD_FINDING_H_
