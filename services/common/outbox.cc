#include "services/common/outbox.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "services/common/log.h"
#include "services/common/paging.h"
#include "services/common/proto_time.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"

namespace reportflow {
namespace {

// Bumped when a transaction that enqueued a message commits: the
// dispatchers of this process look at once instead of at their next poll.
absl::Mutex wake_mu;
int64_t wake_generation ABSL_GUARDED_BY(wake_mu) = 0;

void WakeDispatchers() {
  absl::MutexLock lock(&wake_mu);
  ++wake_generation;
}

}  // namespace

absl::Status EnqueueMessage(Transaction& tx, const OutgoingMessage& message) {
  if (message.not_before == absl::InfinitePast()) tx.AfterCommit(WakeDispatchers);
  // One statement: a message already there under (method, request_id)
  // (uq_outbox_request) is kept as it is.
  const SqlValue not_before = message.not_before != absl::InfinitePast()
                                  ? SqlValue(SqlTime(message.not_before))
                                  : SqlValue(nullptr);
  return tx
      .Execute(
          "INSERT INTO outbox (unit, method, subject, request_id, payload, state, "
          "next_attempt_time) VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, CURRENT_TIMESTAMP(6))) "
          "ON DUPLICATE KEY UPDATE id = id",
          {message.unit, message.method, message.subject, message.request_id, message.payload,
           static_cast<int>(type::v1::DELIVERY_STATE_PENDING), not_before})
      .status();
}

absl::StatusOr<std::vector<std::pair<int64_t, type::v1::Delivery>>> ListOutbox(
    Transaction& tx, const std::vector<std::string>& units, type::v1::DeliveryState state,
    int64_t after_id, int limit) {
  std::vector<SqlValue> params;
  std::vector<std::string> marks;
  for (const std::string& unit : units) {
    params.emplace_back(unit);
    marks.push_back("?");
  }
  std::string where = absl::StrCat("WHERE unit IN (", absl::StrJoin(marks, ", "), ") AND id > ?");
  params.emplace_back(after_id);
  if (state != type::v1::DELIVERY_STATE_UNSPECIFIED) {
    absl::StrAppend(&where, " AND state = ?");
    params.emplace_back(static_cast<int>(state));
  }
  params.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query(
          absl::StrCat("SELECT id, method, subject, state, attempts, COALESCE(last_error, ''), "
                       "DATE_FORMAT(create_time, '%Y-%m-%d %H:%i:%s'), "
                       "DATE_FORMAT(next_attempt_time, '%Y-%m-%d %H:%i:%s'), "
                       "DATE_FORMAT(deliver_time, '%Y-%m-%d %H:%i:%s') FROM outbox ",
                       where, " ORDER BY id LIMIT ?"),
          params));
  std::vector<std::pair<int64_t, type::v1::Delivery>> deliveries;
  for (const Row& row : rows) {
    type::v1::Delivery delivery;
    delivery.set_name(absl::StrCat("deliveries/", row.GetInt64(0)));
    delivery.set_method(row.GetString(1));
    delivery.set_subject(row.GetString(2));
    delivery.set_state(static_cast<type::v1::DeliveryState>(row.GetInt64(3)));
    delivery.set_attempts(static_cast<int32_t>(row.GetInt64(4)));
    delivery.set_last_error(row.GetString(5));
    SetTimestamp(row.GetTime(6), delivery.mutable_create_time());
    if (delivery.state() != type::v1::DELIVERY_STATE_DELIVERED) {
      SetTimestamp(row.GetTime(7), delivery.mutable_next_attempt_time());
    }
    SetTimestamp(row.GetTime(8), delivery.mutable_deliver_time());
    deliveries.emplace_back(row.GetInt64(0), std::move(delivery));
  }
  return deliveries;
}

absl::StatusOr<DeliveriesPage> ListDeliveriesPage(Database& db,
                                                  const std::vector<std::string>& units,
                                                  type::v1::DeliveryState state, int page_size,
                                                  absl::string_view page_token) {
  ASSIGN_OR_RETURN(const int size, PageSize(page_size, 100));
  ASSIGN_OR_RETURN(const int64_t after, NumberToken(page_token, 1));
  DeliveriesPage page;
  if (units.empty()) {
    return page;
  }
  RETURN_IF_ERROR(db.Transact([&](Transaction& tx) -> absl::Status {
    page = DeliveriesPage();
    ASSIGN_OR_RETURN(auto deliveries, ListOutbox(tx, units, state, after, size));
    for (const auto& [id, delivery] : PageOf(deliveries, size)) {
      page.deliveries.push_back(delivery);
    }
    page.next_page_token =
        NextPageToken(deliveries, size, [](const auto& last) { return absl::StrCat(last.first); });
    return absl::OkStatus();
  }));
  return page;
}

