#include "services/publication/store/publication_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "services/common/proto_time.h"
#include "services/common/sha256.h"
#include "services/common/status_macros.h"
#include "services/publication/domain/publication_rules.h"

namespace reportflow::publication {
namespace {

constexpr absl::string_view kColumns =
    "id, report, version_number, report_version, digest, certificate, signed_payload, signature, "
    "public_key, unit, unit_display_name, fiscal_year, title, state, index_number, directory, "
    "DATE_FORMAT(finance_approval_date, '%Y-%m-%d'), DATE_FORMAT(deadline_date, '%Y-%m-%d'), "
    "DATE_FORMAT(page_date, '%Y-%m-%d'), DATE_FORMAT(publish_time, '%Y-%m-%d %H:%i:%s.%f'), "
    "DATE_FORMAT(published_on, '%Y-%m-%d'), DATE_FORMAT(create_time, '%Y-%m-%d %H:%i:%s.%f'), "
    "COALESCE(supersedes, 0), COALESCE(superseded_by, 0), COALESCE(withdraw_reason, ''), "
    "COALESCE(withdraw_actor_id, ''), COALESCE(withdraw_actor_name, ''), "
    "DATE_FORMAT(withdraw_time, '%Y-%m-%d %H:%i:%s.%f'), revision";

std::optional<absl::CivilDay> DayAt(const Row& row, size_t i) {
  absl::CivilDay day;
  if (row.IsNull(i) || !absl::ParseCivilTime(row.GetString(i), &day)) return std::nullopt;
  return day;
}

std::optional<absl::Time> TimeAt(const Row& row, size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return row.GetTime(i);
}

PublicationRecord FromRow(const Row& row) {
  PublicationRecord record;
  record.id = row.GetInt64(0);
  record.report = row.GetString(1);
  record.version_number = static_cast<int>(row.GetInt64(2));
  record.report_version = row.GetString(3);
  record.digest = row.GetString(4);
  record.certificate = row.GetString(5);
  record.signed_payload = row.GetString(6);
  record.signature = row.GetString(7);
  record.public_key = row.GetString(8);
  record.unit = row.GetString(9);
  record.unit_display_name = row.GetString(10);
  record.fiscal_year = static_cast<int>(row.GetInt64(11));
  record.title = row.GetString(12);
  record.state = static_cast<v1::PublicationState>(row.GetInt64(13));
  record.index_number = row.GetString(14);
  record.directory = row.GetString(15);
  record.finance_approval_date = DayAt(row, 16);
  record.deadline_date = DayAt(row, 17);
  record.page_date = DayAt(row, 18).value_or(absl::CivilDay());
  record.publish_time = TimeAt(row, 19);
  record.published_on = DayAt(row, 20);
  record.create_time = row.GetTime(21);
  record.supersedes = row.GetInt64(22);
  record.superseded_by = row.GetInt64(23);
  record.withdraw_reason = row.GetString(24);
  record.withdraw_actor_id = row.GetString(25);
  record.withdraw_actor_name = row.GetString(26);
  record.withdraw_time = TimeAt(row, 27);
  record.revision = static_cast<int>(row.GetInt64(28));
  return record;
}

SqlValue DayOrNull(const std::optional<absl::CivilDay>& day) {
  return day.has_value() ? SqlValue(FormatDay(*day)) : SqlValue(nullptr);
}

absl::StatusOr<std::optional<PublicationRecord>> FindOne(Transaction& tx, absl::string_view where,
                                                         const std::vector<SqlValue>& params) {
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query(absl::StrCat("SELECT ", kColumns, " FROM publications ", where), params));
  if (rows.empty()) return std::nullopt;
  return FromRow(rows[0]);
}

absl::Status Change(Transaction& tx, absl::string_view assignments, std::vector<SqlValue> params,
                    int64_t id) {
  params.emplace_back(id);
  return tx
      .Execute(absl::StrCat("UPDATE publications SET ", assignments,
                            ", revision = revision + 1 WHERE id = ?"),
               params)
      .status();
}

v1::PortalPush PushFromRow(const Row& row, int64_t publication_id, absl::string_view sink) {
  v1::PortalPush push;
  push.set_name(absl::StrCat("publications/", publication_id, "/pushes/", row.GetInt64(0)));
  const std::string method = row.GetString(1);
  const absl::string_view kind = absl::string_view(method).substr(std::string("portal/").size());
  push.set_kind(kind == "page"         ? v1::PUSH_KIND_PAGE
                : kind == "withdrawal" ? v1::PUSH_KIND_WITHDRAWAL
                : kind == "correction" ? v1::PUSH_KIND_CORRECTION
                : kind == "repair"     ? v1::PUSH_KIND_REPAIR
                                       : v1::PUSH_KIND_INDEX);
  push.set_sink(std::string(sink));
  switch (static_cast<type::v1::DeliveryState>(row.GetInt64(2))) {
    case type::v1::DELIVERY_STATE_DELIVERED:
      push.set_state(v1::PUSH_STATE_SUCCEEDED);
      break;
    case type::v1::DELIVERY_STATE_FAILED_RETRYING:
      push.set_state(v1::PUSH_STATE_FAILED_RETRYING);
      break;
    default:
      push.set_state(v1::PUSH_STATE_PENDING);
  }
  push.set_attempts(static_cast<int32_t>(row.GetInt64(3)));
  push.set_last_error(row.GetString(4));
  push.set_idempotency_key(row.GetString(5));
  SetTimestamp(row.GetTime(6), push.mutable_create_time());
  if (push.state() != v1::PUSH_STATE_SUCCEEDED) {
    SetTimestamp(row.GetTime(7), push.mutable_next_attempt_time());
  } else {
    SetTimestamp(row.GetTime(8), push.mutable_complete_time());
  }
  return push;
}

constexpr absl::string_view kPushColumns =
    "SELECT id, method, state, attempts, COALESCE(last_error, ''), request_id, "
    "DATE_FORMAT(create_time, '%Y-%m-%d %H:%i:%s.%f'), "
    "DATE_FORMAT(next_attempt_time, '%Y-%m-%d %H:%i:%s.%f'), "
    "DATE_FORMAT(deliver_time, '%Y-%m-%d %H:%i:%s.%f') FROM outbox "
    "WHERE subject = ? AND method LIKE 'portal/%' ";

}  // namespace

