#include "services/review/store/review_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace reportflow::review {
namespace {

constexpr char kTime[] = "'%Y-%m-%d %H:%i:%s.%f'";

workflow::ReviewState FromProto(v1::ReviewState state) {
  switch (state) {
    case v1::REVIEW_STATE_APPROVED:
      return workflow::ReviewState::kApproved;
    case v1::REVIEW_STATE_RETURNED:
      return workflow::ReviewState::kReturned;
    case v1::REVIEW_STATE_WITHDRAWN:
      return workflow::ReviewState::kWithdrawn;
    case v1::REVIEW_STATE_CANCELLED:
      return workflow::ReviewState::kCancelled;
    default:
      return workflow::ReviewState::kInProgress;
  }
}

workflow::StageState FromProto(v1::StageState state) {
  switch (state) {
    case v1::STAGE_STATE_ACTIVE:
      return workflow::StageState::kActive;
    case v1::STAGE_STATE_APPROVED:
      return workflow::StageState::kApproved;
    case v1::STAGE_STATE_RETURNED:
      return workflow::StageState::kReturned;
    case v1::STAGE_STATE_SKIPPED:
      return workflow::StageState::kSkipped;
    default:
      return workflow::StageState::kPending;
  }
}

workflow::Severity FromProto(v1::Severity severity) {
  switch (severity) {
    case v1::SEVERITY_WARNING:
      return workflow::Severity::kWarning;
    case v1::SEVERITY_INFO:
      return workflow::Severity::kInfo;
    default:
      return workflow::Severity::kError;
  }
}

// "?, ?, ?" for `count` values.
std::string Placeholders(size_t count) {
  std::vector<std::string> marks(count, "?");
  return absl::StrJoin(marks, ", ");
}

// The role of the active human stage, or NULL.
SqlValue ActiveRole(const workflow::Review& review) {
  if (review.IsTerminal() || review.active_stage < 0 ||
      !review.definition->IsHuman(review.active_stage)) {
    return nullptr;
  }
  return review.definition->stage(review.active_stage).role();
}

SqlValue NullableTime(absl::Time time) {
  return time == absl::InfinitePast() ? SqlValue(nullptr) : SqlValue(SqlTime(time));
}

constexpr char kInsertStages[] =
    "INSERT INTO review_stages (review_id, stage_index, stage_key, state, actor_id, actor_name, "
    "decision_time, opinion, approved_digest)";

// The row of stage `index` of `review` for kInsertStages.
std::vector<SqlValue> StageRow(int64_t review_id, int index, const workflow::Review& review) {
  const workflow::StageRecord& record = review.stages[index];
  return {review_id,
          index,
          review.definition->stage(index).key(),
          static_cast<int>(ToProto(record.state)),
          record.actor_id,
          record.actor_name,
          NullableTime(record.decision_time),
          record.opinion,
          record.approved_digest};
}

bool SameRecord(const workflow::StageRecord& a, const workflow::StageRecord& b) {
  return a.state == b.state && a.actor_id == b.actor_id && a.actor_name == b.actor_name &&
         a.decision_time == b.decision_time && a.opinion == b.opinion &&
         a.approved_digest == b.approved_digest;
}

v1::Finding FindingFromRow(int64_t review_id, const Row& row) {
  v1::Finding finding;
  finding.set_name(absl::StrCat("reviews/", review_id, "/findings/", row.GetInt64(0)));
  finding.set_rule(row.GetString(1));
  finding.set_severity(static_cast<v1::Severity>(row.GetInt64(2)));
  finding.set_section(row.GetString(3));
  finding.set_line(static_cast<int>(row.GetInt64(4)));
  finding.set_column(static_cast<int>(row.GetInt64(5)));
  finding.set_excerpt(row.GetString(6));
  finding.set_message(row.GetString(7));
  finding.set_suggestion(row.GetString(8));
  finding.set_overridden(row.GetInt64(9) != 0);
  finding.set_override_reason(row.GetString(10));
  if (!row.GetString(11).empty()) {
    finding.mutable_overrider()->set_user_id(row.GetString(11));
    finding.mutable_overrider()->set_display_name(row.GetString(12));
  }
  finding.set_carried_from(row.GetString(13));
  return finding;
}

constexpr char kFindingColumns[] =
    "finding_id, rule, severity, section, line, col, excerpt, message, suggestion, overridden, "
    "COALESCE(override_reason, ''), overrider_id, overrider_name, carried_from";

v1::Comment CommentFromRow(int64_t review_id, const Row& row) {
  v1::Comment comment;
  comment.set_name(absl::StrCat("reviews/", review_id, "/comments/", row.GetInt64(0)));
  comment.mutable_anchor()->set_section(row.GetString(1));
  comment.mutable_anchor()->set_revision(row.GetString(2));
  comment.mutable_anchor()->set_start(static_cast<int>(row.GetInt64(3)));
  comment.mutable_anchor()->set_end(static_cast<int>(row.GetInt64(4)));
  comment.set_text(row.GetString(5));
  comment.set_blocking(row.GetInt64(6) != 0);
  comment.set_resolved(row.GetInt64(7) != 0);
  comment.mutable_author()->set_user_id(row.GetString(8));
  comment.mutable_author()->set_display_name(row.GetString(9));
  SetTimestamp(row.GetTime(10), comment.mutable_create_time());
  if (!row.GetString(11).empty()) {
    comment.mutable_resolver()->set_user_id(row.GetString(11));
    comment.mutable_resolver()->set_display_name(row.GetString(12));
    SetTimestamp(row.GetTime(13), comment.mutable_resolve_time());
  }
  comment.set_carried_from(row.GetString(14));
  return comment;
}

std::string CommentColumns() {
  return absl::StrCat(
      "comment_id, section, revision, span_start, span_end, text, blocking, resolved, author_id, "
      "author_name, DATE_FORMAT(create_time, ",
      kTime, "), resolver_id, resolver_name, DATE_FORMAT(resolve_time, ", kTime, "), carried_from");
}

}  // namespace

