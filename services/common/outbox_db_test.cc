// Database-tier tests of the outbox dispatcher on the private MariaDB.
#include <atomic>
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/outbox.h"
#include "services/common/status_macros.h"
#include "services/common/status_matchers.h"
#include "tests/support/test_db.h"

namespace reportflow {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::IsOkAndHolds;
using ::reportflow::testing::TestSchema;
using ::testing::HasSubstr;

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestSchema>> schema = TestSchema::Create();
    ASSERT_THAT(schema, IsOk());
    schema_ = *std::move(schema);
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(schema_->config());
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    // The shape outbox.h documents (as in services/drafting/migrations/0004).
    ASSERT_THAT(db_->WithConnection([](Transaction& tx) {
      return tx.ExecuteDirect(
          "CREATE TABLE outbox (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
          "unit VARCHAR(128) NOT NULL, method VARCHAR(160) NOT NULL, subject VARCHAR(255) NOT "
          "NULL, "
          "request_id VARCHAR(64) NOT NULL, payload LONGBLOB NOT NULL, state TINYINT NOT NULL, "
          "attempts INT NOT NULL DEFAULT 0, last_error TEXT NULL, "
          "create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), "
          "next_attempt_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), "
          "deliver_time TIMESTAMP(6) NULL, UNIQUE KEY uq_outbox_request (method, request_id), "
          "KEY idx_outbox_due (state, next_attempt_time), KEY idx_outbox_unit (unit, id)) "
          "ENGINE=InnoDB");
    }),
                IsOk());
  }

  void Enqueue(int n) {
    ASSERT_THAT(db_->Transact([&](Transaction& tx) -> absl::Status {
      for (int i = 0; i < n; ++i) {
        RETURN_IF_ERROR(EnqueueMessage(
            tx, {"unit-a", "svc.Receiver/Take", absl::StrCat("reports/r-1/versions/", i + 1),
                 absl::StrCat("request-", i), absl::StrCat("payload-", i)}));
      }
      return absl::OkStatus();
    }),
                IsOk());
  }

  type::v1::Delivery Only() {
    auto listed =
        db_->Transact<std::vector<std::pair<int64_t, type::v1::Delivery>>>([](Transaction& tx) {
          return ListOutbox(tx, {"unit-a"}, type::v1::DELIVERY_STATE_UNSPECIFIED, 0, 10);
        });
    EXPECT_THAT(listed, IsOk());
    EXPECT_EQ(listed->size(), 1u);
    return listed->empty() ? type::v1::Delivery() : listed->at(0).second;
  }

  std::unique_ptr<TestSchema> schema_;
  std::unique_ptr<Database> db_;
};

TEST_F(OutboxTest, EnqueueKeepsOneMessagePerRequestId) {
  Enqueue(1);
  Enqueue(1);
  EXPECT_EQ(Only().subject(), "reports/r-1/versions/1");
}

TEST_F(OutboxTest, ADeliveredMessageIsDeliveredOnce) {
  Enqueue(1);
  std::vector<std::string> payloads;
  auto deliver = [&](const OutboxMessage& message) {
    payloads.push_back(message.payload);
    EXPECT_EQ(message.request_id, "request-0");
    return absl::OkStatus();
  };
  EXPECT_THAT(DispatchOne(*db_, deliver), IsOkAndHolds(true));
  EXPECT_THAT(DispatchOne(*db_, deliver), IsOkAndHolds(false)) << "nothing left";
  EXPECT_THAT(payloads, ::testing::ElementsAre("payload-0"));
  const type::v1::Delivery delivery = Only();
  EXPECT_EQ(delivery.state(), type::v1::DELIVERY_STATE_DELIVERED);
  EXPECT_EQ(delivery.attempts(), 1);
  EXPECT_GT(delivery.deliver_time().seconds(), 0);
}

