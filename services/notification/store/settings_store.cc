#include "services/notification/store/settings_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace reportflow::notification {

absl::StatusOr<v1::UnitSettings> LoadUnitSettings(Transaction& tx, absl::string_view unit,
                                                  bool lock) {
  v1::UnitSettings settings;
  settings.set_name(absl::StrCat("units/", unit, "/notificationSettings"));
  settings.set_remind_after_working_days(2);
  settings.set_escalate_after_working_days(4);
  settings.set_etag("0");
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query(absl::StrCat("SELECT remind_after_days, escalate_after_days, quiet_start, "
                            "quiet_end, etag_version, DATE_FORMAT(update_time, "
                            "'%Y-%m-%d %H:%i:%s.%f'), action_links FROM unit_settings "
                            "WHERE unit = ?",
                            lock ? " FOR UPDATE" : ""),
               {unit}));
  if (rows.empty()) {
    return settings;
  }
  const Row& row = rows[0];
  settings.set_remind_after_working_days(static_cast<int32_t>(row.GetInt64(0)));
  settings.set_escalate_after_working_days(static_cast<int32_t>(row.GetInt64(1)));
  settings.mutable_quiet_hours()->set_start_minute(static_cast<int32_t>(row.GetInt64(2)));
  settings.mutable_quiet_hours()->set_end_minute(static_cast<int32_t>(row.GetInt64(3)));
  settings.set_etag(absl::StrCat(row.GetInt64(4)));
  SetTimestamp(row.GetTime(5), settings.mutable_update_time());
  settings.set_action_links(row.GetInt64(6) != 0);
  ASSIGN_OR_RETURN(std::vector<Row> robots,
                   tx.Query("SELECT robot_id, kind, webhook, secret, disabled FROM unit_robots "
                            "WHERE unit = ? ORDER BY position",
                            {unit}));
  for (const Row& r : robots) {
    v1::Robot* robot = settings.add_robots();
    robot->set_id(r.GetString(0));
    robot->set_kind(static_cast<v1::RobotKind>(r.GetInt64(1)));
    robot->set_webhook(r.GetString(2));
    robot->set_secret(r.GetString(3));
    robot->set_disabled(r.GetInt64(4) != 0);
  }
  return settings;
}

absl::Status SaveUnitSettings(Transaction& tx, absl::string_view unit,
                              const v1::UnitSettings& settings, absl::Time now) {
  int64_t version = 0;
  if (!absl::SimpleAtoi(settings.etag(), &version)) version = 0;
  RETURN_IF_ERROR(
      tx.Execute(
            "INSERT INTO unit_settings (unit, remind_after_days, escalate_after_days, quiet_start, "
            "quiet_end, etag_version, update_time, action_links) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON DUPLICATE KEY UPDATE remind_after_days = VALUES(remind_after_days), "
            "escalate_after_days = VALUES(escalate_after_days), quiet_start = "
            "VALUES(quiet_start), quiet_end = VALUES(quiet_end), etag_version = "
            "VALUES(etag_version), update_time = VALUES(update_time), action_links = "
            "VALUES(action_links)",
            {unit, settings.remind_after_working_days(), settings.escalate_after_working_days(),
             settings.quiet_hours().start_minute(), settings.quiet_hours().end_minute(),
             version + 1, SqlTime(now), settings.action_links() ? 1 : 0})
          .status());
  RETURN_IF_ERROR(tx.Execute("DELETE FROM unit_robots WHERE unit = ?", {unit}).status());
  for (int i = 0; i < settings.robots_size(); ++i) {
    const v1::Robot& robot = settings.robots(i);
    RETURN_IF_ERROR(tx.Execute("INSERT INTO unit_robots (unit, robot_id, position, kind, webhook, "
                               "secret, disabled) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               {unit, robot.id(), i, static_cast<int>(robot.kind()),
                                robot.webhook(), robot.secret(), robot.disabled() ? 1 : 0})
                        .status());
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Preferences> LoadPreferences(Transaction& tx, absl::string_view person,
                                                bool lock) {
  v1::Preferences preferences;
  preferences.set_name(absl::StrCat("people/", person, "/notificationPreferences"));
  preferences.set_email_enabled(true);
  preferences.set_etag("0");
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query(absl::StrCat("SELECT email_enabled, quiet_start, quiet_end, etag_version FROM "
                            "preferences WHERE person_id = ?",
                            lock ? " FOR UPDATE" : ""),
               {person}));
  if (!rows.empty()) {
    preferences.set_email_enabled(rows[0].GetInt64(0) != 0);
    preferences.mutable_quiet_hours()->set_start_minute(static_cast<int32_t>(rows[0].GetInt64(1)));
    preferences.mutable_quiet_hours()->set_end_minute(static_cast<int32_t>(rows[0].GetInt64(2)));
    preferences.set_etag(absl::StrCat(rows[0].GetInt64(3)));
  }
  return preferences;
}

absl::Status SavePreferences(Transaction& tx, absl::string_view person,
                             const v1::Preferences& preferences) {
  int64_t version = 0;
  if (!absl::SimpleAtoi(preferences.etag(), &version)) version = 0;
  return tx
      .Execute(
          "INSERT INTO preferences (person_id, email_enabled, quiet_start, quiet_end, "
          "etag_version) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE email_enabled = "
          "VALUES(email_enabled), quiet_start = VALUES(quiet_start), quiet_end = "
          "VALUES(quiet_end), etag_version = VALUES(etag_version)",
          {person, preferences.email_enabled() ? 1 : 0, preferences.quiet_hours().start_minute(),
           preferences.quiet_hours().end_minute(), version + 1})
      .status();
}

absl::StatusOr<bool> ReminderSent(Transaction& tx, absl::string_view key) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query("SELECT 1 FROM sent_reminders WHERE reminder_key = ?", {key}));
  return !rows.empty();
}

absl::Status RecordReminderSent(Transaction& tx, absl::string_view key, absl::Time now) {
  return tx
      .Execute("INSERT IGNORE INTO sent_reminders (reminder_key, create_time) VALUES (?, ?)",
               {key, SqlTime(now)})
      .status();
}

}  // namespace reportflow::notification
