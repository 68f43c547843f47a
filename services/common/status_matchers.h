// GoogleTest matchers for absl::Status and absl::StatusOr<T>, with upstream
// Abseil's names (absl/status/status_matchers.h is not in Debian 12's Abseil):
//
//   EXPECT_THAT(store.Get(id), IsOk());
//   EXPECT_THAT(store.Insert(dup), StatusIs(absl::StatusCode::kAlreadyExists));
//   EXPECT_THAT(store.Insert(dup), StatusIs(absl::StatusCode::kAlreadyExists,
//                                           HasSubstr("reports")));
//   EXPECT_THAT(store.Count(), IsOkAndHolds(3));
#ifndef REPORTFLOW_SERVICES_COMMON_STATUS_MATCHERS_H_
#define REPORTFLOW_SERVICES_COMMON_STATUS_MATCHERS_H_

#include <ostream>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace reportflow::testing {
namespace matchers_internal {

inline const absl::Status& GetStatus(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

MATCHER(IsOkMatcher, "is OK") {
  const absl::Status& status = GetStatus(arg);
  if (!status.ok()) {
    *result_listener << "which is " << status;
  }
  return status.ok();
}

MATCHER_P2(StatusIsMatcher, code, message_matcher, "has code " + absl::StatusCodeToString(code)) {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "which is " << status;
  return status.code() == code &&
         ::testing::ExplainMatchResult(message_matcher, std::string(status.message()),
                                       result_listener);
}

MATCHER_P(IsOkAndHoldsMatcher, value_matcher, "is OK and holds a matching value") {
  if (!arg.ok()) {
    *result_listener << "which is " << arg.status();
    return false;
  }
  return ::testing::ExplainMatchResult(value_matcher, *arg, result_listener);
}

}  // namespace matchers_internal

// Matches an OK absl::Status or absl::StatusOr<T>.
inline auto IsOk() { return matchers_internal::IsOkMatcher(); }

// Matches a status with exactly `code`.
inline auto StatusIs(absl::StatusCode code) {
  return matchers_internal::StatusIsMatcher(code, ::testing::_);
}

// Matches a status with exactly `code` whose message matches `message_matcher`.
template <typename MessageMatcher>
auto StatusIs(absl::StatusCode code, MessageMatcher message_matcher) {
  return matchers_internal::StatusIsMatcher(
      code, ::testing::MatcherCast<std::string>(std::move(message_matcher)));
}

// Matches an OK absl::StatusOr<T> whose value matches `value_matcher`.
template <typename ValueMatcher>
auto IsOkAndHolds(ValueMatcher value_matcher) {
  return matchers_internal::IsOkAndHoldsMatcher(std::move(value_matcher));
}

}  // namespace reportflow::testing

#endif  // REPORTFLOW_SERVICES_COMMON_STATUS_MATCHERS_H_