std::string StoredReview::name() const { return absl::StrCat("reviews/", id); }
std::string StoredReview::report_name() const { return absl::StrCat("reports/", report_id); }
std::string StoredReview::version_name() const {
  return absl::StrCat("reports/", report_id, "/versions/", version_number);
}

v1::ReviewState ToProto(workflow::ReviewState state) {
  switch (state) {
    case workflow::ReviewState::kInProgress:
      return v1::REVIEW_STATE_IN_PROGRESS;
    case workflow::ReviewState::kApproved:
      return v1::REVIEW_STATE_APPROVED;
    case workflow::ReviewState::kReturned:
      return v1::REVIEW_STATE_RETURNED;
    case workflow::ReviewState::kWithdrawn:
      return v1::REVIEW_STATE_WITHDRAWN;
    case workflow::ReviewState::kCancelled:
      return v1::REVIEW_STATE_CANCELLED;
  }
  return v1::REVIEW_STATE_UNSPECIFIED;
}

v1::StageState ToProto(workflow::StageState state) {
  switch (state) {
    case workflow::StageState::kPending:
      return v1::STAGE_STATE_PENDING;
    case workflow::StageState::kActive:
      return v1::STAGE_STATE_ACTIVE;
    case workflow::StageState::kApproved:
      return v1::STAGE_STATE_APPROVED;
    case workflow::StageState::kReturned:
      return v1::STAGE_STATE_RETURNED;
    case workflow::StageState::kSkipped:
      return v1::STAGE_STATE_SKIPPED;
  }
  return v1::STAGE_STATE_UNSPECIFIED;
}

