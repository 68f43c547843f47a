// The notification service's gRPC handlers (proto/reportflow/notification/
// v1/). Notify takes events from the other services (their service
// identities only), resolves the recipients from the directory at that
// moment — the holders of the role at the unit, and named people only if
// they hold a role there, so nobody learns of a report they may not read —
// and stores one notification per (event, person) in one transaction:
// sending the same event again notifies nobody twice. With an SMTP server
// configured, each new notification of a person with an e-mail address also
// writes an e-mail to the outbox in the same transaction; the dispatcher
// (main.cc) sends it with retries, so a mail server that is down delays the
// mail, never the workflow, and loses nothing. ListNotifications and
// MarkNotificationRead serve the signed-in person their own.
#ifndef REPORTFLOW_SERVICES_NOTIFICATION_API_NOTIFICATION_SERVICE_H_
#define REPORTFLOW_SERVICES_NOTIFICATION_API_NOTIFICATION_SERVICE_H_

#include <string>

#include "reportflow/notification/v1/notification.grpc.pb.h"
#include "services/common/outbox.h"
#include "services/common/server.h"
#include "services/notification/channels/smtp.h"

namespace reportflow::notification {

// The e-mail channel's settings; without an SMTP host no mail is sent.
struct MailConfig {
  SmtpOptions smtp;
  std::string from_address;  // e.g. reportflow@czj.example.gov.cn
  std::string from_name = "ReportFlow 审批工作台";
  std::string console_url;  // e.g. https://rf.example.gov.cn (links in mail)
  bool enabled() const { return !smtp.host.empty() && !from_address.empty(); }
};

// The outbox method of an e-mail: subject is the address, payload the message.
inline constexpr char kSendMail[] = "smtp";

// Delivers the outbox's e-mails through `mail`'s SMTP server.
DeliverFunction MailDeliverer(const MailConfig& mail);

class NotificationServiceImpl final : public v1::NotificationService::Service {
 public:
  NotificationServiceImpl(ServiceContext context, MailConfig mail)
      : context_(std::move(context)), mail_(std::move(mail)) {}

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
  const MailConfig mail_;
};

}  // namespace reportflow::notification

#endif  // REPORTFLOW_SERVICES_NOTIFICATION_API_NOTIFICATION_SERVICE_H_
