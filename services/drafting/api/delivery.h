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

// The outbox's on_parked hook: a StartReview the review service refused for
// what it is (e.g. more machine-check findings than a review may hold, or a
// digest it does not accept), or failed on `outbox_park_after_attempts` times
// (a poison message), gives the version back to its drafters in the
// transaction that parks the message: the report becomes RETURNED and the
// version's review reason says why, so the drafter can fix and resubmit
// instead of facing a report stuck IN_REVIEW for ever.
absl::Status ReleaseRefusedVersion(Transaction& tx, const OutboxMessage& message);

}  // namespace reportflow::drafting

#endif  // REPORTFLOW_SERVICES_DRAFTING_API_DELIVERY_H_
