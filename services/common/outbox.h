// The transactional outbox (DESIGN: every cross-service message goes through
// it). A change writes its outgoing message with EnqueueMessage in its own
// transaction; a dispatcher delivers it later with retries and backoff, and
// the receiver is idempotent on the message's request id. Each service has an
// `outbox` table of this shape (see services/drafting/migrations/0004_*.sql):
//   id, unit, method, subject, request_id, payload, state, attempts,
//   last_error, create_time, next_attempt_time, deliver_time.
// The dispatcher is not built yet: messages stay PENDING and visible
// (ListOutbox), never failed.
#ifndef REPORTFLOW_SERVICES_COMMON_OUTBOX_H_
#define REPORTFLOW_SERVICES_COMMON_OUTBOX_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reportflow/type/v1/types.pb.h"
#include "services/common/database.h"

namespace reportflow {

// One message to send.
struct OutgoingMessage {
  // The unit it concerns, for who may see it.
  std::string unit;
  // Receiving method, e.g. "reportflow.review.v1.ReviewService/StartReview".
  std::string method;
  // Resource it is about, e.g. "reports/r-1/versions/2".
  std::string subject;
  // The receiver's idempotency key; the same on every attempt.
  std::string request_id;
  // The serialized request.
  std::string payload;
};

// Writes `message` in `tx`, PENDING and due now. A message with the same
// (method, request_id) already there is kept, not duplicated.
absl::Status EnqueueMessage(Transaction& tx, const OutgoingMessage& message);

// Deliveries of `units`, oldest first, ids above `after_id`; `state`
// DELIVERY_STATE_UNSPECIFIED for all. At most `limit` + 1 rows.
absl::StatusOr<std::vector<std::pair<int64_t, type::v1::Delivery>>> ListOutbox(
    Transaction& tx, const std::vector<std::string>& units, type::v1::DeliveryState state,
    int64_t after_id, int limit);

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_OUTBOX_H_
