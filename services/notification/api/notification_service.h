// The notification service's gRPC handlers (proto/reportflow/notification/
// v1/). Notify takes events from the other services (their service
// identities only) and records them through the Notifier (notifier.h):
// recipients from the directory at that moment, one notification per
// (event, person), e-mails and robot messages through the outbox.
// ListNotifications and MarkNotificationRead serve the signed-in person
// their own; Get/UpdatePreferences their channel preferences. A unit's
// settings (robots, reminder days, quiet hours) are its administrator's or
// head's; ListDeliveries shows the caller's units' e-mails and robot
// messages with their state and last error.
#ifndef REPORTFLOW_SERVICES_NOTIFICATION_API_NOTIFICATION_SERVICE_H_
#define REPORTFLOW_SERVICES_NOTIFICATION_API_NOTIFICATION_SERVICE_H_

#include "reportflow/notification/v1/notification.grpc.pb.h"
#include "services/common/server.h"
#include "services/notification/api/notifier.h"

namespace reportflow::notification {

class NotificationServiceImpl final : public v1::NotificationService::Service {
 public:
  NotificationServiceImpl(ServiceContext context, ChannelConfig config)
      : context_(context), notifier_(std::move(context), std::move(config)) {}

  grpc::Status Notify(grpc::ServerContext* context, const v1::NotifyRequest* request,
                      v1::NotifyResponse* response) override;
  grpc::Status ListNotifications(grpc::ServerContext* context,
                                 const v1::ListNotificationsRequest* request,
                                 v1::ListNotificationsResponse* response) override;
  grpc::Status MarkNotificationRead(grpc::ServerContext* context,
                                    const v1::MarkNotificationReadRequest* request,
                                    v1::Notification* response) override;
  grpc::Status GetUnitSettings(grpc::ServerContext* context,
                               const v1::GetUnitSettingsRequest* request,
                               v1::UnitSettings* response) override;
  grpc::Status UpdateUnitSettings(grpc::ServerContext* context,
                                  const v1::UpdateUnitSettingsRequest* request,
                                  v1::UnitSettings* response) override;
  grpc::Status GetPreferences(grpc::ServerContext* context,
                              const v1::GetPreferencesRequest* request,
                              v1::Preferences* response) override;
  grpc::Status UpdatePreferences(grpc::ServerContext* context,
                                 const v1::UpdatePreferencesRequest* request,
                                 v1::Preferences* response) override;
  grpc::Status ListDeliveries(grpc::ServerContext* context,
                              const v1::ListDeliveriesRequest* request,
                              v1::ListDeliveriesResponse* response) override;
  // In action_links.cc: the confirmation page's reading of a link, and its
  // use, which approves through review as the signed-in person (their own
  // token is forwarded, so review decides exactly as for ApproveTask).
  grpc::Status GetActionLink(grpc::ServerContext* context, const v1::GetActionLinkRequest* request,
                             v1::ActionLink* response) override;
  grpc::Status UseActionLink(grpc::ServerContext* context, const v1::UseActionLinkRequest* request,
                             v1::UseActionLinkResponse* response) override;

 private:
  ServiceContext context_;
  Notifier notifier_;
};

}  // namespace reportflow::notification

#endif  // REPORTFLOW_SERVICES_NOTIFICATION_API_NOTIFICATION_SERVICE_H_
