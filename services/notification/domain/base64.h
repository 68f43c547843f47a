// Standard base64 (RFC 4648, with padding), as the e-mail parts and the
// robots' signatures carry bytes.
#ifndef REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_BASE64_H_
#define REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_BASE64_H_

#include <string>

#include "absl/strings/string_view.h"

namespace reportflow::notification {

std::string Base64(absl::string_view bytes);

}  // namespace reportflow::notification

#endif  // REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_BASE64_H_
