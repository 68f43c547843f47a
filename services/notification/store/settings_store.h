// Notification settings in MySQL: a unit's (unit_settings, unit_robots), a
// person's (preferences), and the reminders already sent (sent_reminders).
// Every query reads or writes by primary key. What is stored has been
// validated by domain/settings.h; robots come back with their webhook and
// secret, which the API strips before answering.
#ifndef REPORTFLOW_SERVICES_NOTIFICATION_STORE_SETTINGS_STORE_H_
#define REPORTFLOW_SERVICES_NOTIFICATION_STORE_SETTINGS_STORE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "reportflow/notification/v1/notification.pb.h"
#include "services/common/database.h"

namespace reportflow::notification {

// A unit's settings with the robots' webhooks and secrets; the defaults
// (remind after 2 working days, escalate after 4, no quiet hours, no
// robots, etag "0") when never saved. `lock`: SELECT … FOR UPDATE.
absl::StatusOr<v1::UnitSettings> LoadUnitSettings(Transaction& tx, absl::string_view unit,
                                                  bool lock);

// Replaces the unit's settings and robots with `settings` (complete, robots
// with webhook and secret); the etag becomes the next version.
absl::Status SaveUnitSettings(Transaction& tx, absl::string_view unit,
                              const v1::UnitSettings& settings, absl::Time now);

// A person's preferences; e-mail on and no quiet hours (etag "0") when
// never saved.
absl::StatusOr<v1::Preferences> LoadPreferences(Transaction& tx, absl::string_view person,
                                                bool lock);

// Replaces a person's preferences; the etag becomes the next version.
absl::Status SavePreferences(Transaction& tx, absl::string_view person,
                             const v1::Preferences& preferences);

// Whether the reminder `key` has been sent.
absl::StatusOr<bool> ReminderSent(Transaction& tx, absl::string_view key);
// Records the reminder `key` as sent (again: no change).
absl::Status RecordReminderSent(Transaction& tx, absl::string_view key, absl::Time now);

}  // namespace reportflow::notification

#endif  // REPORTFLOW_SERVICES_NOTIFICATION_STORE_SETTINGS_STORE_H_