absl::StatusOr<int64_t> InsertPublication(Transaction& tx, const PublicationRecord& r) {
  RETURN_IF_ERROR(
      tx.Execute("INSERT INTO publications (report, version_number, report_version, digest, "
                 "certificate, signed_payload, signature, public_key, unit, unit_display_name, "
                 "fiscal_year, title, state, index_number, directory, finance_approval_date, "
                 "deadline_date, page_date, create_time, supersedes) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {r.report,
                  r.version_number,
                  r.report_version,
                  r.digest,
                  r.certificate,
                  r.signed_payload,
                  r.signature,
                  r.public_key,
                  r.unit,
                  r.unit_display_name,
                  r.fiscal_year,
                  r.title,
                  static_cast<int>(r.state),
                  r.index_number,
                  r.directory,
                  DayOrNull(r.finance_approval_date),
                  DayOrNull(r.deadline_date),
                  FormatDay(r.page_date),
                  SqlTime(r.create_time),
                  r.supersedes > 0 ? SqlValue(r.supersedes) : SqlValue(nullptr)})
          .status());
  ASSIGN_OR_RETURN(std::vector<Row> id, tx.Query("SELECT LAST_INSERT_ID()"));
  return id[0].GetInt64(0);
}

absl::Status SetPlacement(Transaction& tx, int64_t id, absl::string_view index_number,
                          absl::string_view directory) {
  return tx
      .Execute("UPDATE publications SET index_number = ?, directory = ? WHERE id = ?",
               {index_number, directory, id})
      .status();
}

absl::StatusOr<std::optional<PublicationRecord>> FindPublication(Transaction& tx, int64_t id,
                                                                 bool for_update) {
  return FindOne(tx, for_update ? "WHERE id = ? FOR UPDATE" : "WHERE id = ?", {id});
}

absl::StatusOr<std::optional<PublicationRecord>> FindPublicationOfVersion(Transaction& tx,
                                                                          absl::string_view report,
                                                                          int version_number,
                                                                          bool for_update) {
  return FindOne(tx,
                 for_update ? "WHERE report = ? AND version_number = ? FOR UPDATE"
                            : "WHERE report = ? AND version_number = ?",
                 {report, version_number});
}

absl::StatusOr<std::optional<PublicationRecord>> FindLivePublicationBefore(Transaction& tx,
                                                                           absl::string_view report,
                                                                           int below_version) {
  return FindOne(tx,
                 "WHERE report = ? AND version_number < ? AND state IN (?, ?, ?) "
                 "ORDER BY version_number DESC LIMIT 1 FOR UPDATE",
                 {report, below_version, static_cast<int>(v1::PUBLICATION_STATE_PENDING),
                  static_cast<int>(v1::PUBLICATION_STATE_PUBLISHED),
                  static_cast<int>(v1::PUBLICATION_STATE_FAILED_RETRYING)});
}

