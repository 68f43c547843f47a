// What the people concerned are told about a publication, pure: the
// drafters and the publisher of the unit hear that the approved version is
// on the portal, that it was withdrawn (with the reason) or replaced by a
// correction, and that its page push has been failing for an hour. Each
// message is a NotifyRequest keyed by the publication and the event
// (`n-pub-{id}-published`, `-withdrawn`, `-corrected`, `-push-failing`), so
// each is told once.
#ifndef REPORTFLOW_SERVICES_PUBLICATION_DOMAIN_NOTIFICATIONS_H_
#define REPORTFLOW_SERVICES_PUBLICATION_DOMAIN_NOTIFICATIONS_H_

#include <string>

#include "absl/time/time.h"
#include "reportflow/notification/v1/notification.pb.h"

namespace reportflow::publication {

// A push failing this long is told to the publisher.
inline constexpr absl::Duration kPushFailingNotice = absl::Hours(1);

// The publication as the messages describe it.
struct PublicationSummary {
  int64_t id = 0;              // publications/{id}
  std::string unit;            // bare id
  std::string report_version;  // reports/{r}/versions/{n}
  std::string title;           // the report's title
  std::string url;             // where readers find the page
};

enum class PublicationEvent { kPublished, kWithdrawn, kCorrected, kPushFailing };

// The message of `event`; `detail` is the withdrawal's reason, the
// correcting publication's name, or the push's last error.
notification::v1::NotifyRequest PublicationNotification(PublicationEvent event,
                                                        const PublicationSummary& summary,
                                                        absl::string_view detail);

// The publisher is told that the portal no longer serves what was published
// (`drifts`, e.g. "index.html 被修改；report.pdf 缺失") and that the approved
// content is being pushed again; keyed by the publication and the moment the
// drift was first seen (`n-pub-{id}-drift-{unix seconds}`), so each drift is
// told once and a later one again.
notification::v1::NotifyRequest PortalDriftNotification(const PublicationSummary& summary,
                                                        absl::string_view drifts, absl::Time since);

// Whether a page push failing now, for a publication accepted at
// `accepted`, has been failing long enough to tell the publisher.
bool PushFailingLongEnough(absl::Time accepted, absl::Time now);

}  // namespace reportflow::publication

#endif  // REPORTFLOW_SERVICES_PUBLICATION_DOMAIN_NOTIFICATIONS_H_
