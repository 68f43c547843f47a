// List-method paging (AIP-158) as every service does it: page sizes with a
// default and a cap, and numeric page tokens (a row id, sequence or offset).
#ifndef REPORTFLOW_SERVICES_COMMON_PAGING_H_
#define REPORTFLOW_SERVICES_COMMON_PAGING_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace reportflow {

// Page sizes: default 50 (or `max` if smaller), capped at `max`; negative is
// INVALID_ARGUMENT naming page_size.
absl::StatusOr<int> PageSize(int requested, int max);

// A numeric page token of at least `minimum`; 0 for the first page (no
// token). INVALID_ARGUMENT naming page_token otherwise.
absl::StatusOr<int64_t> NumberToken(absl::string_view token, int64_t minimum);

// A page is fetched with LIMIT page_size + 1: one row more than is returned
// tells whether another page follows.
//   for (const v1::Comment& c : PageOf(rows, page_size)) *response->add_comments() = c;
//   response->set_next_page_token(NextPageToken(rows, page_size, token_of));
// The rows to return: at most `page_size` of them.
template <typename T>
absl::Span<const T> PageOf(const std::vector<T>& rows, int page_size) {
  return absl::MakeConstSpan(rows).subspan(
      0, std::min(rows.size(), static_cast<size_t>(std::max(page_size, 0))));
}
// The next page's token, `token_of` the last row returned, when more rows
// were fetched than returned; "" on the last page.
template <typename T, typename TokenOf>
std::string NextPageToken(const std::vector<T>& rows, int page_size, TokenOf token_of) {
  if (page_size <= 0 || rows.size() <= static_cast<size_t>(page_size)) return "";
  return std::string(token_of(rows[page_size - 1]));
}
// The last segment of a resource name ("reviews/7/comments/3" → "3"), the
// page token of lists ordered by a child's number.
inline std::string NameTail(absl::string_view name) {
  return std::string(name.substr(name.rfind('/') + 1));
}

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_PAGING_H_
