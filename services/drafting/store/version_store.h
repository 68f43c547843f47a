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

// Records a review outcome on version `number` and moves the report to
// `state`. `record` is the serialized RecordReviewOutcomeRequest (reason,
// comments, certificate) kept for the drafters.
absl::Status RecordReviewOutcomeOn(Transaction& tx, const StoredReport& report, int number,
                                   v1::ReviewOutcome outcome, absl::string_view record,
                                   v1::ReportState state);

// The review outcome already recorded on version `number` (UNSPECIFIED if none).
absl::StatusOr<v1::ReviewOutcome> ReviewOutcomeOf(Transaction& tx, const StoredReport& report,
                                                  int number);

// Records a publication outcome and moves the report to `state`.
absl::Status RecordPublicationOutcomeOn(Transaction& tx, const StoredReport& report, int number,
                                        v1::PublicationOutcome outcome, absl::string_view url,
                                        v1::ReportState state);

// The report's versions, newest first, numbers below `before` (0: newest).
absl::StatusOr<std::vector<int>> VersionNumbers(Transaction& tx, const StoredReport& report,
                                                int before, int limit);

// Sets or clears (empty id) a section's assignee and advances its etag.
absl::Status SetAssignee(Transaction& tx, const StoredReport& report, absl::string_view key,
                         absl::string_view user_id, absl::string_view display_name);

// Sets the report's title and finance approval date (YYYY-MM-DD or empty)
// and advances its etag.
absl::Status UpdateReportFields(Transaction& tx, const StoredReport& report,
                                absl::string_view title, absl::string_view finance_approval_date);

}  // namespace reportflow::drafting

#endif  // REPORTFLOW_SERVICES_DRAFTING_STORE_VERSION_STORE_H_
