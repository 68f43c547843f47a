#include "services/common/resource_name.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace reportflow {
namespace {

absl::Status Malformed(absl::string_view field, absl::string_view pattern, absl::string_view name) {
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": \"", name, "\" is not of the form ", pattern));
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ParseResourceName(absl::string_view name,
                                                           absl::string_view pattern,
                                                           absl::string_view field) {
  const std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  const std::vector<absl::string_view> expected = absl::StrSplit(pattern, '/');
  if (parts.size() != expected.size()) {
    return Malformed(field, pattern, name);
  }
  std::vector<std::string> ids;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (absl::StartsWith(expected[i], "{")) {
      if (parts[i].empty()) return Malformed(field, pattern, name);
      ids.emplace_back(parts[i]);
    } else if (parts[i] != expected[i]) {
      return Malformed(field, pattern, name);
    }
  }
  return ids;
}

absl::StatusOr<std::string> ParseReportName(absl::string_view name, absl::string_view field) {
  absl::StatusOr<std::vector<std::string>> ids = ParseResourceName(name, "reports/{report}", field);
  if (!ids.ok()) return ids.status();
  return (*ids)[0];
}

absl::StatusOr<std::pair<std::string, int>> ParseVersionName(absl::string_view name,
                                                             absl::string_view field) {
  constexpr absl::string_view kPattern = "reports/{report}/versions/{version}";
  absl::StatusOr<std::vector<std::string>> ids = ParseResourceName(name, kPattern, field);
  int number = 0;
  if (!ids.ok() || !ParseIdNumber((*ids)[1], &number) || number <= 0) {
    return Malformed(field, kPattern, name);
  }
  return std::make_pair((*ids)[0], number);
}

absl::StatusOr<std::vector<int64_t>> ParseNumericName(absl::string_view name,
                                                      absl::string_view pattern,
                                                      absl::string_view field) {
  absl::StatusOr<std::vector<std::string>> ids = ParseResourceName(name, pattern, field);
  if (!ids.ok()) return ids.status();
  std::vector<int64_t> numbers;
  for (const std::string& id : *ids) {
    int64_t number = 0;
    if (!ParseIdNumber(id, &number) || number <= 0) return Malformed(field, pattern, name);
    numbers.push_back(number);
  }
  return numbers;
}

}  // namespace reportflow
