// What a Notify event must be, pure: checked before anything is resolved
// or written. INVALID_ARGUMENT naming the field and the rule.
#ifndef REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_NOTIFY_RULES_H_
#define REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_NOTIFY_RULES_H_

#include "absl/status/status.h"
#include "reportflow/notification/v1/notification.pb.h"

namespace reportflow::notification {

// event: 1..255 printable bytes; kind set; unit a unit id; role empty or a
// role; at most 50 people, each `people/{id}`; at least one of role and
// people; title 1..200 characters; text at most 2000; link empty or a
// console path (`/` then no `//`, no scheme, at most 255 bytes).
absl::Status ValidateNotify(const v1::NotifyRequest& request);

}  // namespace reportflow::notification

#endif  // REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_NOTIFY_RULES_H_
