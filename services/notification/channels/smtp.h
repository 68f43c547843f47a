// The e-mail channel: hands one formatted message (domain/email.h) to an
// SMTP server through libcurl, upgrading with STARTTLS (required unless the
// server is on loopback and `starttls` is off, for tests), authenticating
// when a user is set. The password is read from a file by the caller and
// never logged. One call, one message, one recipient.
#ifndef REPORTFLOW_SERVICES_NOTIFICATION_CHANNELS_SMTP_H_
#define REPORTFLOW_SERVICES_NOTIFICATION_CHANNELS_SMTP_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace reportflow::notification {

struct SmtpOptions {
  std::string host;  // e.g. smtp.example.gov.cn
  int port = 587;
  bool starttls = true;  // require STARTTLS (refuse to send in clear)
  std::string ca_file;   // trust anchors; empty: the system's
  std::string user;      // empty: no AUTH
  std::string password;  // from --smtp-password-file
  int timeout_seconds = 30;
};

// Sends `message` (RFC 5322, CRLF) from `from` to `to`. OK when the server
// accepted it (250 after DATA). UNAVAILABLE for what may pass (connection
// refused, timeouts, 4xx replies), FAILED_PRECONDITION for permanent refusals
// (5xx: unknown mailbox, authentication failed, STARTTLS not offered when
// required), INVALID_ARGUMENT for bad options; messages in Chinese with the
// server's reply, never the password.
absl::Status SendMail(const SmtpOptions& options, absl::string_view from, absl::string_view to,
                      absl::string_view message);

}  // namespace reportflow::notification

#endif  // REPORTFLOW_SERVICES_NOTIFICATION_CHANNELS_SMTP_H_
