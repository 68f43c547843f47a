// What a section revision's content must be: UTF-8, at most kMaxContentBytes,
// and for a TABLE section a CSV (RFC 4180) whose rows all have the header's
// number of fields. Errors are INVALID_ARGUMENT naming the field and the rule.
#ifndef REPORTFLOW_SERVICES_DRAFTING_DOMAIN_CONTENT_H_
#define REPORTFLOW_SERVICES_DRAFTING_DOMAIN_CONTENT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reportflow/drafting/v1/drafting.pb.h"
#include "services/common/csv.h"
#include "services/common/text_rules.h"

namespace reportflow::drafting {

// The size limit of one revision's content: 1 MiB.
inline constexpr size_t kMaxContentBytes = 1 << 20;

// How large one section's content may be (services/common/limits.h).
struct ContentLimits {
  size_t max_bytes = kMaxContentBytes;
  size_t max_table_rows = 5000;
  size_t max_table_columns = 64;
};

// Checks `content` for a section of `kind`; the errors name `field` and the
// limit.
absl::Status ValidateContent(v1::SectionKind kind, absl::string_view content,
                             absl::string_view field = "revision.content",
                             const ContentLimits& limits = {});

}  // namespace reportflow::drafting

#endif  // REPORTFLOW_SERVICES_DRAFTING_DOMAIN_CONTENT_H_
