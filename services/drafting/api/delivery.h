// How the drafting service's outbox messages reach the other services:
// StartReview goes to review-server with the drafting service's own token.
// A receiver that is not configured or not built yet answers UNIMPLEMENTED,
// which keeps the message PENDING (see services/common/outbox.h).
#ifndef REPORTFLOW_SERVICES_DRAFTING_API_DELIVERY_H_
#define REPORTFLOW_SERVICES_DRAFTING_API_DELIVERY_H_

#include "services/common/grpc_client.h"
#include "services/common/outbox.h"

namespace reportflow::drafting {

DeliverFunction MakeDeliverer(const PeerConfig& peers);

}  // namespace reportflow::drafting

#endif  // REPORTFLOW_SERVICES_DRAFTING_API_DELIVERY_H_
