#include "services/notification/store/notification_store.h"

#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace reportflow::notification {
namespace {

constexpr char kColumns[] =
    "id, kind, unit, subject, title, body, link, "
    "DATE_FORMAT(create_time, '%Y-%m-%d %H:%i:%s.%f'), "
    "DATE_FORMAT(read_time, '%Y-%m-%d %H:%i:%s.%f')";

v1::Notification NotificationOf(const Row& row) {
  v1::Notification n;
  n.set_name(absl::StrCat("notifications/", row.GetInt64(0)));
  n.set_kind(static_cast<v1::EventKind>(row.GetInt64(1)));
  n.set_unit(row.GetString(2));
  n.set_subject(row.GetString(3));
  n.set_title(row.GetString(4));
  n.set_text(row.GetString(5));
  n.set_link(row.GetString(6));
  SetTimestamp(row.GetTime(7), n.mutable_create_time());
  if (!row.IsNull(8)) SetTimestamp(row.GetTime(8), n.mutable_read_time());
  return n;
}

}  // namespace

absl::StatusOr<int64_t> InsertNotification(Transaction& tx, absl::string_view recipient_id,
                                           absl::string_view event_key,
                                           const v1::Notification& notification, absl::Time now) {
  ASSIGN_OR_RETURN(
      int64_t inserted,
      tx.Execute("INSERT IGNORE INTO notifications (recipient_id, event_key, kind, unit, subject, "
                 "title, body, link, create_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {recipient_id, event_key, static_cast<int>(notification.kind()),
                  notification.unit(), notification.subject(), notification.title(),
                  notification.text(), notification.link(), SqlTime(now)}));
  if (inserted == 0) return 0;
  ASSIGN_OR_RETURN(std::vector<Row> rows, tx.Query("SELECT LAST_INSERT_ID()"));
  return rows.at(0).GetInt64(0);
}

absl::StatusOr<std::vector<std::pair<int64_t, v1::Notification>>> ListNotificationsOf(
    Transaction& tx, absl::string_view recipient_id, bool unread_only, int64_t before_id,
    int limit) {
  const std::string unread = unread_only ? " AND read_time IS NULL" : "";
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      before_id > 0
          ? tx.Query(absl::StrCat("SELECT ", kColumns,
                                  " FROM notifications WHERE recipient_id = ? AND id < ?", unread,
                                  " ORDER BY id DESC LIMIT ?"),
                     {recipient_id, before_id, limit + 1})
          : tx.Query(absl::StrCat("SELECT ", kColumns, " FROM notifications WHERE recipient_id = ?",
                                  unread, " ORDER BY id DESC LIMIT ?"),
                     {recipient_id, limit + 1}));
  std::vector<std::pair<int64_t, v1::Notification>> out;
  for (const Row& row : rows) out.emplace_back(row.GetInt64(0), NotificationOf(row));
  return out;
}

absl::StatusOr<int64_t> CountUnread(Transaction& tx, absl::string_view recipient_id) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query("SELECT COUNT(*) FROM notifications WHERE recipient_id = ? AND "
                            "read_time IS NULL",
                            {recipient_id}));
  return rows.empty() ? 0 : rows[0].GetInt64(0);
}

absl::StatusOr<std::optional<v1::Notification>> MarkRead(Transaction& tx,
                                                         absl::string_view recipient_id, int64_t id,
                                                         absl::Time now) {
  RETURN_IF_ERROR(tx.Execute("UPDATE notifications SET read_time = ? WHERE id = ? AND "
                             "recipient_id = ? AND read_time IS NULL",
                             {SqlTime(now), id, recipient_id})
                      .status());
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query(absl::StrCat("SELECT ", kColumns,
                                         " FROM notifications WHERE id = ? AND recipient_id = ?"),
                            {id, recipient_id}));
  if (rows.empty()) return std::optional<v1::Notification>();
  return std::optional<v1::Notification>(NotificationOf(rows[0]));
}

}  // namespace reportflow::notification
