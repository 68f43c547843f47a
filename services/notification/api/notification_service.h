// The notification service's gRPC handlers (proto/reportflow/notification/
// v1/). Notify takes events from the other services (their service
// identities only), resolves the recipients from the directory at that
// moment — the holders of the role at the unit, and named people only if
// they hold a role there, so nobody learns of a report they may not read —
// and stores one notification per (event, person) in one transaction:
// sending the same event again notifies nobody twice. ListNotifications and
// MarkNotificationRead serve the signed-in person their own.
#ifndef REPORTFLOW_SERVICES_NOTIFICATION_API_NOTIFICATION_SERVICE_H_
#define REPORTFLOW_SERVICES_NOTIFICATION_API_NOTIFICATION_SERVICE_H_

#include "reportflow/notification/v1/notification.grpc.pb.h"
#include "services/common/server.h"

namespace reportflow::notification {

class NotificationServiceImpl final : public v1::NotificationService::Service {
 public:
  explicit NotificationServiceImpl(ServiceContext context) : context_(std::move(context)) {}

  grpc::Status Notify(grpc::ServerContext* context, const v1::NotifyRequest* request,
                      v1::NotifyResponse* response) override;
  grpc::Status ListNotifications(grpc::ServerContext* context,
                                 const v1::ListNotificationsRequest* request,
                                 v1::ListNotificationsResponse* response) override;
  grpc::Status MarkNotificationRead(grpc::ServerContext* context,
                                    const v1::MarkNotificationReadRequest* request,
                                    v1::Notification* response) override;

 private:
  ServiceContext context_;
};

}  // namespace reportflow::notification

#endif  // REPORTFLOW_SERVICES_NOTIFICATION_API_NOTIFICATION_SERVICE_H_