absl::Status MarkPublished(Transaction& tx, int64_t id, absl::Time now, absl::CivilDay day) {
  return Change(
      tx,
      "state = CASE WHEN state IN (?, ?) THEN ? ELSE state END, "
      "publish_time = COALESCE(publish_time, ?), published_on = COALESCE(published_on, ?)",
      {static_cast<int>(v1::PUBLICATION_STATE_PENDING),
       static_cast<int>(v1::PUBLICATION_STATE_FAILED_RETRYING),
       static_cast<int>(v1::PUBLICATION_STATE_PUBLISHED), SqlTime(now), FormatDay(day)},
      id);
}

absl::Status MarkPushFailing(Transaction& tx, int64_t id) {
  // Only the first failure changes the publication (and its etag).
  return tx
      .Execute(
          "UPDATE publications SET state = ?, revision = revision + 1 "
          "WHERE id = ? AND state = ?",
          {static_cast<int>(v1::PUBLICATION_STATE_FAILED_RETRYING), id,
           static_cast<int>(v1::PUBLICATION_STATE_PENDING)})
      .status();
}

absl::Status MarkSuperseded(Transaction& tx, int64_t id, int64_t by) {
  return Change(tx, "state = ?, superseded_by = ?",
                {static_cast<int>(v1::PUBLICATION_STATE_SUPERSEDED), by}, id);
}

absl::Status MarkWithdrawn(Transaction& tx, int64_t id, absl::string_view reason,
                           absl::string_view actor_id, absl::string_view actor_name,
                           absl::Time now) {
  return Change(tx,
                "state = ?, withdraw_reason = ?, withdraw_actor_id = ?, withdraw_actor_name = ?, "
                "withdraw_time = ?",
                {static_cast<int>(v1::PUBLICATION_STATE_WITHDRAWN), reason, actor_id, actor_name,
                 SqlTime(now)},
                id);
}

absl::StatusOr<std::vector<PublicationRecord>> ListPublicationRecords(
    Transaction& tx, const PublicationFilter& filter, int64_t before_id, int limit) {
  std::vector<SqlValue> params;
  std::vector<std::string> marks;
  for (const std::string& unit : filter.units) {
    params.emplace_back(unit);
    marks.push_back("?");
  }
  std::string where = absl::StrCat("WHERE unit IN (", absl::StrJoin(marks, ", "), ")");
  if (before_id > 0) {
    absl::StrAppend(&where, " AND id < ?");
    params.emplace_back(before_id);
  }
  if (filter.fiscal_year > 0) {
    absl::StrAppend(&where, " AND fiscal_year = ?");
    params.emplace_back(filter.fiscal_year);
  }
  if (filter.state != v1::PUBLICATION_STATE_UNSPECIFIED) {
    absl::StrAppend(&where, " AND state = ?");
    params.emplace_back(static_cast<int>(filter.state));
  }
  const std::string today = FormatDay(filter.today);
  const std::string at_risk_until = FormatDay(filter.today + kAtRiskDays);
  switch (filter.deadline_status) {
    case v1::DEADLINE_STATUS_ON_TIME:
      absl::StrAppend(&where, " AND published_on IS NOT NULL AND published_on <= deadline_date");
      break;
    case v1::DEADLINE_STATUS_OVERDUE:
      absl::StrAppend(&where,
                      " AND deadline_date IS NOT NULL AND ((published_on IS NOT NULL AND "
                      "published_on > deadline_date) OR (published_on IS NULL AND "
                      "deadline_date < ?))");
      params.emplace_back(today);
      break;
    case v1::DEADLINE_STATUS_AT_RISK:
      absl::StrAppend(&where,
                      " AND published_on IS NULL AND deadline_date >= ? AND deadline_date <= ?");
      params.emplace_back(today);
      params.emplace_back(at_risk_until);
      break;
    case v1::DEADLINE_STATUS_OPEN:
      absl::StrAppend(&where, " AND published_on IS NULL AND deadline_date > ?");
      params.emplace_back(at_risk_until);
      break;
    default:
      break;
  }
  params.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query(absl::StrCat("SELECT ", kColumns, " FROM publications ", where,
                                         " ORDER BY id DESC LIMIT ?"),
                            params));
  std::vector<PublicationRecord> records;
  for (const Row& row : rows) records.push_back(FromRow(row));
  return records;
}

