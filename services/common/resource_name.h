// Resource names (AIP-122) as every service parses them: a name is checked
// against its pattern and its ids are read out, or the caller gets
// INVALID_ARGUMENT naming the field and the expected form.
#ifndef REPORTFLOW_SERVICES_COMMON_RESOURCE_NAME_H_
#define REPORTFLOW_SERVICES_COMMON_RESOURCE_NAME_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"

namespace reportflow {

// The ids of `name` for `pattern` (e.g. "reports/{report}/versions/{version}"
// → {"r-1", "2"}), in order. Ids are non-empty and contain no '/'.
absl::StatusOr<std::vector<std::string>> ParseResourceName(absl::string_view name,
                                                           absl::string_view pattern,
                                                           absl::string_view field);

// A numeric id as names carry it: 1 to 18 ASCII digits and nothing else (no
// sign, no spaces: "reviews/ 1" is not "reviews/1"). False otherwise, or when
// it does not fit `Int`.
template <typename Int>
bool ParseIdNumber(absl::string_view text, Int* out) {
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != absl::string_view::npos) {
    return false;
  }
  return absl::SimpleAtoi(text, out);
}

// "reports/{report}" → the report id.
absl::StatusOr<std::string> ParseReportName(absl::string_view name, absl::string_view field);

// "reports/{report}/versions/{version}" → (report id, version ≥ 1).
absl::StatusOr<std::pair<std::string, int>> ParseVersionName(absl::string_view name,
                                                             absl::string_view field);

// A positive integer id as the last id of `pattern` requires (e.g.
// "publications/{publication}" → 7); INVALID_ARGUMENT otherwise.
absl::StatusOr<std::vector<int64_t>> ParseNumericName(absl::string_view name,
                                                      absl::string_view pattern,
                                                      absl::string_view field);

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_RESOURCE_NAME_H_
