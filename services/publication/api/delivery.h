// How the publication service's outbox messages are delivered, and what their
// delivery changes (the hooks run in the transaction that records it):
//   portal/page        the page through the sink — only while the publication
//                      is still live, so a late retry never covers a notice;
//                      once delivered the publication is PUBLISHED (公开 on
//                      that day), its unit-year index is queued and drafting
//                      is told (RecordPublicationOutcome PUBLISHED);
//   portal/withdrawal, portal/correction
//                      the notice replacing a page;
//   portal/index       the unit-year index, rendered at delivery from the
//                      publications as they are then (so it is never stale);
//   portal/repair      the approved content again after a check found the
//                      portal's copy changed (api/portal_checks.h), only while
//                      it is still what the publication should show;
//   RecordPublicationOutcome to drafting-server by gRPC;
//   Notify to notification-server (services/common/notify_outbox.h).
// Every push is read back from the portal before it counts as delivered
// (VerifyPushed); a page, notice or repair delivered records the portal
// check MATCHES, due again after `check_interval`.
// A failing page push turns its publication FAILED_RETRYING; failing an hour
// after the publication was accepted, the publisher is told once
// (domain/notifications.h). A page delivered tells the drafters and the
// publisher it is public.
#ifndef REPORTFLOW_SERVICES_PUBLICATION_API_DELIVERY_H_
#define REPORTFLOW_SERVICES_PUBLICATION_API_DELIVERY_H_

#include <functional>
#include <memory>

#include "services/common/database.h"
#include "services/common/grpc_client.h"
#include "services/common/outbox.h"
#include "services/publication/domain/notifications.h"
#include "services/publication/portal/sink.h"
#include "services/publication/store/publication_store.h"

namespace reportflow::publication {

DeliverFunction MakeDeliverer(Database* db, std::shared_ptr<PortalSink> sink,
                              const PeerConfig& peers);
DeliveredHook OnDelivered(std::shared_ptr<PortalSink> sink, std::function<absl::Time()> now,
                          const PeerConfig& peers,
                          absl::Duration check_interval = kDefaultPortalCheckInterval);
DeliveredHook OnFailed(std::shared_ptr<PortalSink> sink, std::function<absl::Time()> now,
                       const PeerConfig& peers);

// The publication as its notifications describe it.
PublicationSummary SummaryOf(const PublicationRecord& record, const PortalSink& sink);

}  // namespace reportflow::publication

#endif  // REPORTFLOW_SERVICES_PUBLICATION_API_DELIVERY_H_
