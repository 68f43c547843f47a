// What the people concerned are told about a review, pure: after an action,
// the signers of the stage now waiting (待审校); on a return the drafters
// (the submitter and every author) and every earlier signer, with the reason
// and the comments that go back; on an approval the drafters and the
// publishers. Each message is a
// NotifyRequest for the notification service, keyed so that the same
// activation or outcome is announced once however often it is enqueued:
// `n-{review}-{stage}-{activation time, µs}`, `n-{review}-returned`,
// `n-{review}-approved`, `n-{review}-override-{finding}`,
// `n-{review}-{stage}-urge-{µs}` (at most 64 bytes, the outbox's request id).
// A blocking finding overridden is told to the unit's head (unit_head).
#ifndef REPORTFLOW_SERVICES_REVIEW_DOMAIN_NOTIFICATIONS_H_
#define REPORTFLOW_SERVICES_REVIEW_DOMAIN_NOTIFICATIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "reportflow/notification/v1/notification.pb.h"
#include "workflow/review.h"

namespace reportflow::review {

// The review as the messages describe it.
struct ReviewSummary {
  int64_t id = 0;            // reviews/{id}
  std::string version_name;  // reports/{r}/versions/{n}
  std::string title;         // the report's title
  absl::Time active_since;   // when the active stage opened
  // On a return: the unresolved comments that go back with it, as the
  // message lists them (e.g. "“决算数为 1080.02”后缺少“万元”（王强）").
  std::vector<std::string> returned_comments;
};

// The messages due after an action that produced `events` and left the
// review as `review`.
std::vector<notification::v1::NotifyRequest> NotificationsAfter(
    const ReviewSummary& summary, const workflow::Review& review,
    const std::vector<workflow::Event>& events);

// 催办 by hand: a stage may be urged once in this period.
inline constexpr absl::Duration kUrgeInterval = absl::Hours(4);

// The earliest moment a stage active since `active_since` may be urged,
// when the review's stages were last urged at `last_urge`: at once when
// never urged or urged before this activation.
absl::Time NextUrgeAllowed(std::optional<absl::Time> last_urge, absl::Time active_since);

// The message of 催办 by `urger` (a display name) at `now` on the waiting
// stage of `review`, with an optional note: to the stage's role holders.
notification::v1::NotifyRequest UrgeNotification(const ReviewSummary& summary,
                                                 const workflow::Review& review,
                                                 absl::string_view urger, absl::string_view note,
                                                 absl::Time now);

}  // namespace reportflow::review

#endif  // REPORTFLOW_SERVICES_REVIEW_DOMAIN_NOTIFICATIONS_H_
