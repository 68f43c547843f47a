// List-method paging (AIP-158) as every service does it: page sizes with a
// default and a cap, and numeric page tokens (a row id, sequence or offset).
#ifndef REPORTFLOW_SERVICES_COMMON_PAGING_H_
#define REPORTFLOW_SERVICES_COMMON_PAGING_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace reportflow {

// Page sizes: default 50 (or `max` if smaller), capped at `max`; negative is
// INVALID_ARGUMENT naming page_size.
absl::StatusOr<int> PageSize(int requested, int max);

// A numeric page token of at least `minimum`; 0 for the first page (no
// token). INVALID_ARGUMENT naming page_token otherwise.
absl::StatusOr<int64_t> NumberToken(absl::string_view token, int64_t minimum);

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_PAGING_H_
