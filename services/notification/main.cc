// notification-server: the ReportFlow notification service (see
// proto/reportflow/notification/v1/): events from the other services become
// notifications of the people who hold the role, in the console, and with
// an SMTP server configured, e-mails sent by the outbox dispatcher.
#include <memory>
#include <vector>

#include "CLI/CLI.hpp"
#include "embedded/notification_migrations.h"
#include "services/common/grpc_client.h"
#include "services/common/log.h"
#include "services/common/outbox.h"
#include "services/common/server.h"
#include "services/notification/api/notification_service.h"
#include "services/notification/channels/smtp.h"

int main(int argc, char** argv) {
  reportflow::notification::MailConfig mail;
  std::string smtp_password_file;
  reportflow::ServerSpec spec;
  spec.name = "notification";
  spec.migrations = reportflow::notification::Migrations();
  spec.add_flags = [&](CLI::App& app) {
    app.add_option("--smtp-host", mail.smtp.host, "SMTP server for e-mail (none: no e-mail)")
        ->envname("RF_SMTP_HOST");
    app.add_option("--smtp-port", mail.smtp.port, "SMTP port (submission)")
        ->envname("RF_SMTP_PORT")
        ->capture_default_str();
    app.add_flag("!--smtp-no-starttls", mail.smtp.starttls,
                 "send without STARTTLS (only to a server on loopback, for tests)");
    app.add_option("--smtp-ca-file", mail.smtp.ca_file, "CA of the SMTP server's certificate")
        ->envname("RF_SMTP_CA_FILE");
    app.add_option("--smtp-user", mail.smtp.user, "SMTP AUTH user")->envname("RF_SMTP_USER");
    app.add_option("--smtp-password-file", smtp_password_file, "file holding the SMTP password")
        ->envname("RF_SMTP_PASSWORD_FILE");
    app.add_option("--mail-from", mail.from_address, "sender address of the e-mails")
        ->envname("RF_MAIL_FROM");
    app.add_option("--console-url", mail.console_url,
                   "the console's address, for links in e-mails (e.g. https://rf.example.gov.cn)")
        ->envname("RF_CONSOLE_URL");
  };
  spec.configure = [&]() -> absl::Status {
    if (!smtp_password_file.empty()) {
      absl::StatusOr<std::string> password = reportflow::ReadWholeFile(smtp_password_file);
      if (!password.ok()) return password.status();
      mail.smtp.password = *password;
      while (!mail.smtp.password.empty() &&
             (mail.smtp.password.back() == '\n' || mail.smtp.password.back() == '\r')) {
        mail.smtp.password.pop_back();
      }
    }
    while (!mail.console_url.empty() && mail.console_url.back() == '/') mail.console_url.pop_back();
    return absl::OkStatus();
  };
  spec.make_services = [&](reportflow::ServiceContext& context) {
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(
        std::make_unique<reportflow::notification::NotificationServiceImpl>(context, mail));
    return services;
  };
  // The dispatcher sends the e-mails the outbox holds, with retries and
  // backoff; a refusal (5xx) parks the message, visible with its reason.
  std::unique_ptr<reportflow::OutboxDispatcher> dispatcher;
  spec.start_background = [&](reportflow::ServiceContext& context) -> std::function<void()> {
    dispatcher = std::make_unique<reportflow::OutboxDispatcher>(
        context.db, reportflow::notification::MailDeliverer(mail), absl::Seconds(1), nullptr,
        nullptr,
        reportflow::ParkPolicy{static_cast<int>(context.limits.outbox_park_after_attempts)});
    dispatcher->Start();
    return [&] { dispatcher->Stop(); };
  };
  return reportflow::ServerMain(argc, argv, spec);
}
