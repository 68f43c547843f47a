#include "services/common/notify_outbox.h"

#include "reportflow/notification/v1/notification.grpc.pb.h"
#include "services/common/outbox_grpc.h"

namespace reportflow {

absl::Status EnqueueNotify(Transaction& tx, const PeerConfig& peers,
                           const notification::v1::NotifyRequest& event) {
  if (peers.notification_address.empty()) {
    return absl::OkStatus();  // no notification service in this deployment
  }
  return EnqueueMessage(
      tx, {event.unit(), kNotifyMethod, event.subject(), event.event(), event.SerializeAsString()});
}

absl::Status DeliverNotify(const PeerConfig& peers, const OutboxMessage& message) {
  return DeliverByGrpc<notification::v1::NotificationService, notification::v1::NotifyRequest,
                       notification::v1::NotifyResponse>(
      peers, peers.notification_address, "notification service (--notification-address)", message,
      [](auto& stub, auto* context, const auto& request, auto* response) {
        return stub.Notify(context, request, response);
      });
}

}  // namespace reportflow
