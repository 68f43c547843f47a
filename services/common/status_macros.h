// RETURN_IF_ERROR and ASSIGN_OR_RETURN, with upstream Abseil's names and
// meaning. Debian 12's Abseil (20220623) does not ship them; when it does,
// deleting this header and including absl/status/status_macros.h is the
// whole migration.
//
//   absl::Status Save(Store& store, const Report& report) {
//     RETURN_IF_ERROR(Validate(report));
//     ASSIGN_OR_RETURN(int64_t id, store.Insert(report));
//     ...
//   }
#ifndef REPORTFLOW_SERVICES_COMMON_STATUS_MACROS_H_
#define REPORTFLOW_SERVICES_COMMON_STATUS_MACROS_H_

#include <utility>

#include "absl/base/optimization.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace reportflow::status_internal {

// Uniform access to the status of an absl::Status or an absl::StatusOr<T>.
inline const absl::Status& GetStatus(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

}  // namespace reportflow::status_internal

// Evaluates `expr` (an absl::Status or absl::StatusOr<T>) and returns its
// status from the enclosing function if it is not OK.
#define RETURN_IF_ERROR(expr)                                                 \
  do {                                                                        \
    auto&& rf_status_macro_value = (expr);                                    \
    if (ABSL_PREDICT_FALSE(!rf_status_macro_value.ok())) {                    \
      return ::reportflow::status_internal::GetStatus(rf_status_macro_value); \
    }                                                                         \
  } while (false)

#define RF_STATUS_MACROS_CONCAT_INNER(x, y) x##y
#define RF_STATUS_MACROS_CONCAT(x, y) RF_STATUS_MACROS_CONCAT_INNER(x, y)

#define RF_ASSIGN_OR_RETURN_IMPL(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                             \
  if (ABSL_PREDICT_FALSE(!statusor.ok())) {            \
    return std::move(statusor).status();               \
  }                                                    \
  lhs = *std::move(statusor)

// Evaluates `rexpr` (an absl::StatusOr<T>); on error returns its status from
// the enclosing function, otherwise moves the value into `lhs`, which may be
// a declaration: ASSIGN_OR_RETURN(auto conn, pool.Acquire());
// `lhs` must not contain unparenthesized commas.
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  RF_ASSIGN_OR_RETURN_IMPL(RF_STATUS_MACROS_CONCAT(rf_statusor_, __LINE__), lhs, rexpr)

#endif  // REPORTFLOW_SERVICES_COMMON_STATUS_MACROS_H_