TEST_F(OutboxTest, AReceiverNotBuiltYetLeavesItPendingAndVisible) {
  Enqueue(1);
  EXPECT_THAT(
      DispatchOne(*db_,
                  [](const OutboxMessage&) {
                    return absl::UnimplementedError("ReviewService/StartReview is not implemented");
                  }),
      IsOkAndHolds(true));
  const type::v1::Delivery delivery = Only();
  EXPECT_EQ(delivery.state(), type::v1::DELIVERY_STATE_PENDING) << "not failed";
  EXPECT_EQ(delivery.attempts(), 1);
  EXPECT_THAT(delivery.last_error(), HasSubstr("not implemented"));
  EXPECT_GT(delivery.next_attempt_time().seconds(), absl::ToUnixSeconds(absl::Now()))
      << "retried later";
  EXPECT_THAT(DispatchOne(*db_, [](const OutboxMessage&) { return absl::OkStatus(); }),
              IsOkAndHolds(false))
      << "not due again before its backoff";
}

TEST_F(OutboxTest, AFailingReceiverIsRetriedWithBackoffUntilItAccepts) {
  Enqueue(1);
  EXPECT_THAT(
      DispatchOne(
          *db_, [](const OutboxMessage&) { return absl::UnavailableError("connection refused"); }),
      IsOkAndHolds(true));
  type::v1::Delivery delivery = Only();
  EXPECT_EQ(delivery.state(), type::v1::DELIVERY_STATE_FAILED_RETRYING);
  EXPECT_THAT(delivery.last_error(), HasSubstr("connection refused"));
  // Make it due now, as the clock would after the backoff.
  ASSERT_THAT(db_->Transact([](Transaction& tx) {
    return tx.Execute("UPDATE outbox SET next_attempt_time = CURRENT_TIMESTAMP(6)").status();
  }),
              IsOk());
  int seen_attempts = -1;
  EXPECT_THAT(DispatchOne(*db_,
                          [&](const OutboxMessage& message) {
                            seen_attempts = message.attempts;
                            return absl::OkStatus();
                          }),
              IsOkAndHolds(true));
  EXPECT_EQ(seen_attempts, 1);
  delivery = Only();
  EXPECT_EQ(delivery.state(), type::v1::DELIVERY_STATE_DELIVERED);
  EXPECT_EQ(delivery.attempts(), 2);
  EXPECT_EQ(delivery.last_error(), "");
}

TEST_F(OutboxTest, RacingDispatchersDeliverEachMessageExactlyOnce) {
  constexpr int kMessages = 30;
  Enqueue(kMessages);
  absl::Mutex mu;
  std::map<std::string, int> deliveries;
  auto deliver = [&](const OutboxMessage& message) {
    absl::MutexLock lock(&mu);
    ++deliveries[message.request_id];
    return absl::OkStatus();
  };
  std::vector<std::thread> replicas;
  for (int r = 0; r < 3; ++r) {
    replicas.emplace_back([&] {
      // Each replica has its own pool, as separate processes would.
      absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(schema_->config());
      ASSERT_THAT(db, IsOk());
      for (int idle = 0; idle < 5;) {
        absl::StatusOr<bool> handled = DispatchOne(**db, deliver);
        ASSERT_THAT(handled, IsOk());
        idle = *handled ? 0 : idle + 1;
      }
    });
  }
  for (std::thread& replica : replicas) {
    replica.join();
  }
  ASSERT_EQ(deliveries.size(), static_cast<size_t>(kMessages));
  for (const auto& [request_id, count] : deliveries) {
    EXPECT_EQ(count, 1) << request_id;
  }
}

TEST_F(OutboxTest, TheDispatcherThreadDeliversAndStops) {
  Enqueue(3);
  std::atomic<int> delivered{0};
  OutboxDispatcher dispatcher(
      db_.get(),
      [&](const OutboxMessage&) {
        ++delivered;
        return absl::OkStatus();
      },
      absl::Milliseconds(20));
  dispatcher.Start();
  for (int i = 0; i < 200 && delivered < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  dispatcher.Stop();
  EXPECT_EQ(delivered.load(), 3);
}

}  // namespace
}  // namespace reportflow
