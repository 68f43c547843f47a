// The publication service's MySQL store: publications, their rendered files
// (kept for history, never deleted), the audit log, and the portal pushes as
// rows of the outbox. Every function runs inside the caller's transaction.
// Queries use the indexes of migrations/0002_publications.sql: by (report,
// version), by (unit, id), by (unit, fiscal_year, id), and the outbox by
// (subject, id); none reads more than one page or one unit-year.
#ifndef REPORTFLOW_SERVICES_PUBLICATION_STORE_PUBLICATION_STORE_H_
#define REPORTFLOW_SERVICES_PUBLICATION_STORE_PUBLICATION_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "reportflow/publication/v1/publication.pb.h"
#include "services/common/database.h"
#include "services/publication/domain/portal_check.h"
#include "services/publication/render/page.h"

namespace reportflow::publication {

// One row of `publications`.
struct PublicationRecord {
  int64_t id = 0;
  std::string report;  // reports/{report}
  int version_number = 0;
  std::string report_version;
  std::string digest;
  std::string certificate;
  std::string signed_payload;
  std::string signature;
  std::string public_key;
  std::string unit;
  std::string unit_display_name;
  int fiscal_year = 0;
  std::string title;
  v1::PublicationState state = v1::PUBLICATION_STATE_PENDING;
  std::string index_number;
  std::string directory;
  std::optional<absl::CivilDay> finance_approval_date;
  std::optional<absl::CivilDay> deadline_date;
  absl::CivilDay page_date;
  std::optional<absl::Time> publish_time;
  std::optional<absl::CivilDay> published_on;
  absl::Time create_time;
  int64_t supersedes = 0;
  int64_t superseded_by = 0;
  std::string withdraw_reason;
  std::string withdraw_actor_id;
  std::string withdraw_actor_name;
  std::optional<absl::Time> withdraw_time;
  int revision = 1;
};

// Inserts `record` (id, index_number and directory as given, the id may be
// 0: assigned) and returns its id. ALREADY_EXISTS for a (report, version)
// already there.
absl::StatusOr<int64_t> InsertPublication(Transaction& tx, const PublicationRecord& record);
// Sets the 索引号 and directory of a just-inserted publication.
absl::Status SetPlacement(Transaction& tx, int64_t id, absl::string_view index_number,
                          absl::string_view directory);

// The publication, locked for update when `for_update`; nullopt if none.
absl::StatusOr<std::optional<PublicationRecord>> FindPublication(Transaction& tx, int64_t id,
                                                                 bool for_update);
absl::StatusOr<std::optional<PublicationRecord>> FindPublicationOfVersion(Transaction& tx,
                                                                          absl::string_view report,
                                                                          int version_number,
                                                                          bool for_update);
// The report's publication on (or on its way to) the portal with the highest
// version below `below_version`, locked; nullopt if none.
absl::StatusOr<std::optional<PublicationRecord>> FindLivePublicationBefore(Transaction& tx,
                                                                           absl::string_view report,
                                                                           int below_version);

// State changes; each bumps the revision (etag).
absl::Status MarkPublished(Transaction& tx, int64_t id, absl::Time now, absl::CivilDay day);
absl::Status MarkPushFailing(Transaction& tx, int64_t id);
absl::Status MarkSuperseded(Transaction& tx, int64_t id, int64_t by);
absl::Status MarkWithdrawn(Transaction& tx, int64_t id, absl::string_view reason,
                           absl::string_view actor_id, absl::string_view actor_name,
                           absl::Time now);

// What ListPublications filters on.
struct PublicationFilter {
  std::vector<std::string> units;  // non-empty
  int fiscal_year = 0;
  v1::PublicationState state = v1::PUBLICATION_STATE_UNSPECIFIED;
  v1::DeadlineStatus deadline_status = v1::DEADLINE_STATUS_UNSPECIFIED;
  absl::CivilDay today;
};
// Newest first, ids below `before_id` (0: from the newest), at most
// `limit` + 1 rows.
absl::StatusOr<std::vector<PublicationRecord>> ListPublicationRecords(
    Transaction& tx, const PublicationFilter& filter, int64_t before_id, int limit);
// Every publication of one unit and year, newest first (for its index page).
absl::StatusOr<std::vector<PublicationRecord>> ListUnitYear(Transaction& tx, absl::string_view unit,
                                                            int fiscal_year);

// The rendered files, kept for history.
absl::Status InsertFiles(Transaction& tx, int64_t id, const std::vector<RenderedFile>& files);
// The rendered files' paths, SHA-256 and sizes (what the portal must serve).
absl::StatusOr<std::vector<ExpectedFile>> RenderedDigests(Transaction& tx, int64_t id);
// The rendered files themselves (for a repair push).
absl::StatusOr<std::vector<RenderedFile>> RenderedFiles(Transaction& tx, int64_t id);

// Publish-then-verify: one row of `portal_checks` (migration 0003), by
// primary key or by the `next_check_time` index.
struct PortalCheckRecord {
  int64_t publication_id = 0;
  v1::PortalCheckState state = v1::PORTAL_CHECK_STATE_UNSPECIFIED;
  v1::PortalCheckTrigger trigger = v1::PORTAL_CHECK_TRIGGER_UNSPECIFIED;
  std::optional<absl::Time> check_time;
  std::vector<Drift> drifts;
  std::optional<absl::Time> drift_since;
  absl::Time next_check_time;
  // The notice a withdrawn or corrected page must show; nullopt for a page.
  std::optional<std::string> notice_html;
};
// The check of publication `id`, locked when `for_update`; nullopt before
// anything reached the portal.
absl::StatusOr<std::optional<PortalCheckRecord>> FindPortalCheck(Transaction& tx, int64_t id,
                                                                 bool for_update);
// Inserts or replaces the check (its notice_html left as it is when nullopt).
absl::Status SavePortalCheck(Transaction& tx, const PortalCheckRecord& check);
// Records the notice that replaces publication `id`'s page, creating the
// row (due at `next_check`) when there is none.
absl::Status SetExpectedNotice(Transaction& tx, int64_t id, const std::string& notice_html,
                               absl::Time next_check);
// Publications whose periodic check is due at `now`, most overdue first, at
// most `limit`: (id, due time).
absl::StatusOr<std::vector<std::pair<int64_t, absl::Time>>> DuePortalChecks(Transaction& tx,
                                                                            absl::Time now,
                                                                            int limit);
// Moves a due check from `due` to `next`; false when another replica moved
// it first (the check is theirs).
absl::StatusOr<bool> ClaimPortalCheck(Transaction& tx, int64_t id, absl::Time due, absl::Time next);
// Whether a portal push of publication `id` is still on its way (pending or
// retrying): until it lands the portal cannot be expected to show it.
absl::StatusOr<bool> HasPushInFlight(Transaction& tx, int64_t id);

// One audit entry.
struct AuditEntry {
  std::string report;
  int64_t publication_id = 0;  // 0: none (a refused certificate)
  std::string action;          // publication.accepted, publication.refused, …
  std::string actor_id;
  std::string actor_name;
  std::string details;  // JSON
};
absl::Status AppendAudit(Transaction& tx, const AuditEntry& entry, absl::Time now);

// The portal pushes of a publication (outbox rows with subject
// `publications/{id}` and a `portal/` method), oldest first, ids above
// `after_id`, at most `limit` + 1.
absl::StatusOr<std::vector<v1::PortalPush>> ListPushes(Transaction& tx, int64_t publication_id,
                                                       int64_t after_id, int limit,
                                                       absl::string_view sink);
absl::StatusOr<std::optional<v1::PortalPush>> FindPush(Transaction& tx, int64_t publication_id,
                                                       int64_t push_id, absl::string_view sink);

}  // namespace reportflow::publication

#endif  // REPORTFLOW_SERVICES_PUBLICATION_STORE_PUBLICATION_STORE_H_
