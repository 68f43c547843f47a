// Section rows under lock and immutable revisions, in MySQL. Functions run
// inside the caller's transaction. Queries are served by the primary keys of
// migrations/0002_reports.sql and 0003_revisions.sql.
#ifndef REPORTFLOW_SERVICES_DRAFTING_STORE_REVISION_STORE_H_
#define REPORTFLOW_SERVICES_DRAFTING_STORE_REVISION_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "reportflow/drafting/v1/drafting.pb.h"
#include "services/common/auth.h"
#include "services/common/database.h"
#include "services/drafting/store/report_store.h"

namespace reportflow::drafting {

// A section row, read FOR UPDATE so that concurrent submissions serialize.
struct LockedSection {
  std::string key;
  v1::SectionKind kind = v1::SECTION_KIND_UNSPECIFIED;
  std::string assignee_id;
  std::string assignee_name;
  int latest_revision = 0;
  // The section's etag, "v<n>".
  std::string etag;
};

// The section `key` of `report`, locked; nullopt when the report has none.
absl::StatusOr<std::optional<LockedSection>> LockSection(Transaction& tx,
                                                         const StoredReport& report,
                                                         absl::string_view key);

// Appends revision `section.latest_revision + 1` and advances the section's
// and the report's version tags. Returns the new revision (with content).
absl::StatusOr<v1::Revision> AppendRevision(Transaction& tx, const StoredReport& report,
                                            const LockedSection& section,
                                            const v1::Revision& revision, const Caller& author);

// Revision `number` of a section, or nullopt.
absl::StatusOr<std::optional<v1::Revision>> FindRevision(Transaction& tx,
                                                         const StoredReport& report,
                                                         absl::string_view key, int number,
                                                         bool with_content);

// A section's revisions, newest first, numbers below `before` (0: from the
// newest), at most `limit` + 1 rows.
absl::StatusOr<std::vector<v1::Revision>> ListRevisions(Transaction& tx, const StoredReport& report,
                                                        absl::string_view key, int before,
                                                        int limit, bool with_content);

// The statement that reads the latest revision of a section, for EXPLAIN.
inline constexpr char kSelectLatestRevision[] =
    "SELECT number, author_id, author_name, DATE_FORMAT(create_time, '%Y-%m-%d %H:%i:%s') "
    "FROM revisions WHERE report_id = ? AND section_key = ? ORDER BY number DESC LIMIT 1";

}  // namespace reportflow::drafting

#endif  // REPORTFLOW_SERVICES_DRAFTING_STORE_REVISION_STORE_H_
