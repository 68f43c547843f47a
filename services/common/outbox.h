// The transactional outbox (DESIGN: every cross-service message goes through
// it). A change writes its outgoing message with EnqueueMessage in its own
// transaction; a dispatcher delivers it later with retries and backoff, and
// the receiver is idempotent on the message's request id. Each service has an
// `outbox` table of this shape (see services/drafting/migrations/0004_*.sql):
//   id, unit, method, subject, request_id, payload, state, attempts,
//   last_error, create_time, next_attempt_time, deliver_time.
// Dispatching (DispatchOne, OutboxDispatcher): a due message is claimed with
// a lease (a conditional UPDATE of its next attempt time, so replicas racing
// for it deliver it once), delivered outside any transaction, and the result
// recorded: DELIVERED; or, when the receiver answers UNIMPLEMENTED (not built
// yet) or is not configured, still PENDING; or FAILED_RETRYING. Both keep the
// attempt count and last error visible and are retried with exponential
// backoff (2, 4, 8 … seconds, at most 5 minutes). Nothing is ever dropped.
// A poison message is parked (PARKED, see ParkPolicy): one the receiver
// refuses for what it is, or one that failed too often, so that it can
// neither block nor crash-loop anything; its `on_parked` hook runs in the
// same transaction (e.g. drafting gives the version back to its drafters).
#ifndef REPORTFLOW_SERVICES_COMMON_OUTBOX_H_
#define REPORTFLOW_SERVICES_COMMON_OUTBOX_H_

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
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
  // Not to be sent before this moment (quiet hours); the past: at once.
  absl::Time not_before = absl::InfinitePast();
};

// Writes `message` in `tx`, PENDING and due now. A message with the same
// (method, request_id) already there is kept, not duplicated.
absl::Status EnqueueMessage(Transaction& tx, const OutgoingMessage& message);

// Deliveries of `units`, oldest first, ids above `after_id`; `state`
// DELIVERY_STATE_UNSPECIFIED for all. At most `limit` + 1 rows.
absl::StatusOr<std::vector<std::pair<int64_t, type::v1::Delivery>>> ListOutbox(
    Transaction& tx, const std::vector<std::string>& units, type::v1::DeliveryState state,
    int64_t after_id, int limit);

// One page of a service's ListDeliveries method (AIP-158): the deliveries
// of `units` oldest first, after `page_token`; `page_size` defaults to 50 and
// is capped at 100. INVALID_ARGUMENT naming page_size or page_token.
struct DeliveriesPage {
  std::vector<type::v1::Delivery> deliveries;
  std::string next_page_token;
};
absl::StatusOr<DeliveriesPage> ListDeliveriesPage(Database& db,
                                                  const std::vector<std::string>& units,
                                                  type::v1::DeliveryState state, int page_size,
                                                  absl::string_view page_token);

// The body of every service's ListDeliveries handler: `Request` has state,
// page_size and page_token; `Response` has deliveries and next_page_token.
template <typename Request, typename Response>
absl::Status ListDeliveriesInto(Database& db, const std::vector<std::string>& units,
                                const Request& request, Response* response) {
  absl::StatusOr<DeliveriesPage> page =
      ListDeliveriesPage(db, units, request.state(), request.page_size(), request.page_token());
  if (!page.ok()) {
    return page.status();
  }
  for (type::v1::Delivery& delivery : page->deliveries) {
    *response->add_deliveries() = std::move(delivery);
  }
  response->set_next_page_token(page->next_page_token);
  return absl::OkStatus();
}

// Makes an undelivered message due now (an operator's "retry now"), keeping
// its attempt count; a parked one becomes FAILED_RETRYING. False when it is
// already delivered or does not exist.
absl::StatusOr<bool> MakeDueNow(Transaction& tx, int64_t id);

// The body of every service's RetryDelivery handler: the delivery `name`
// ("deliveries/{id}") of one of `units` made due now, as it is then.
// NOT_FOUND for another unit's or a missing one, FAILED_PRECONDITION once
// delivered, INVALID_ARGUMENT for a malformed name.
absl::StatusOr<type::v1::Delivery> RetryDelivery(Database& db,
                                                 const std::vector<std::string>& units,
                                                 absl::string_view name);

// A message being delivered.
struct OutboxMessage {
  int64_t id = 0;
  std::string method;
  std::string subject;
  std::string request_id;
  std::string payload;
  int attempts = 0;
  // The failed attempt's answer, for the hooks that run on a failure or a
  // parking (OK otherwise).
  absl::Status failure;
};

// Sends one message; OK when the receiver accepted it (or already had it).
using DeliverFunction = std::function<absl::Status(const OutboxMessage&)>;

// Runs in the transaction that records a delivery's outcome, e.g. to append
// it to an audit log or to move the resource it concerns, in the same commit.
using DeliveredHook = std::function<absl::Status(Transaction&, const OutboxMessage&)>;

// When a failed message is parked instead of retried.
struct ParkPolicy {
  // Failed attempts (of any kind but UNIMPLEMENTED) before parking.
  int after_attempts = 20;
  // Runs in the transaction that parks the message (instead of on_failed).
  DeliveredHook on_parked;
};

// Whether `status`, a receiver's answer, refuses the message for what it is,
// so that sending it again cannot succeed: INVALID_ARGUMENT,
// FAILED_PRECONDITION, RESOURCE_EXHAUSTED, OUT_OF_RANGE.
bool IsPermanentRefusal(const absl::Status& status);

// Claims the next due message, delivers it and records the outcome; runs
// `on_delivered` in the same transaction as a success and `on_failed` in the
// same transaction as a failure (not for UNIMPLEMENTED, which stays
// PENDING). Returns whether a message was handled (false: nothing due, or
// another dispatcher took it first).
absl::StatusOr<bool> DispatchOne(Database& db, const DeliverFunction& deliver,
                                 absl::Duration lease = absl::Seconds(60),
                                 const DeliveredHook& on_delivered = nullptr,
                                 const DeliveredHook& on_failed = nullptr,
                                 const ParkPolicy& park = {});

// Runs DispatchOne in a background thread until stopped: as fast as messages
// are due; when none is, it waits until a transaction of this process that
// enqueued a message commits (EnqueueMessage wakes it), or `poll_interval`
// for what other replicas enqueue and retries coming due.
class OutboxDispatcher {
 public:
  OutboxDispatcher(Database* db, DeliverFunction deliver,
                   absl::Duration poll_interval = absl::Seconds(1),
                   DeliveredHook on_delivered = nullptr, DeliveredHook on_failed = nullptr,
                   ParkPolicy park = {});
  ~OutboxDispatcher();
  // Starts `threads` delivery threads. Messages are claimed one at a time
  // under a lease, so threads (and replicas) never deliver one twice; more
  // than one thread may deliver two messages in either order, so a service
  // whose messages must arrive in order (publication's portal pushes) keeps 1.
  void Start(int threads = 1);
  // Stops and joins the threads; deliveries in progress finish first.
  void Stop();

 private:
  void Run();
  Database* const db_;
  const DeliverFunction deliver_;
  const absl::Duration poll_interval_;
  const DeliveredHook on_delivered_;
  const DeliveredHook on_failed_;
  const ParkPolicy park_;
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_OUTBOX_H_