absl::StatusOr<type::v1::Delivery> RetryDelivery(Database& db,
                                                 const std::vector<std::string>& units,
                                                 absl::string_view name) {
  ASSIGN_OR_RETURN(std::vector<int64_t> ids,
                   ParseNumericName(name, "deliveries/{delivery}", "name"));
  return db.Transact<type::v1::Delivery>(
      [&](Transaction& tx) -> absl::StatusOr<type::v1::Delivery> {
        ASSIGN_OR_RETURN(std::vector<Row> rows,
                         tx.Query("SELECT unit FROM outbox WHERE id = ? FOR UPDATE", {ids[0]}));
        if (rows.empty() ||
            std::find(units.begin(), units.end(), rows[0].GetString(0)) == units.end()) {
          return absl::NotFoundError(absl::StrCat("投递 ", name, " 不存在 (delivery not found)"));
        }
        ASSIGN_OR_RETURN(bool due, MakeDueNow(tx, ids[0]));
        if (!due) {
          return absl::FailedPreconditionError(
              absl::StrCat("投递 ", name, " 已送达，无需重试 (already delivered)"));
        }
        ASSIGN_OR_RETURN(auto listed,
                         ListOutbox(tx, {rows[0].GetString(0)},
                                    type::v1::DELIVERY_STATE_UNSPECIFIED, ids[0] - 1, 1));
        return listed.at(0).second;
      });
}

absl::StatusOr<bool> MakeDueNow(Transaction& tx, int64_t id) {
  ASSIGN_OR_RETURN(int64_t changed,
                   tx.Execute("UPDATE outbox SET next_attempt_time = CURRENT_TIMESTAMP(6), "
                              "state = IF(state = ?, ?, state) WHERE id = ? AND state <> ?",
                              {static_cast<int>(type::v1::DELIVERY_STATE_PARKED),
                               static_cast<int>(type::v1::DELIVERY_STATE_FAILED_RETRYING), id,
                               static_cast<int>(type::v1::DELIVERY_STATE_DELIVERED)}));
  if (changed == 1) {
    return true;
  }
  // MariaDB counts only changed rows: a message already due now is found too.
  ASSIGN_OR_RETURN(std::vector<Row> rows, tx.Query("SELECT state FROM outbox WHERE id = ?", {id}));
  return !rows.empty() && rows[0].GetInt64(0) != type::v1::DELIVERY_STATE_DELIVERED;
}

bool IsPermanentRefusal(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kOutOfRange:
      return true;
    default:
      return false;
  }
}

