// The curated list of wording errors (proofread/data/wording.tsv), parsed.
// Exposed so that every entry's own examples are tested.
#ifndef REPORTFLOW_PROOFREAD_WORDING_H_
#define REPORTFLOW_PROOFREAD_WORDING_H_

#include <memory>
#include <string>
#include <vector>

#include "proofread/finding.h"
#include "re2/re2.h"

namespace reportflow::proofread {

struct WordingEntry {
  std::string id;
  Severity severity;
  std::unique_ptr<RE2> pattern;
  std::string suggestion;
  std::string message;
  // Text the entry must flag, and text it must leave alone.
  std::string flags;
  std::string accepts;
};

// The entries of wording.tsv; a malformed line stops the program, since the
// file is compiled in and tested.
const std::vector<WordingEntry>& WordingEntries();

}  // namespace reportflow::proofread

#endif  // REPORTFLOW_PROOFREAD_WORDING_H_
