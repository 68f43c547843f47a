#include "services/common/paging.h"

#include <algorithm>

#include "absl/strings/numbers.h"

namespace reportflow {

absl::StatusOr<int> PageSize(int requested, int max) {
  if (requested < 0) {
    return absl::InvalidArgumentError("page_size: 不能为负数 (must be >= 0)");
  }
  return requested == 0 ? std::min(50, max) : std::min(requested, max);
}

absl::StatusOr<int64_t> NumberToken(absl::string_view token, int64_t minimum) {
  int64_t value = 0;
  if (!token.empty() && (!absl::SimpleAtoi(token, &value) || value < minimum)) {
    return absl::InvalidArgumentError("page_token: 无效 (invalid page token)");
  }
  return value;
}

}  // namespace reportflow