absl::StatusOr<std::vector<PublicationRecord>> ListUnitYear(Transaction& tx, absl::string_view unit,
                                                            int fiscal_year) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query(absl::StrCat("SELECT ", kColumns,
                                         " FROM publications WHERE unit = ? AND fiscal_year = ? "
                                         "ORDER BY id DESC"),
                            {unit, fiscal_year}));
  std::vector<PublicationRecord> records;
  for (const Row& row : rows) records.push_back(FromRow(row));
  return records;
}

absl::Status InsertFiles(Transaction& tx, int64_t id, const std::vector<RenderedFile>& files) {
  for (const RenderedFile& file : files) {
    RETURN_IF_ERROR(
        tx.Execute("INSERT INTO publication_files (publication_id, path, "
                   "content_type, content, sha256) VALUES (?, ?, ?, ?, ?)",
                   {id, file.path, file.content_type, file.content, Sha256Hex(file.content)})
            .status());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<ExpectedFile>> RenderedDigests(Transaction& tx, int64_t id) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query("SELECT path, sha256, LENGTH(content) FROM publication_files "
                            "WHERE publication_id = ? ORDER BY path",
                            {id}));
  std::vector<ExpectedFile> files;
  for (const Row& row : rows) {
    files.push_back({row.GetString(0), row.GetString(1), row.GetInt64(2)});
  }
  return files;
}

absl::StatusOr<std::vector<RenderedFile>> RenderedFiles(Transaction& tx, int64_t id) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query("SELECT path, content_type, content FROM publication_files "
                            "WHERE publication_id = ? ORDER BY path",
                            {id}));
  std::vector<RenderedFile> files;
  for (const Row& row : rows) {
    files.push_back({row.GetString(0), row.GetString(1), row.GetString(2)});
  }
  return files;
}

namespace {

nlohmann::json DriftsJson(const std::vector<Drift>& drifts) {
  nlohmann::json list = nlohmann::json::array();
  for (const Drift& drift : drifts) {
    list.push_back(
        {{"path", drift.path}, {"kind", static_cast<int>(drift.kind)}, {"detail", drift.detail}});
  }
  return list;
}

std::vector<Drift> DriftsFrom(const std::string& text) {
  std::vector<Drift> drifts;
  const nlohmann::json list = nlohmann::json::parse(text, nullptr, false);
  if (!list.is_array()) return drifts;
  for (const nlohmann::json& item : list) {
    if (!item.is_object()) continue;
    drifts.push_back({item.value("path", ""), static_cast<DriftKind>(item.value("kind", 1)),
                      item.value("detail", "")});
  }
  return drifts;
}

}  // namespace

absl::StatusOr<std::optional<PortalCheckRecord>> FindPortalCheck(Transaction& tx, int64_t id,
                                                                 bool for_update) {
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query(
          absl::StrCat("SELECT publication_id, state, check_trigger, "
                       "DATE_FORMAT(check_time, '%Y-%m-%d %H:%i:%s.%f'), COALESCE(drifts, '[]'), "
                       "DATE_FORMAT(drift_since, '%Y-%m-%d %H:%i:%s.%f'), "
                       "DATE_FORMAT(next_check_time, '%Y-%m-%d %H:%i:%s.%f'), notice_html "
                       "FROM portal_checks WHERE publication_id = ?",
                       for_update ? " FOR UPDATE" : ""),
          {id}));
  if (rows.empty()) return std::nullopt;
  const Row& row = rows[0];
  PortalCheckRecord check;
  check.publication_id = row.GetInt64(0);
  check.state = static_cast<v1::PortalCheckState>(row.GetInt64(1));
  check.trigger = static_cast<v1::PortalCheckTrigger>(row.GetInt64(2));
  check.check_time = TimeAt(row, 3);
  check.drifts = DriftsFrom(row.GetString(4));
  check.drift_since = TimeAt(row, 5);
  check.next_check_time = row.GetTime(6);
  if (!row.IsNull(7)) check.notice_html = row.GetString(7);
  return check;
}

