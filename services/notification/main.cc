// notification-server: the ReportFlow notification service (see
// proto/reportflow/notification/v1/): events from the other services become
// notifications of the people who hold the role, in the console; with an
// SMTP server configured, e-mails; and messages to the units' group robots,
// all sent by the outbox dispatcher. The reminder ticker sends 催办 and the
// deadline warnings (api/reminder_ticker.h).
#include <memory>
#include <vector>

#include "CLI/CLI.hpp"
#include "embedded/notification_migrations.h"
#include "services/common/grpc_client.h"
#include "services/common/log.h"
#include "services/common/outbox.h"
#include "services/common/server.h"
#include "services/notification/api/notification_service.h"
#include "services/notification/api/reminder_ticker.h"
#include "services/notification/channels/smtp.h"

int main(int argc, char** argv) {
  reportflow::notification::ChannelConfig channels;
  reportflow::notification::MailConfig& mail = channels.mail;
  std::string smtp_password_file;
  double reminder_interval_seconds = 300;
  bool smtp_no_starttls = false;
  reportflow::ServerSpec spec;
  spec.name = "notification";
  spec.migrations = reportflow::notification::Migrations();
  spec.add_flags = [&](CLI::App& app) {
    app.add_option("--smtp-host", mail.smtp.host, "SMTP server for e-mail (none: no e-mail)")
        ->envname("RF_SMTP_HOST");
    app.add_option("--smtp-port", mail.smtp.port, "SMTP port (submission)")
        ->envname("RF_SMTP_PORT")
        ->capture_default_str();
    app.add_flag("--smtp-no-starttls", smtp_no_starttls,
                 "send without STARTTLS (only to a server on loopback, for tests)")
        ->envname("RF_SMTP_NO_STARTTLS");
    app.add_option("--smtp-ca-file", mail.smtp.ca_file, "CA of the SMTP server's certificate")
        ->envname("RF_SMTP_CA_FILE");
    app.add_option("--smtp-user", mail.smtp.user, "SMTP AUTH user")->envname("RF_SMTP_USER");
    app.add_option("--smtp-password-file", smtp_password_file, "file holding the SMTP password")
        ->envname("RF_SMTP_PASSWORD_FILE");
    app.add_option("--mail-from", mail.from_address, "sender address of the e-mails")
        ->envname("RF_MAIL_FROM");
    app.add_option("--console-url", channels.console_url,
                   "the console's address, for links in messages (e.g. https://rf.example.gov.cn)")
        ->envname("RF_CONSOLE_URL");
    app.add_option("--robot-ca-file", channels.robot_ca_file,
                   "CA of the robots' TLS certificates (default: the system's)");
    app.add_flag("--allow-loopback-webhooks", channels.allow_loopback_webhooks,
                 "accept robot webhooks on http://127.0.0.1 (tests with a local peer only)")
        ->envname("RF_ALLOW_LOOPBACK_WEBHOOKS");
    app.add_option("--reminder-interval-seconds", reminder_interval_seconds,
                   "how often the reminder ticker looks at waiting tasks and deadlines (0: never)")
        ->envname("RF_REMINDER_INTERVAL_SECONDS")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 86400.0));
  };
  spec.configure = [&]() -> absl::Status {
    mail.smtp.starttls = !smtp_no_starttls;
    if (!smtp_password_file.empty()) {
      absl::StatusOr<std::string> password = reportflow::ReadWholeFile(smtp_password_file);
      if (!password.ok()) return password.status();
      mail.smtp.password = *password;
      while (!mail.smtp.password.empty() &&
             (mail.smtp.password.back() == '\n' || mail.smtp.password.back() == '\r')) {
        mail.smtp.password.pop_back();
      }
    }
    while (!channels.console_url.empty() && channels.console_url.back() == '/') {
      channels.console_url.pop_back();
    }
    return absl::OkStatus();
  };
  spec.make_services = [&](reportflow::ServiceContext& context) {
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(
        std::make_unique<reportflow::notification::NotificationServiceImpl>(context, channels));
    return services;
  };
  // The dispatcher sends the e-mails and robot messages the outbox holds,
  // with retries and backoff; a refusal (SMTP 5xx, a robot's wrong key)
  // parks the message, visible with its reason (ListDeliveries).
  std::unique_ptr<reportflow::OutboxDispatcher> dispatcher;
  std::unique_ptr<reportflow::notification::ReminderTicker> ticker;
  spec.start_background = [&](reportflow::ServiceContext& context) -> std::function<void()> {
    dispatcher = std::make_unique<reportflow::OutboxDispatcher>(
        context.db, reportflow::notification::Deliverer(channels, context.db), absl::Seconds(1),
        nullptr, nullptr,
        reportflow::ParkPolicy{static_cast<int>(context.limits.outbox_park_after_attempts), {}});
    // Four threads: e-mails and robot messages go out side by side.
    dispatcher->Start(4);
    if (reminder_interval_seconds > 0) {
      ticker = std::make_unique<reportflow::notification::ReminderTicker>(
          context, channels, reportflow::notification::WorkCalendar::Shipped());
      ticker->Start(absl::Seconds(reminder_interval_seconds));
    }
    return [&] {
      if (ticker) ticker->Stop();
      dispatcher->Stop();
    };
  };
  return reportflow::ServerMain(argc, argv, spec);
}