absl::StatusOr<int64_t> InsertReview(Transaction& tx, const NewReview& review, absl::Time now) {
  nlohmann::json authors = nlohmann::json::array();
  for (const PersonName& author : review.authors) {
    authors.push_back({{"id", author.id}, {"name", author.name}});
  }
  const workflow::Review& state = review.review;
  RETURN_IF_ERROR(
      tx.Execute(
            "INSERT INTO reviews (report_id, version_number, unit, title, digest, definition_id, "
            "state, active_stage, active_role, active_since, submitter_id, submitter_name, "
            "authors_json, previous_review_id, create_time, update_time) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {review.report_id, review.version_number, state.unit, review.title, state.digest,
             state.definition->id(), static_cast<int>(ToProto(state.state)), state.active_stage,
             ActiveRole(state), SqlTime(now), state.submitter_id, review.submitter_name,
             authors.dump(),
             review.previous_review_id == 0 ? SqlValue(nullptr) : review.previous_review_id,
             SqlTime(now), SqlTime(now)})
          .status());
  ASSIGN_OR_RETURN(std::vector<Row> id, tx.Query("SELECT LAST_INSERT_ID()"));
  const int64_t review_id = id.at(0).GetInt64(0);
  std::vector<std::vector<SqlValue>> stages;
  for (int index = 0; index < static_cast<int>(state.stages.size()); ++index) {
    stages.push_back(StageRow(review_id, index, state));
  }
  RETURN_IF_ERROR(tx.InsertRows(kInsertStages, stages).status());
  std::vector<std::vector<SqlValue>> sections;
  for (const ReviewSection& section : review.sections) {
    sections.push_back({review_id, static_cast<int>(sections.size()), section.section,
                        section.revision, section.content_sha256, section.title,
                        section.content_chars});
  }
  RETURN_IF_ERROR(tx.InsertRows("INSERT INTO review_sections (review_id, position, section, "
                                "revision, content_sha256, title, content_chars)",
                                sections)
                      .status());
  return review_id;
}

