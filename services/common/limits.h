// Limits as data: how much one request, one section, one review may hold.
// Every server reads them at start from `--limits-file` (JSON, any subset of
// the keys below; unknown keys are refused), else uses these defaults. A
// request beyond a limit is refused before any SQL with INVALID_ARGUMENT (or
// RESOURCE_EXHAUSTED for the rate) naming the field and the limit, so nothing
// is half-written and no work grows without bound.
//
//   {"max_comments_per_request": 50, "mutations_per_minute": 120}
#ifndef REPORTFLOW_SERVICES_COMMON_LIMITS_H_
#define REPORTFLOW_SERVICES_COMMON_LIMITS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace reportflow {

struct Limits {
  // gRPC's limit on one request message, in bytes.
  int64_t max_request_bytes = 8 << 20;
  // One section revision's content, in bytes.
  int64_t max_section_bytes = 1 << 20;
  // A table section: data rows, and columns of every row.
  int64_t max_table_rows = 5000;
  int64_t max_table_columns = 64;
  // Comments one ReturnTask/CreateComment may carry, and one review may hold.
  int64_t max_comments_per_request = 100;
  int64_t max_comments_per_review = 2000;
  // Findings the machine check (机器预检) may record for one version; more
  // means the text is not a report yet, and the version goes back to its
  // drafters with that reason.
  int64_t max_findings_per_review = 5000;
  // Display names, titles, certificate names (code points).
  int64_t max_name_chars = 200;
  // Opinions, reasons, comment texts (code points).
  int64_t max_text_chars = 2000;
  // Character-level diff work: lines longer than this are compared whole.
  int64_t max_diff_line_chars = 4000;
  // A rendered portal page (HTML), in bytes.
  int64_t max_page_bytes = 16 << 20;
  // Mutations one person may make per minute on one server (services are
  // not limited); 0 turns the limit off.
  int64_t mutations_per_minute = 600;
  // Sign-in attempts per minute from one network address (identity service;
  // besides the per-person lockout); 0 turns the limit off.
  int64_t sign_ins_per_minute = 60;
  // Failed deliveries of one outbox message before it is parked (shown as
  // PARKED in ListDeliveries and no longer retried by itself).
  int64_t outbox_park_after_attempts = 20;
};

// The defaults above with what the JSON object `json` sets. INVALID_ARGUMENT
// for unknown keys, non-integers and values below 1 (0 allowed for
// mutations_per_minute).
absl::StatusOr<Limits> ParseLimits(absl::string_view json);

// The limits of `path` (ParseLimits of its content); the defaults when
// `path` is empty.
absl::StatusOr<Limits> LoadLimits(const std::string& path);

// A per-person token bucket over mutations: `per_minute` per minute with a
// burst of a fifth of that (at least 10). Thread-safe; memory bounded (idle
// buckets are dropped).
class RateLimiter {
 public:
  explicit RateLimiter(int64_t per_minute) : per_minute_(per_minute) {}
  // OK, or RESOURCE_EXHAUSTED saying when to retry.
  absl::Status Admit(absl::string_view person, absl::Time now);

 private:
  struct Bucket {
    double tokens = 0;
    absl::Time last;
  };
  const int64_t per_minute_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_LIMITS_H_
