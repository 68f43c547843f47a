// E-mail messages, pure: an RFC 5322 message with a plain-text and an HTML
// part (multipart/alternative), UTF-8 in base64, the subject as an RFC 2047
// encoded word — what the SMTP sender (libcurl, STARTTLS) transmits. Header
// values are checked for line breaks so nothing can inject a header.
#ifndef REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_EMAIL_H_
#define REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_EMAIL_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace reportflow::notification {

struct Email {
  std::string from_address;  // e.g. reportflow@czj.jinkouhe.gov.cn
  std::string from_name;     // e.g. ReportFlow 审批工作台
  std::string to_address;
  std::string to_name;
  std::string subject;
  std::string plain;       // the text part
  std::string html;        // the HTML part (built by HtmlBody, escaped)
  std::string message_id;  // unique, without <>; also the idempotency key
};

// A mail address: one @, no whitespace or angle brackets, at most 254 bytes.
bool IsMailAddress(absl::string_view address);

// A link of a mail: where it goes and what it says.
struct MailLink {
  std::string url;
  std::string text;
};

// The HTML part for `paragraphs` (plain text, escaped) and its links.
std::string HtmlBody(absl::string_view title, const std::vector<std::string>& paragraphs,
                     const std::vector<MailLink>& links);

// The whole message, CRLF line ends, dated `date`. INVALID_ARGUMENT naming
// the field for a bad address or a line break in a header value.
absl::StatusOr<std::string> FormatEmail(const Email& email, absl::Time date);

}  // namespace reportflow::notification

#endif  // REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_EMAIL_H_