absl::StatusOr<std::optional<StoredReview>> LoadReview(Transaction& tx,
                                                       const Definitions& definitions, int64_t id,
                                                       bool lock) {
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query(absl::StrCat("SELECT report_id, version_number, unit, title, digest, "
                            "definition_id, state, active_stage, submitter_id, submitter_name, "
                            "authors_json, COALESCE(end_reason, ''), "
                            "COALESCE(previous_review_id, 0), etag, DATE_FORMAT(create_time, ",
                            kTime, "), DATE_FORMAT(update_time, ", kTime,
                            "), DATE_FORMAT(active_since, ", kTime, ") FROM reviews WHERE id = ?",
                            lock ? " FOR UPDATE" : ""),
               {id}));
  if (rows.empty()) {
    return std::nullopt;
  }
  const Row& row = rows[0];
  StoredReview stored;
  stored.id = id;
  stored.report_id = row.GetString(0);
  stored.version_number = static_cast<int>(row.GetInt64(1));
  stored.title = row.GetString(3);
  stored.submitter_name = row.GetString(9);
  stored.previous_review_id = row.GetInt64(12);
  stored.etag = row.GetInt64(13);
  stored.create_time = row.GetTime(14);
  stored.update_time = row.GetTime(15);
  stored.active_since = row.GetTime(16);
  workflow::Review& review = stored.review;
  auto definition = definitions.find(row.GetString(5));
  if (definition == definitions.end()) {
    return absl::InternalError(
        absl::StrCat("review ", id, " uses unknown workflow definition ", row.GetString(5)));
  }
  review.definition = definition->second;
  review.unit = row.GetString(2);
  review.report_version = stored.version_name();
  review.digest = row.GetString(4);
  review.state = FromProto(static_cast<v1::ReviewState>(row.GetInt64(6)));
  review.active_stage = static_cast<int>(row.GetInt64(7));
  review.submitter_id = row.GetString(8);
  review.end_reason = row.GetString(11);
  const nlohmann::json authors =
      nlohmann::json::parse(row.GetString(10), nullptr, /*allow_exceptions=*/false);
  if (authors.is_array()) {
    for (const nlohmann::json& author : authors) {
      stored.authors.push_back(
          {author.value("id", std::string()), author.value("name", std::string())});
      review.author_ids.push_back(stored.authors.back().id);
    }
  }

  // Stages, decisions, findings and comments in one round trip: what the
  // engine decides on (the API forms of findings and comments are read
  // only when asked for).
  ASSIGN_OR_RETURN(
      std::vector<Row> parts,
      tx.Query(absl::StrCat(
                   "SELECT 0, stage_index, state, 0, actor_id, actor_name, opinion, "
                   "approved_digest, DATE_FORMAT(decision_time, ",
                   kTime,
                   ") FROM review_stages WHERE review_id = ? "
                   "UNION ALL SELECT 1, seq, approved, 0, person_id, stage_key, '', '', NULL "
                   "FROM review_decisions WHERE review_id = ? "
                   "UNION ALL SELECT 2, finding_id, severity, overridden, "
                   "COALESCE(override_reason, ''), overrider_id, '', '', NULL "
                   "FROM findings WHERE review_id = ? "
                   "UNION ALL SELECT 3, comment_id, blocking, resolved, author_id, resolver_id, "
                   "'', '', NULL FROM comments WHERE review_id = ? ORDER BY 1, 2"),
               {id, id, id, id}));
  for (const Row& part : parts) {
    switch (part.GetInt64(0)) {
      case 0: {
        workflow::StageRecord record;
        record.state = FromProto(static_cast<v1::StageState>(part.GetInt64(2)));
        record.actor_id = part.GetString(4);
        record.actor_name = part.GetString(5);
        record.decision_time = part.GetTime(8);
        record.opinion = part.GetString(6);
        record.approved_digest = part.GetString(7);
        review.stages.push_back(std::move(record));
        break;
      }
      case 1:
        review.decisions.push_back({part.GetString(4), part.GetString(5), part.GetInt64(2) != 0});
        break;
      case 2:
        review.findings.push_back({absl::StrCat(part.GetInt64(1)),
                                   FromProto(static_cast<v1::Severity>(part.GetInt64(2))),
                                   part.GetInt64(3) != 0, part.GetString(4), part.GetString(5)});
        break;
      default:
        review.comments.push_back({absl::StrCat(part.GetInt64(1)), part.GetString(4),
                                   part.GetInt64(2) != 0, part.GetInt64(3) != 0,
                                   part.GetString(5)});
        break;
    }
  }
  if (review.stages.size() != static_cast<size_t>(review.definition->stage_count())) {
    return absl::InternalError(absl::StrCat("review ", id, " has ", review.stages.size(),
                                            " stages, its definition ",
                                            review.definition->stage_count()));
  }
  return stored;
}

absl::StatusOr<std::optional<int64_t>> FindReviewOfVersion(Transaction& tx,
                                                           absl::string_view report_id,
                                                           int version_number) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query("SELECT id FROM reviews WHERE report_id = ? AND version_number = ?",
                            {report_id, version_number}));
  if (rows.empty()) {
    return std::nullopt;
  }
  return rows[0].GetInt64(0);
}

absl::StatusOr<ReportReviews> LockReportReviews(Transaction& tx, absl::string_view report_id) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query("SELECT id, state FROM reviews WHERE report_id = ? "
                            "ORDER BY version_number FOR UPDATE",
                            {report_id}));
  ReportReviews reviews;
  for (const Row& row : rows) {
    reviews.latest = row.GetInt64(0);
    if (row.GetInt64(1) == v1::REVIEW_STATE_IN_PROGRESS) {
      reviews.open.push_back(row.GetInt64(0));
    }
  }
  return reviews;
}