absl::StatusOr<bool> DispatchOne(Database& db, const DeliverFunction& deliver, absl::Duration lease,
                                 const DeliveredHook& on_delivered, const DeliveredHook& on_failed,
                                 const ParkPolicy& park) {
  std::optional<OutboxMessage> claimed;
  absl::Status status = db.Transact([&](Transaction& tx) -> absl::Status {
    claimed.reset();
    ASSIGN_OR_RETURN(std::vector<Row> due,
                     tx.Query("SELECT id, method, subject, request_id, payload, attempts, "
                              "DATE_FORMAT(next_attempt_time, '%Y-%m-%d %H:%i:%s.%f') FROM outbox "
                              "WHERE state IN (?, ?) AND next_attempt_time <= CURRENT_TIMESTAMP(6) "
                              "ORDER BY state, next_attempt_time LIMIT 1",
                              {static_cast<int>(type::v1::DELIVERY_STATE_PENDING),
                               static_cast<int>(type::v1::DELIVERY_STATE_FAILED_RETRYING)}));
    if (due.empty()) {
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(int64_t leased, tx.Execute("UPDATE outbox SET next_attempt_time = "
                                                "CURRENT_TIMESTAMP(6) + INTERVAL ? SECOND "
                                                "WHERE id = ? AND next_attempt_time = ?",
                                                {absl::ToInt64Seconds(lease), due[0].GetInt64(0),
                                                 due[0].GetString(6)}));
    if (leased == 1) {
      claimed = OutboxMessage{due[0].GetInt64(0),  due[0].GetString(1),
                              due[0].GetString(2), due[0].GetString(3),
                              due[0].GetString(4), static_cast<int>(due[0].GetInt64(5))};
    }
    return absl::OkStatus();
  });
  if (!status.ok()) {
    return status;
  }
  if (!claimed.has_value()) {
    return false;
  }
  const absl::Status delivered = deliver(*claimed);
  const int attempts = claimed->attempts + 1;
  const int64_t backoff_seconds = std::min<int64_t>(300, int64_t{1} << std::min(attempts, 9));
  status = db.Transact([&](Transaction& tx) -> absl::Status {
    if (delivered.ok()) {
      RETURN_IF_ERROR(
          tx.Execute("UPDATE outbox SET state = ?, attempts = ?, last_error = NULL, "
                     "deliver_time = CURRENT_TIMESTAMP(6) WHERE id = ?",
                     {static_cast<int>(type::v1::DELIVERY_STATE_DELIVERED), attempts, claimed->id})
              .status());
      return on_delivered ? on_delivered(tx, *claimed) : absl::OkStatus();
    }
    // A receiver that is not built (or not configured) yet is not a failure.
    const bool not_ready = delivered.code() == absl::StatusCode::kUnimplemented;
    const bool parked =
        !not_ready && (IsPermanentRefusal(delivered) || attempts >= park.after_attempts);
    const type::v1::DeliveryState state = not_ready ? type::v1::DELIVERY_STATE_PENDING
                                          : parked  ? type::v1::DELIVERY_STATE_PARKED
                                                    : type::v1::DELIVERY_STATE_FAILED_RETRYING;
    std::string error = delivered.ToString();
    if (error.size() > 1000) {
      size_t cut = 1000;
      while (cut > 0 && (static_cast<unsigned char>(error[cut]) & 0xC0) == 0x80) --cut;
      error.resize(cut);
    }
    RETURN_IF_ERROR(
        tx.Execute("UPDATE outbox SET state = ?, attempts = ?, last_error = ?, "
                   "next_attempt_time = CURRENT_TIMESTAMP(6) + INTERVAL ? SECOND WHERE id = ?",
                   {static_cast<int>(state), attempts, error, backoff_seconds, claimed->id})
            .status());
    claimed->failure = delivered;
    if (parked) {
      LogWarning("outbox_parked", {{"id", claimed->id},
                                   {"method", claimed->method},
                                   {"subject", claimed->subject},
                                   {"attempts", attempts},
                                   {"error", error}});
      if (park.on_parked) {
        return park.on_parked(tx, *claimed);
      }
    }
    return on_failed && !not_ready ? on_failed(tx, *claimed) : absl::OkStatus();
  });
  if (!status.ok()) {
    return status;
  }
  return true;
}

OutboxDispatcher::OutboxDispatcher(Database* db, DeliverFunction deliver,
                                   absl::Duration poll_interval, DeliveredHook on_delivered,
                                   DeliveredHook on_failed, ParkPolicy park)
    : db_(db),
      deliver_(std::move(deliver)),
      poll_interval_(poll_interval),
      on_delivered_(std::move(on_delivered)),
      on_failed_(std::move(on_failed)),
      park_(std::move(park)) {}

OutboxDispatcher::~OutboxDispatcher() { Stop(); }

void OutboxDispatcher::Start(int threads) {
  for (int i = 0; i < std::max(1, threads); ++i) {
    threads_.emplace_back([this] { Run(); });
  }
}

void OutboxDispatcher::Stop() {
  stopping_ = true;
  WakeDispatchers();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

void OutboxDispatcher::Run() {
  while (!stopping_) {
    int64_t seen = 0;
    {
      absl::MutexLock lock(&wake_mu);
      seen = wake_generation;
    }
    absl::StatusOr<bool> handled =
        DispatchOne(*db_, deliver_, absl::Seconds(60), on_delivered_, on_failed_, park_);
    if (!handled.ok()) {
      LogWarning("outbox_dispatch_failed", {{"error", handled.status().ToString()}});
    }
    if (handled.ok() && *handled) {
      continue;
    }
    // Nothing due: wait for a commit that enqueued something, or the poll
    // (messages of other replicas, retries coming due).
    absl::MutexLock lock(&wake_mu);
    auto woken = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(wake_mu) {
      return stopping_.load() || wake_generation != seen;
    };
    wake_mu.AwaitWithTimeout(absl::Condition(&woken), poll_interval_);
  }
}

}  // namespace reportflow
