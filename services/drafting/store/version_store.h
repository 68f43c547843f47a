// Frozen report versions in MySQL: the manifest of the sections' current
// revisions, its digest, and the frozen content read back. Functions run
// inside the caller's transaction.
#ifndef REPORTFLOW_SERVICES_DRAFTING_STORE_VERSION_STORE_H_
#define REPORTFLOW_SERVICES_DRAFTING_STORE_VERSION_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "reportflow/drafting/v1/drafting.pb.h"
#include "services/common/auth.h"
#include "services/common/database.h"
#include "services/drafting/store/report_store.h"

namespace reportflow::drafting {

// Re-reads the report FOR UPDATE: writers of one report serialize on its row,
// so a revision cannot slip in between a submission's manifest and its freeze.
absl::StatusOr<StoredReport> LockReport(Transaction& tx, const StoredReport& report);

// A section as it would be frozen now.
struct CurrentEntry {
  std::string key;
  std::string title;
  v1::SectionKind kind = v1::SECTION_KIND_UNSPECIFIED;
  bool required = false;
  int revision = 0;  // 0: empty
  std::string content_sha256;
};

// The report's sections in template order with their latest revisions.
absl::StatusOr<std::vector<CurrentEntry>> CurrentManifest(Transaction& tx,
                                                          const StoredReport& report);

// Freezes version `number` with `entries` and `digest`, makes the report
// IN_REVIEW with that latest version, and advances its etag.
absl::Status FreezeVersion(Transaction& tx, const StoredReport& report, int number,
                           const std::vector<CurrentEntry>& entries, absl::string_view digest,
                           const Caller& submitter, absl::string_view note);

// Version `number` (BASIC, or FULL with every section's content), or nullopt.
absl::StatusOr<std::optional<v1::ReportVersion>> FindVersion(Transaction& tx,
                                                             const StoredReport& report, int number,
                                                             bool full);

}  // namespace reportflow::drafting

#endif  // REPORTFLOW_SERVICES_DRAFTING_STORE_VERSION_STORE_H_