absl::Status SaveReview(Transaction& tx, const StoredReview& before, const workflow::Review& after,
                        absl::string_view actor_name, absl::Time now) {
  const workflow::Review& old = before.review;
  const bool reactivated = after.active_stage != old.active_stage;
  RETURN_IF_ERROR(
      tx.Execute("UPDATE reviews SET state = ?, active_stage = ?, active_role = ?, "
                 "active_since = ?, end_reason = ?, etag = etag + 1, update_time = ? WHERE id = ?",
                 {static_cast<int>(ToProto(after.state)), after.active_stage, ActiveRole(after),
                  reactivated ? SqlValue(SqlTime(now)) : NullableTime(before.active_since),
                  after.end_reason.empty() ? SqlValue(nullptr) : after.end_reason, SqlTime(now),
                  before.id})
          .status());
  // The changed stages (the one decided, the one activated) and the new
  // decisions, each in one statement.
  std::vector<std::vector<SqlValue>> stages;
  for (size_t index = 0; index < after.stages.size(); ++index) {
    if (!SameRecord(after.stages[index], old.stages[index])) {
      stages.push_back(StageRow(before.id, static_cast<int>(index), after));
    }
  }
  RETURN_IF_ERROR(tx.InsertRows(kInsertStages, stages,
                                "ON DUPLICATE KEY UPDATE state = VALUES(state), "
                                "actor_id = VALUES(actor_id), actor_name = VALUES(actor_name), "
                                "decision_time = VALUES(decision_time), opinion = VALUES(opinion), "
                                "approved_digest = VALUES(approved_digest)")
                      .status());
  std::vector<std::vector<SqlValue>> decisions;
  for (size_t seq = old.decisions.size(); seq < after.decisions.size(); ++seq) {
    const workflow::Review::Decision& decision = after.decisions[seq];
    decisions.push_back({before.id, static_cast<int>(seq), decision.person_id, decision.stage_key,
                         decision.approved});
  }
  RETURN_IF_ERROR(tx.InsertRows("INSERT INTO review_decisions (review_id, seq, person_id, "
                                "stage_key, approved)",
                                decisions)
                      .status());
  for (size_t i = 0; i < after.findings.size() && i < old.findings.size(); ++i) {
    const workflow::Finding& finding = after.findings[i];
    if (finding.overridden == old.findings[i].overridden) {
      continue;
    }
    RETURN_IF_ERROR(tx.Execute("UPDATE findings SET overridden = ?, override_reason = ?, "
                               "overrider_id = ?, overrider_name = ? "
                               "WHERE review_id = ? AND finding_id = ?",
                               {finding.overridden, finding.override_reason, finding.overridden_by,
                                actor_name, before.id, finding.id})
                        .status());
  }
  for (size_t i = 0; i < after.comments.size() && i < old.comments.size(); ++i) {
    const workflow::Comment& comment = after.comments[i];
    if (comment.resolved == old.comments[i].resolved) {
      continue;
    }
    RETURN_IF_ERROR(tx.Execute("UPDATE comments SET resolved = ?, resolver_id = ?, "
                               "resolver_name = ?, resolve_time = ? "
                               "WHERE review_id = ? AND comment_id = ?",
                               {comment.resolved, comment.resolved_by, actor_name, SqlTime(now),
                                before.id, comment.id})
                        .status());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<ReviewSection>> ListReviewSections(Transaction& tx, int64_t review_id) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query("SELECT section, revision, content_sha256, title, content_chars "
                            "FROM review_sections WHERE review_id = ? ORDER BY position",
                            {review_id}));
  std::vector<ReviewSection> sections;
  for (const Row& row : rows) {
    sections.push_back({row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3),
                        static_cast<int>(row.GetInt64(4))});
  }
  return sections;
}

absl::Status InsertFindings(Transaction& tx, int64_t review_id,
                            const std::vector<v1::Finding>& findings) {
  std::vector<std::vector<SqlValue>> rows;
  for (const v1::Finding& finding : findings) {
    rows.push_back({review_id, static_cast<int>(rows.size()) + 1, finding.rule(),
                    static_cast<int>(finding.severity()), finding.section(), finding.line(),
                    finding.column(), finding.excerpt(), finding.message(), finding.suggestion(),
                    finding.overridden(),
                    finding.overridden() ? SqlValue(finding.override_reason()) : SqlValue(nullptr),
                    finding.overrider().user_id(), finding.overrider().display_name(),
                    finding.carried_from()});
  }
  return tx
      .InsertRows(
          "INSERT INTO findings (review_id, finding_id, rule, severity, section, line, "
          "col, excerpt, message, suggestion, overridden, override_reason, overrider_id, "
          "overrider_name, carried_from)",
          rows)
      .status();
}

