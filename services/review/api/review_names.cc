#include "services/review/api/review_names.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/text_rules.h"

namespace reportflow::review {

workflow::Person ToPerson(const Caller& caller, absl::string_view unit) {
  return {caller.user_id, caller.display_name, caller.RolesIn(unit), {std::string(unit)}};
}

absl::Status Malformed(absl::string_view field, absl::string_view shape, absl::string_view name) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": 应为 ", shape, "，收到“",
                                                 QuoteInput(name), "” (malformed resource name)"));
}

// "reviews/{id}[/{collection}/{child}]": the review id and the child.
absl::StatusOr<std::pair<int64_t, std::string>> ParseReviewName(absl::string_view name,
                                                                absl::string_view field,
                                                                absl::string_view collection) {
  const std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  int64_t id = 0;
  const size_t expected = collection.empty() ? 2 : 4;
  const std::string shape = collection.empty()
                                ? "reviews/{review}"
                                : absl::StrCat("reviews/{review}/", collection, "/{id}");
  if (parts.size() != expected || parts[0] != "reviews" || !ParseIdNumber(parts[1], &id) ||
      id <= 0 || (!collection.empty() && (parts[2] != collection || parts[3].empty()))) {
    return Malformed(field, shape, name);
  }
  return std::make_pair(id, collection.empty() ? std::string() : std::string(parts[3]));
}

// A numeric child id ("reviews/7/comments/3" → 3).
absl::StatusOr<std::pair<int64_t, int>> ParseNumberedChild(absl::string_view name,
                                                           absl::string_view field,
                                                           absl::string_view collection) {
  ASSIGN_OR_RETURN(auto parsed, ParseReviewName(name, field, collection));
  int child = 0;
  if (!ParseIdNumber(parsed.second, &child) || child <= 0) {
    return Malformed(field, absl::StrCat("reviews/{review}/", collection, "/{id}"), name);
  }
  return std::make_pair(parsed.first, child);
}

bool IsReaderService(const Caller& caller) {
  return caller.IsService("drafting") || caller.IsService("publication") ||
         caller.IsService("review");
}

std::string Canonical(const nlohmann::json& object) {
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string PositionToken(absl::Time time, int64_t id) {
  return absl::StrCat(absl::ToUnixMicros(time), "-", id);
}

absl::StatusOr<std::pair<absl::Time, int64_t>> ParsePositionToken(absl::string_view token) {
  if (token.empty()) return std::make_pair(absl::FromUnixSeconds(0), int64_t{0});
  const std::vector<absl::string_view> parts = absl::StrSplit(token, '-');
  int64_t micros = 0;
  int64_t id = 0;
  if (parts.size() != 2 || !ParseIdNumber(parts[0], &micros) || !ParseIdNumber(parts[1], &id)) {
    return absl::InvalidArgumentError("page_token: 无效 (invalid page token)");
  }
  return std::make_pair(absl::FromUnixMicros(micros), id);
}

}  // namespace reportflow::review
