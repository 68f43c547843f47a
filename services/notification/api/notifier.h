// Turns one event into notifications, e-mails and robot messages: the body
// shared by Notify (events from the services) and the reminder ticker.
//
// Recipients are resolved at that moment from the directory — the holders
// of the event's role at the unit (own or delegated), and named people only
// if they hold a role there — so nobody learns of a report they may not
// read. Then one transaction writes one notification per (event, person)
// (a repeat inserts nothing), and for each new one an e-mail to the
// person's address unless they turned e-mail off, and one message per
// (event, robot) for each of the unit's robots. E-mails and robot messages
// are outbox rows sent by the dispatcher (Deliverer) with retries and
// backoff, not before the end of the person's or the unit's quiet hours; a
// channel that is down delays only itself.
#ifndef REPORTFLOW_SERVICES_NOTIFICATION_API_NOTIFIER_H_
#define REPORTFLOW_SERVICES_NOTIFICATION_API_NOTIFIER_H_

#include <string>

#include "absl/status/statusor.h"
#include "reportflow/notification/v1/notification.pb.h"
#include "services/common/outbox.h"
#include "services/common/server.h"
#include "services/notification/channels/smtp.h"

namespace reportflow::notification {

// The e-mail channel's settings; without an SMTP host no mail is sent.
struct MailConfig {
  SmtpOptions smtp;
  std::string from_address;  // e.g. reportflow@czj.example.gov.cn
  std::string from_name = "ReportFlow 审批工作台";
  bool enabled() const { return !smtp.host.empty() && !from_address.empty(); }
};

// Every channel's settings.
struct ChannelConfig {
  MailConfig mail;
  // The console's address, for links in e-mails and robot messages (e.g.
  // https://rf.example.gov.cn); empty: messages carry no link.
  std::string console_url;
  // Accept robot webhooks on http://127.0.0.1 (tests with a local peer).
  bool allow_loopback_webhooks = false;
  // CA of the robots' TLS certificates; empty: the system's.
  std::string robot_ca_file;
};

// Outbox methods: an e-mail (subject: the address; payload: the message)
// and a robot message (subject: units/{unit}/robots/{robot}; payload: JSON
// with the robot id, title, text and link, signed when sent).
inline constexpr char kSendMail[] = "smtp";
inline constexpr char kPostRobot[] = "robot";

// Sends the outbox's e-mails and robot messages; robots are read from `db`
// at sending time (a removed or disabled robot parks its messages).
DeliverFunction Deliverer(const ChannelConfig& config, Database* db);

class Notifier {
 public:
  Notifier(ServiceContext context, ChannelConfig config)
      : context_(std::move(context)), config_(std::move(config)) {}

  // Records `event` (validated before) for its recipients; the number of
  // people newly notified (0 on a repeat). UNAVAILABLE when the directory
  // cannot be reached (nothing written).
  absl::StatusOr<int> Record(const v1::NotifyRequest& event) const;

  const ChannelConfig& config() const { return config_; }

 private:
  // Makes and stores an action link of `person` for the task `request`
  // announces; its full URL (the token appears nowhere else).
  absl::StatusOr<std::string> MakeActionLink(Transaction& tx, absl::string_view person,
                                             const v1::NotifyRequest& request,
                                             absl::Time now) const;

  ServiceContext context_;
  ChannelConfig config_;
};

}  // namespace reportflow::notification

#endif  // REPORTFLOW_SERVICES_NOTIFICATION_API_NOTIFIER_H_
