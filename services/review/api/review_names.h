// What every review handler file shares: the caller as the workflow engine
// sees them, parsing of review resource names with errors that name the
// field and the expected shape, which services may read any review, and the
// canonical JSON of audit details.
#ifndef REPORTFLOW_SERVICES_REVIEW_API_REVIEW_NAMES_H_
#define REPORTFLOW_SERVICES_REVIEW_API_REVIEW_NAMES_H_

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "services/common/auth.h"
#include "workflow/review.h"

namespace reportflow::review {

// The caller as the engine sees them at `unit`: the roles they hold there
// (a token's roles, or the directory's for that unit).
workflow::Person ToPerson(const Caller& caller, absl::string_view unit);

// INVALID_ARGUMENT: `field` should have `shape` but was `name`.
absl::Status Malformed(absl::string_view field, absl::string_view shape, absl::string_view name);

// "reviews/{id}[/{collection}/{child}]": the review id and the child
// (empty `collection`: just the review).
absl::StatusOr<std::pair<int64_t, std::string>> ParseReviewName(absl::string_view name,
                                                                absl::string_view field,
                                                                absl::string_view collection);

// A numeric child id ("reviews/7/comments/3" → 3).
absl::StatusOr<std::pair<int64_t, int>> ParseNumberedChild(absl::string_view name,
                                                           absl::string_view field,
                                                           absl::string_view collection);

// A page token naming a position in (active_since, id) order:
// "<micros>-<id>"; the start of time for an empty token.
std::string PositionToken(absl::Time time, int64_t id);
absl::StatusOr<std::pair<absl::Time, int64_t>> ParsePositionToken(absl::string_view token);

// The services that read any unit's reviews (drafting, publication, review).
bool IsReaderService(const Caller& caller);

// The audit log's JSON of `object`: compact, invalid UTF-8 replaced.
std::string Canonical(const nlohmann::json& object);

}  // namespace reportflow::review

#endif  // REPORTFLOW_SERVICES_REVIEW_API_REVIEW_NAMES_H_
