// The review service's MySQL store: reviews with their stages, decisions,
// reviewed manifest, findings and comments; certificates and public keys.
// Functions run inside a caller's transaction (Database::Transact) and never
// commit. Every query is served by a primary key or an index of
// migrations/0002_reviews.sql and 0003_*.sql (EXPLAIN-checked in
// tests/review_service_test.cc).
#ifndef REPORTFLOW_SERVICES_REVIEW_STORE_REVIEW_STORE_H_
#define REPORTFLOW_SERVICES_REVIEW_STORE_REVIEW_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "reportflow/review/v1/review.pb.h"
#include "services/common/database.h"
#include "workflow/definition.h"
#include "workflow/engine.h"

namespace reportflow::review {

// Workflow definitions by id.
using Definitions = absl::flat_hash_map<std::string, std::shared_ptr<const workflow::Definition>>;

// Someone named in a review.
struct PersonName {
  std::string id;
  std::string name;
};

// A review as stored: the workflow engine's state and what the API shows.
struct StoredReview {
  int64_t id = 0;
  // The drafting report's id ("r-12") and the version number.
  std::string report_id;
  int version_number = 0;
  std::string title;
  std::string submitter_name;
  std::vector<PersonName> authors;
  int64_t previous_review_id = 0;
  int64_t etag = 0;
  absl::Time create_time;
  absl::Time update_time;
  // When the active stage opened.
  absl::Time active_since;
  // Engine state; findings and comments carry their numeric ids as text.
  workflow::Review review;

  std::string name() const;          // reviews/{id}
  std::string report_name() const;   // reports/{report}
  std::string version_name() const;  // reports/{report}/versions/{n}
};

// One section of the reviewed version.
struct ReviewSection {
  std::string section;
  std::string revision;
  std::string content_sha256;
  std::string title;
  int content_chars = 0;
};

// What InsertReview writes.
struct NewReview {
  std::string report_id;
  int version_number = 0;
  std::string title;
  std::string submitter_name;
  std::vector<PersonName> authors;
  int64_t previous_review_id = 0;
  std::vector<ReviewSection> sections;
  // The engine's initial state (StartReview), before the machine check.
  workflow::Review review;
};

// Inserts a review with its stages and manifest; returns its id.
// ALREADY_EXISTS when the version already has a review.
absl::StatusOr<int64_t> InsertReview(Transaction& tx, const NewReview& review, absl::Time now);

// The review `id`, locked FOR UPDATE when `lock`; nullopt when there is none.
absl::StatusOr<std::optional<StoredReview>> LoadReview(Transaction& tx,
                                                       const Definitions& definitions, int64_t id,
                                                       bool lock);

// The id of the review of (report, version), if any.
absl::StatusOr<std::optional<int64_t>> FindReviewOfVersion(Transaction& tx,
                                                           absl::string_view report_id,
                                                           int version_number);

// Ids of the report's reviews still in progress, locked, and of its latest
// review of any state (0 when none).
struct ReportReviews {
  std::vector<int64_t> open;
  int64_t latest = 0;
};
absl::StatusOr<ReportReviews> LockReportReviews(Transaction& tx, absl::string_view report_id);

// Writes what the engine changed from `before.review` to `after`: the review
// row (state, active stage, etag), stages, new decisions, overrides and
// resolutions (by `actor_name`, the person acting). New comments are
// written with InsertComment.
absl::Status SaveReview(Transaction& tx, const StoredReview& before, const workflow::Review& after,
                        absl::string_view actor_name, absl::Time now);

// The reviewed manifest, in order.
absl::StatusOr<std::vector<ReviewSection>> ListReviewSections(Transaction& tx, int64_t review_id);

// Findings, by id: the API form with `name` set. InsertFindings writes a
// new review's findings numbered 1, 2, … in one statement.
absl::Status InsertFindings(Transaction& tx, int64_t review_id,
                            const std::vector<v1::Finding>& findings);
absl::StatusOr<std::vector<v1::Finding>> ListFindings(Transaction& tx, int64_t review_id,
                                                      int after_id, int limit);

// Comments, by id: the API form with `name` set.
absl::Status InsertComment(Transaction& tx, int64_t review_id, int comment_id,
                           const v1::Comment& comment, absl::Time now);
absl::StatusOr<std::vector<v1::Comment>> ListComments(Transaction& tx, int64_t review_id,
                                                      int after_id, int limit);

// The inbox candidates: in-progress reviews of `units` whose active stage's
// role is one of `roles`, by (active_since, id) after the given position.
struct InboxRow {
  int64_t review_id = 0;
  absl::Time active_since;
};
absl::StatusOr<std::vector<InboxRow>> ListInbox(Transaction& tx,
                                                const std::vector<std::string>& units,
                                                const std::vector<std::string>& roles,
                                                absl::Time after_time, int64_t after_id, int limit);

// Every in-progress review of every unit by (active_since, id) after the
// given position, at most `limit` (idx_reviews_waiting): the reminder
// ticker's page.
absl::StatusOr<std::vector<InboxRow>> ListWaiting(Transaction& tx, absl::Time after_time,
                                                  int64_t after_id, int limit);

// When review `id`'s stages were last urged (催办); nullopt if never.
absl::StatusOr<std::optional<absl::Time>> LastUrgeTime(Transaction& tx, int64_t id);
// Records an urge of review `id` at `now`.
absl::Status RecordUrge(Transaction& tx, int64_t id, absl::Time now);

// Review ids of `units`, newest first, below `before_id` (0: from the newest),
// optionally of one report and in one state (UNSPECIFIED: any).
absl::StatusOr<std::vector<int64_t>> ListReviewIds(Transaction& tx,
                                                   const std::vector<std::string>& units,
                                                   absl::string_view report_id,
                                                   v1::ReviewState state, int64_t before_id,
                                                   int limit);

// Certificates and the keys they are signed with.
absl::Status InsertCertificate(Transaction& tx, int64_t review_id,
                               const v1::ApprovalCertificate& certificate);
absl::StatusOr<std::optional<v1::ApprovalCertificate>> FindCertificate(Transaction& tx,
                                                                       int64_t review_id);
absl::Status RegisterPublicKey(Transaction& tx, absl::string_view key_id,
                               absl::string_view public_key);
absl::StatusOr<std::vector<v1::PublicKey>> ListPublicKeys(Transaction& tx);

// API enum forms of the engine's states.
v1::ReviewState ToProto(workflow::ReviewState state);
v1::StageState ToProto(workflow::StageState state);

}  // namespace reportflow::review

#endif  // REPORTFLOW_SERVICES_REVIEW_STORE_REVIEW_STORE_H_