absl::StatusOr<std::vector<v1::Finding>> ListFindings(Transaction& tx, int64_t review_id,
                                                      int after_id, int limit) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query(absl::StrCat("SELECT ", kFindingColumns,
                                         " FROM findings WHERE review_id = ? AND finding_id > ? "
                                         "ORDER BY finding_id LIMIT ?"),
                            {review_id, after_id, limit}));
  std::vector<v1::Finding> findings;
  for (const Row& row : rows) {
    findings.push_back(FindingFromRow(review_id, row));
  }
  return findings;
}

absl::Status InsertComment(Transaction& tx, int64_t review_id, int comment_id,
                           const v1::Comment& comment, absl::Time now) {
  return tx
      .Execute(
          "INSERT INTO comments (review_id, comment_id, section, revision, span_start, span_end, "
          "text, blocking, resolved, author_id, author_name, create_time, carried_from) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {review_id, comment_id, comment.anchor().section(), comment.anchor().revision(),
           comment.anchor().start(), comment.anchor().end(), comment.text(), comment.blocking(),
           comment.resolved(), comment.author().user_id(), comment.author().display_name(),
           SqlTime(now), comment.carried_from()})
      .status();
}

absl::StatusOr<std::vector<v1::Comment>> ListComments(Transaction& tx, int64_t review_id,
                                                      int after_id, int limit) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query(absl::StrCat("SELECT ", CommentColumns(),
                                         " FROM comments WHERE review_id = ? AND comment_id > ? "
                                         "ORDER BY comment_id LIMIT ?"),
                            {review_id, after_id, limit}));
  std::vector<v1::Comment> comments;
  for (const Row& row : rows) {
    comments.push_back(CommentFromRow(review_id, row));
  }
  return comments;
}

absl::StatusOr<std::vector<InboxRow>> ListInbox(Transaction& tx,
                                                const std::vector<std::string>& units,
                                                const std::vector<std::string>& roles,
                                                absl::Time after_time, int64_t after_id,
                                                int limit) {
  if (units.empty() || roles.empty()) {
    return std::vector<InboxRow>{};
  }
  std::vector<SqlValue> params = {static_cast<int>(v1::REVIEW_STATE_IN_PROGRESS)};
  for (const std::string& unit : units) params.push_back(unit);
  for (const std::string& role : roles) params.push_back(role);
  const std::string after = SqlTime(after_time);
  params.push_back(after);
  params.push_back(after);
  params.push_back(after_id);
  params.push_back(limit);
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query(
          absl::StrCat("SELECT id, DATE_FORMAT(active_since, ", kTime,
                       ") FROM reviews WHERE state = ? AND unit IN (", Placeholders(units.size()),
                       ") AND active_role IN (", Placeholders(roles.size()),
                       ") AND (active_since > ? OR (active_since = ? AND id > ?)) "
                       "ORDER BY active_since, id LIMIT ?"),
          params));
  std::vector<InboxRow> inbox;
  for (const Row& row : rows) {
    inbox.push_back({row.GetInt64(0), row.GetTime(1)});
  }
  return inbox;
}

absl::StatusOr<std::vector<InboxRow>> ListWaiting(Transaction& tx, absl::Time after_time,
                                                  int64_t after_id, int limit) {
  const std::string after = SqlTime(after_time);
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query(absl::StrCat("SELECT id, DATE_FORMAT(active_since, ", kTime,
                            ") FROM reviews WHERE state = ? "
                            "AND (active_since > ? OR (active_since = ? AND id > ?)) "
                            "ORDER BY active_since, id LIMIT ?"),
               {static_cast<int>(v1::REVIEW_STATE_IN_PROGRESS), after, after, after_id, limit}));
  std::vector<InboxRow> waiting;
  for (const Row& row : rows) {
    waiting.push_back({row.GetInt64(0), row.GetTime(1)});
  }
  return waiting;
}

