// Events for the notification service, sent through the sender's outbox
// (a notification is an outbox message like any other cross-service call):
// EnqueueNotify writes one in the caller's transaction, keyed by the
// event's own key (so the same event is enqueued once however often the
// change is retried), and DeliverNotify is the dispatcher's route for it.
// A deployment without a notification service (no --notification-address)
// enqueues nothing.
#ifndef REPORTFLOW_SERVICES_COMMON_NOTIFY_OUTBOX_H_
#define REPORTFLOW_SERVICES_COMMON_NOTIFY_OUTBOX_H_

#include "absl/status/status.h"
#include "reportflow/notification/v1/notification.pb.h"
#include "services/common/database.h"
#include "services/common/grpc_client.h"
#include "services/common/outbox.h"

namespace reportflow {

// The outbox method of an event.
inline constexpr char kNotifyMethod[] = "reportflow.notification.v1.NotificationService/Notify";

// Enqueues `event` (its `event` key at most 64 bytes: the outbox's request
// id) when `peers` names a notification service.
absl::Status EnqueueNotify(Transaction& tx, const PeerConfig& peers,
                           const notification::v1::NotifyRequest& event);

// Delivers a kNotifyMethod message to the notification service.
absl::Status DeliverNotify(const PeerConfig& peers, const OutboxMessage& message);

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_NOTIFY_OUTBOX_H_
