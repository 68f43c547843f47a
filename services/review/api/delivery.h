// How the review service's outbox messages reach the other services, with the
// review service's own token: RecordReviewOutcome to drafting-server,
// PublishReport to publication-server. A receiver that is not configured or
// not built yet answers UNIMPLEMENTED, which keeps the message PENDING (see
// services/common/outbox.h).
#ifndef REPORTFLOW_SERVICES_REVIEW_API_DELIVERY_H_
#define REPORTFLOW_SERVICES_REVIEW_API_DELIVERY_H_

#include "services/common/grpc_client.h"
#include "services/common/outbox.h"

namespace reportflow::review {

DeliverFunction MakeDeliverer(const PeerConfig& peers);

}  // namespace reportflow::review

#endif  // REPORTFLOW_SERVICES_REVIEW_API_DELIVERY_H_