absl::StatusOr<std::optional<absl::Time>> LastUrgeTime(Transaction& tx, int64_t id) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query(absl::StrCat("SELECT DATE_FORMAT(last_urge_time, ", kTime,
                                         ") FROM reviews WHERE id = ?"),
                            {id}));
  if (rows.empty() || rows[0].IsNull(0)) {
    return std::optional<absl::Time>();
  }
  return std::optional<absl::Time>(rows[0].GetTime(0));
}

absl::Status RecordUrge(Transaction& tx, int64_t id, absl::Time now) {
  return tx.Execute("UPDATE reviews SET last_urge_time = ? WHERE id = ?", {SqlTime(now), id})
      .status();
}

absl::StatusOr<std::vector<int64_t>> ListReviewIds(Transaction& tx,
                                                   const std::vector<std::string>& units,
                                                   absl::string_view report_id,
                                                   v1::ReviewState state, int64_t before_id,
                                                   int limit) {
  if (units.empty()) {
    return std::vector<int64_t>{};
  }
  std::vector<SqlValue> params;
  for (const std::string& unit : units) params.push_back(unit);
  std::string filter;
  if (!report_id.empty()) {
    filter += " AND report_id = ?";
    params.push_back(report_id);
  }
  if (state != v1::REVIEW_STATE_UNSPECIFIED) {
    filter += " AND state = ?";
    params.push_back(static_cast<int>(state));
  }
  if (before_id > 0) {
    filter += " AND id < ?";
    params.push_back(before_id);
  }
  params.push_back(limit);
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query(absl::StrCat("SELECT id FROM reviews WHERE unit IN (", Placeholders(units.size()),
                            ")", filter, " ORDER BY id DESC LIMIT ?"),
               params));
  std::vector<int64_t> ids;
  for (const Row& row : rows) {
    ids.push_back(row.GetInt64(0));
  }
  return ids;
}

absl::Status InsertCertificate(Transaction& tx, int64_t review_id,
                               const v1::ApprovalCertificate& certificate) {
  return tx
      .Execute("INSERT INTO certificates (review_id, certificate) VALUES (?, ?)",
               {review_id, certificate.SerializeAsString()})
      .status();
}

absl::StatusOr<std::optional<v1::ApprovalCertificate>> FindCertificate(Transaction& tx,
                                                                       int64_t review_id) {
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query("SELECT certificate FROM certificates WHERE review_id = ?", {review_id}));
  if (rows.empty()) {
    return std::nullopt;
  }
  v1::ApprovalCertificate certificate;
  if (!certificate.ParseFromString(rows[0].GetString(0))) {
    return absl::DataLossError(absl::StrCat("certificate of review ", review_id, " is corrupt"));
  }
  return certificate;
}

absl::Status RegisterPublicKey(Transaction& tx, absl::string_view key_id,
                               absl::string_view public_key) {
  return tx
      .Execute("INSERT IGNORE INTO signing_keys (id, public_key) VALUES (?, ?)",
               {key_id, public_key})
      .status();
}

absl::StatusOr<std::vector<v1::PublicKey>> ListPublicKeys(Transaction& tx) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query(absl::StrCat("SELECT id, public_key, DATE_FORMAT(create_time, ", kTime,
                                         ") FROM signing_keys ORDER BY create_time DESC")));
  std::vector<v1::PublicKey> keys;
  for (const Row& row : rows) {
    v1::PublicKey key;
    key.set_name(absl::StrCat("publicKeys/", row.GetString(0)));
    key.set_algorithm("Ed25519");
    key.set_key(row.GetString(1));
    SetTimestamp(row.GetTime(2), key.mutable_create_time());
    keys.push_back(std::move(key));
  }
  return keys;
}

}  // namespace reportflow::review
