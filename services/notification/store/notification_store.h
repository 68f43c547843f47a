// Notifications in MySQL. Every query is served by an index: the unique
// (event, recipient) key, (recipient, id) for a person's pages, (recipient,
// read_time) for the unread count.
#ifndef REPORTFLOW_SERVICES_NOTIFICATION_STORE_NOTIFICATION_STORE_H_
#define REPORTFLOW_SERVICES_NOTIFICATION_STORE_NOTIFICATION_STORE_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "reportflow/notification/v1/notification.pb.h"
#include "services/common/database.h"

namespace reportflow::notification {

// Inserts `notification` for `recipient_id` under `event_key` unless that
// person already has that event; the new row's id, or 0 when it was there.
absl::StatusOr<int64_t> InsertNotification(Transaction& tx, absl::string_view recipient_id,
                                           absl::string_view event_key,
                                           const v1::Notification& notification, absl::Time now);

// A person's notifications with ids below `before_id` (0: from the newest),
// newest first, at most `limit` + 1, as (id, message).
absl::StatusOr<std::vector<std::pair<int64_t, v1::Notification>>> ListNotificationsOf(
    Transaction& tx, absl::string_view recipient_id, bool unread_only, int64_t before_id,
    int limit);

// How many of a person's notifications are unread.
absl::StatusOr<int64_t> CountUnread(Transaction& tx, absl::string_view recipient_id);

// Marks notification `id` of `recipient_id` read at `now` (kept if already
// read); nullopt when the person has no such notification.
absl::StatusOr<std::optional<v1::Notification>> MarkRead(Transaction& tx,
                                                         absl::string_view recipient_id, int64_t id,
                                                         absl::Time now);

}  // namespace reportflow::notification

#endif  // REPORTFLOW_SERVICES_NOTIFICATION_STORE_NOTIFICATION_STORE_H_