absl::Status SavePortalCheck(Transaction& tx, const PortalCheckRecord& c) {
  auto time_or_null = [](const std::optional<absl::Time>& time) {
    return time.has_value() ? SqlTime(*time) : SqlValue(nullptr);
  };
  return tx
      .Execute(
          "INSERT INTO portal_checks (publication_id, state, check_trigger, check_time, drifts, "
          "drift_since, next_check_time, notice_html) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
          "ON DUPLICATE KEY UPDATE state = VALUES(state), check_trigger = VALUES(check_trigger), "
          "check_time = VALUES(check_time), drifts = VALUES(drifts), "
          "drift_since = VALUES(drift_since), next_check_time = VALUES(next_check_time), "
          "notice_html = COALESCE(VALUES(notice_html), notice_html)",
          {c.publication_id, static_cast<int>(c.state), static_cast<int>(c.trigger),
           time_or_null(c.check_time), DriftsJson(c.drifts).dump(), time_or_null(c.drift_since),
           SqlTime(c.next_check_time),
           c.notice_html.has_value() ? SqlValue(*c.notice_html) : SqlValue(nullptr)})
      .status();
}

absl::Status SetExpectedNotice(Transaction& tx, int64_t id, const std::string& notice_html,
                               absl::Time next_check) {
  return tx
      .Execute(
          "INSERT INTO portal_checks (publication_id, next_check_time, notice_html) "
          "VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE notice_html = VALUES(notice_html)",
          {id, SqlTime(next_check), notice_html})
      .status();
}

absl::StatusOr<std::vector<std::pair<int64_t, absl::Time>>> DuePortalChecks(Transaction& tx,
                                                                            absl::Time now,
                                                                            int limit) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query("SELECT publication_id, DATE_FORMAT(next_check_time, "
                            "'%Y-%m-%d %H:%i:%s.%f') FROM portal_checks "
                            "WHERE next_check_time <= ? ORDER BY next_check_time LIMIT ?",
                            {SqlTime(now), limit}));
  std::vector<std::pair<int64_t, absl::Time>> due;
  for (const Row& row : rows) due.emplace_back(row.GetInt64(0), row.GetTime(1));
  return due;
}

absl::StatusOr<bool> ClaimPortalCheck(Transaction& tx, int64_t id, absl::Time due,
                                      absl::Time next) {
  ASSIGN_OR_RETURN(const int64_t changed,
                   tx.Execute("UPDATE portal_checks SET next_check_time = ? "
                              "WHERE publication_id = ? AND next_check_time = ?",
                              {SqlTime(next), id, SqlTime(due)}));
  return changed == 1;
}

absl::StatusOr<bool> HasPushInFlight(Transaction& tx, int64_t id) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query("SELECT id FROM outbox WHERE subject = ? AND method LIKE 'portal/%' "
                            "AND method <> 'portal/index' AND state IN (?, ?) LIMIT 1",
                            {absl::StrCat("publications/", id),
                             static_cast<int>(type::v1::DELIVERY_STATE_PENDING),
                             static_cast<int>(type::v1::DELIVERY_STATE_FAILED_RETRYING)}));
  return !rows.empty();
}

absl::Status AppendAudit(Transaction& tx, const AuditEntry& entry, absl::Time now) {
  return tx
      .Execute(
          "INSERT INTO audit_events (report, publication_id, action, actor_id, actor_name, "
          "details, create_time) VALUES (?, ?, ?, ?, ?, ?, ?)",
          {entry.report,
           entry.publication_id > 0 ? SqlValue(entry.publication_id) : SqlValue(nullptr),
           entry.action, entry.actor_id, entry.actor_name, entry.details, SqlTime(now)})
      .status();
}

absl::StatusOr<std::vector<v1::PortalPush>> ListPushes(Transaction& tx, int64_t publication_id,
                                                       int64_t after_id, int limit,
                                                       absl::string_view sink) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query(absl::StrCat(kPushColumns, "AND id > ? ORDER BY id LIMIT ?"),
                            {absl::StrCat("publications/", publication_id), after_id, limit + 1}));
  std::vector<v1::PortalPush> pushes;
  for (const Row& row : rows) pushes.push_back(PushFromRow(row, publication_id, sink));
  return pushes;
}

absl::StatusOr<std::optional<v1::PortalPush>> FindPush(Transaction& tx, int64_t publication_id,
                                                       int64_t push_id, absl::string_view sink) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query(absl::StrCat(kPushColumns, "AND id = ?"),
                            {absl::StrCat("publications/", publication_id), push_id}));
  if (rows.empty()) return std::nullopt;
  return PushFromRow(rows[0], publication_id, sink);
}

}  // namespace reportflow::publication
