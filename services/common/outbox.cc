#include "services/common/outbox.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "services/common/status_macros.h"

namespace reportflow {
namespace {

void SetTime(const Row& row, size_t column, google::protobuf::Timestamp* timestamp) {
  absl::Time time;
  std::string error;
  if (!row.IsNull(column) && absl::ParseTime("%Y-%m-%d %H:%M:%E*S", row.GetString(column),
                                             absl::UTCTimeZone(), &time, &error)) {
    timestamp->set_seconds(absl::ToUnixSeconds(time));
  }
}

}  // namespace

absl::Status EnqueueMessage(Transaction& tx, const OutgoingMessage& message) {
  ASSIGN_OR_RETURN(std::vector<Row> existing,
                   tx.Query("SELECT id FROM outbox WHERE method = ? AND request_id = ?",
                            {message.method, message.request_id}));
  if (!existing.empty()) {
    return absl::OkStatus();
  }
  return tx
      .Execute(
          "INSERT INTO outbox (unit, method, subject, request_id, payload, state) "
          "VALUES (?, ?, ?, ?, ?, ?)",
          {message.unit, message.method, message.subject, message.request_id, message.payload,
           static_cast<int>(type::v1::DELIVERY_STATE_PENDING)})
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
    SetTime(row, 6, delivery.mutable_create_time());
    if (delivery.state() != type::v1::DELIVERY_STATE_DELIVERED) {
      SetTime(row, 7, delivery.mutable_next_attempt_time());
    }
    SetTime(row, 8, delivery.mutable_deliver_time());
    deliveries.emplace_back(row.GetInt64(0), std::move(delivery));
  }
  return deliveries;
}

}  // namespace reportflow
