// Database-tier tests of the pool and transaction runner, against the private
// MariaDB started by deploy/local/test.
#include <atomic>
#include <chrono>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/database.h"
#include "services/common/status_macros.h"
#include "services/common/status_matchers.h"
#include "tests/support/test_db.h"

namespace reportflow {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::IsOkAndHolds;
using ::reportflow::testing::StatusIs;
using ::reportflow::testing::TestSchema;
using ::testing::HasSubstr;

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestSchema>> schema = TestSchema::Create();
    ASSERT_THAT(schema, IsOk());
    schema_ = *std::move(schema);
    db_ = OpenDb(schema_->config());
    ASSERT_NE(db_, nullptr);
    ASSERT_THAT(db_->WithConnection([](Transaction& tx) -> absl::Status {
      RETURN_IF_ERROR(
          tx.ExecuteDirect("CREATE TABLE accounts (id INT PRIMARY KEY, owner VARCHAR(64) NOT NULL, "
                           "balance INT NOT NULL) ENGINE=InnoDB"));
      RETURN_IF_ERROR(
          tx.ExecuteDirect("CREATE TABLE transfers (id INT PRIMARY KEY, account_id INT NOT NULL, "
                           "FOREIGN KEY (account_id) REFERENCES accounts (id)) ENGINE=InnoDB"));
      return tx.ExecuteDirect("INSERT INTO accounts VALUES (1, '张伟', 100), (2, '李娜', 100)");
    }),
                IsOk());
  }

  static std::unique_ptr<Database> OpenDb(DatabaseConfig config, int max_attempts = 5,
                                          int max_connections = 4) {
    config.max_attempts = max_attempts;
    config.max_connections = max_connections;
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(config);
    EXPECT_THAT(db, IsOk());
    return db.ok() ? *std::move(db) : nullptr;
  }

  int64_t Balance(int id) {
    absl::StatusOr<int64_t> balance =
        db_->Transact<int64_t>([&](Transaction& tx) -> absl::StatusOr<int64_t> {
          ASSIGN_OR_RETURN(std::vector<Row> rows,
                           tx.Query("SELECT balance FROM accounts WHERE id = ?", {id}));
          return rows.at(0).GetInt64(0);
        });
    EXPECT_THAT(balance, IsOk());
    return balance.ok() ? *balance : -1;
  }

  std::unique_ptr<TestSchema> schema_;
  std::unique_ptr<Database> db_;
};

TEST_F(DatabaseTest, QueryReturnsTypedRowsAndNulls) {
  absl::StatusOr<std::vector<Row>> rows;
  ASSERT_THAT(db_->Transact([&](Transaction& tx) -> absl::Status {
    rows = tx.Query("SELECT id, owner, NULL FROM accounts WHERE balance >= ? ORDER BY id", {50});
    return rows.status();
  }),
              IsOk());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].GetInt64(0), 1);
  EXPECT_EQ((*rows)[0].GetString(1), "张伟");
  EXPECT_TRUE((*rows)[0].IsNull(2));
  EXPECT_EQ((*rows)[1].GetString(1), "李娜");
}

TEST_F(DatabaseTest, DuplicateKeyIsAlreadyExistsAndNothingIsHalfWritten) {
  absl::Status status = db_->Transact([](Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(tx.Execute("UPDATE accounts SET balance = balance - 10 WHERE id = 1").status());
    return tx.Execute("INSERT INTO accounts VALUES (?, ?, ?)", {2, "王芳", 0}).status();
  });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("duplicate")));
  EXPECT_EQ(SqlErrorNumber(status), 1062);
  EXPECT_EQ(Balance(1), 100) << "the UPDATE before the failure must be rolled back";
}

TEST_F(DatabaseTest, ForeignKeyViolationIsFailedPrecondition) {
  absl::Status status = db_->Transact(
      [](Transaction& tx) { return tx.Execute("INSERT INTO transfers VALUES (1, 99)").status(); });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(SqlErrorNumber(status), 1452);
}

TEST_F(DatabaseTest, OtherErrorsAreInternalWithTheServerMessage) {
  absl::Status status = db_->Transact(
      [](Transaction& tx) { return tx.Query("SELECT * FROM no_such_table").status(); });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInternal, HasSubstr("no_such_table")));
  EXPECT_EQ(SqlErrorNumber(status), 1146);
}

TEST_F(DatabaseTest, BodyErrorRollsBackAndIsNotRetried) {
  int attempts = 0;
  absl::Status status = db_->Transact([&](Transaction& tx) -> absl::Status {
    ++attempts;
    RETURN_IF_ERROR(tx.Execute("UPDATE accounts SET balance = 0 WHERE id = 2").status());
    return absl::AbortedError("stale etag");  // a business ABORTED, not a deadlock
  });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kAborted, "stale etag"));
  EXPECT_EQ(attempts, 1);
  EXPECT_EQ(Balance(2), 100);
}

TEST_F(DatabaseTest, TransactReturnsTheBodysValue) {
  EXPECT_THAT(db_->Transact<int64_t>([](Transaction& tx) {
    return tx.Execute("UPDATE accounts SET balance = balance + 1");
  }),
              IsOkAndHolds(2));
  EXPECT_EQ(Balance(1), 101);
}

TEST_F(DatabaseTest, InducedDeadlockIsRetriedAndBothTransfersLandOnce) {
  std::atomic<int> locked_first{0};
  std::atomic<int> attempts{0};
  auto transfer = [&](int from, int to) {
    bool first_attempt = true;
    return db_->Transact([&](Transaction& tx) -> absl::Status {
      ++attempts;
      RETURN_IF_ERROR(
          tx.Query("SELECT balance FROM accounts WHERE id = ? FOR UPDATE", {from}).status());
      if (first_attempt) {
        first_attempt = false;
        ++locked_first;
        // Both transactions now hold their first row: each asks for the
        // other's, and InnoDB must kill one of them (1213).
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (locked_first.load() < 2 && std::chrono::steady_clock::now() < deadline) {
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
      }
      RETURN_IF_ERROR(
          tx.Query("SELECT balance FROM accounts WHERE id = ? FOR UPDATE", {to}).status());
      RETURN_IF_ERROR(
          tx.Execute("UPDATE accounts SET balance = balance - 10 WHERE id = ?", {from}).status());
      return tx.Execute("UPDATE accounts SET balance = balance + 10 WHERE id = ?", {to}).status();
    });
  };
  absl::Status a;
  absl::Status b;
  std::thread one([&] { a = transfer(1, 2); });
  std::thread two([&] { b = transfer(2, 1); });
  one.join();
  two.join();
  EXPECT_THAT(a, IsOk());
  EXPECT_THAT(b, IsOk());
  EXPECT_EQ(attempts.load(), 3) << "exactly one of the two was rolled back and retried";
  EXPECT_EQ(Balance(1), 100);
  EXPECT_EQ(Balance(2), 100);
}

TEST_F(DatabaseTest, LockWaitTimeoutIsRetriedUntilTheLockIsFree) {
  std::atomic<bool> holding{false};
  std::thread holder([&] {
    ASSERT_THAT(db_->Transact([&](Transaction& tx) -> absl::Status {
      RETURN_IF_ERROR(tx.Query("SELECT id FROM accounts WHERE id = 1 FOR UPDATE").status());
      holding = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      return absl::OkStatus();
    }),
                IsOk());
  });
  while (!holding) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  int attempts = 0;
  absl::Status waiter = db_->Transact([&](Transaction& tx) -> absl::Status {
    ++attempts;
    RETURN_IF_ERROR(tx.ExecuteDirect("SET SESSION innodb_lock_wait_timeout = 1"));
    return tx.Execute("UPDATE accounts SET balance = 7 WHERE id = 1").status();
  });
  holder.join();
  EXPECT_THAT(waiter, IsOk());
  EXPECT_GE(attempts, 2);
  EXPECT_EQ(Balance(1), 7);
}

TEST_F(DatabaseTest, RetriesAreBounded) {
  std::unique_ptr<Database> impatient = OpenDb(schema_->config(), /*max_attempts=*/2);
  std::atomic<bool> holding{false};
  std::atomic<bool> release{false};
  std::thread holder([&] {
    ASSERT_THAT(db_->Transact([&](Transaction& tx) -> absl::Status {
      RETURN_IF_ERROR(tx.Query("SELECT id FROM accounts WHERE id = 2 FOR UPDATE").status());
      holding = true;
      while (!release) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      return absl::OkStatus();
    }),
                IsOk());
  });
  while (!holding) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  int attempts = 0;
  absl::Status status = impatient->Transact([&](Transaction& tx) -> absl::Status {
    ++attempts;
    RETURN_IF_ERROR(tx.ExecuteDirect("SET SESSION innodb_lock_wait_timeout = 1"));
    return tx.Execute("UPDATE accounts SET balance = 0 WHERE id = 2").status();
  });
  release = true;
  holder.join();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kAborted, HasSubstr("retry")));
  EXPECT_EQ(SqlErrorNumber(status), 1205);
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(Balance(2), 100);
}

TEST_F(DatabaseTest, KilledConnectionIsReestablished) {
  std::unique_ptr<Database> single = OpenDb(schema_->config(), 5, /*max_connections=*/1);
  auto connection_id = [&](int* attempts) {
    return single->Transact<int64_t>([&](Transaction& tx) -> absl::StatusOr<int64_t> {
      ++*attempts;
      ASSIGN_OR_RETURN(std::vector<Row> rows, tx.Query("SELECT CONNECTION_ID()"));
      return rows.at(0).GetInt64(0);
    });
  };
  int attempts = 0;
  absl::StatusOr<int64_t> before = connection_id(&attempts);
  ASSERT_THAT(before, IsOk());
  ASSERT_THAT(db_->WithConnection([&](Transaction& tx) {
    return tx.ExecuteDirect("KILL CONNECTION " + std::to_string(*before));
  }),
              IsOk());
  attempts = 0;
  absl::StatusOr<int64_t> after = connection_id(&attempts);
  ASSERT_THAT(after, IsOk());
  EXPECT_NE(*after, *before);
  EXPECT_EQ(attempts, 2)
      << "the body's first statement meets the dead connection; the rerun gets a new one";
  EXPECT_EQ(single->open_connections(), 1);
}

TEST_F(DatabaseTest, ConnectionLostInsideTheBodyIsRetriedOnANewConnection) {
  std::unique_ptr<Database> single = OpenDb(schema_->config(), 5, /*max_connections=*/1);
  int attempts = 0;
  absl::Status status = single->Transact([&](Transaction& tx) -> absl::Status {
    ++attempts;
    ASSIGN_OR_RETURN(std::vector<Row> rows, tx.Query("SELECT CONNECTION_ID()"));
    if (attempts == 1) {
      // Another session kills this one mid-transaction.
      RETURN_IF_ERROR(db_->WithConnection([&](Transaction& admin) {
        return admin.ExecuteDirect("KILL CONNECTION " + rows.at(0).GetString(0));
      }));
    }
    return tx.Execute("UPDATE accounts SET balance = balance + 1 WHERE id = 1").status();
  });
  EXPECT_THAT(status, IsOk());
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(Balance(1), 101) << "applied exactly once";
}

TEST_F(DatabaseTest, ExecuteDirectDropsRowsSoTheConnectionStaysUsable) {
  EXPECT_THAT(db_->WithConnection([](Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(tx.ExecuteDirect("ANALYZE TABLE accounts"));
    RETURN_IF_ERROR(tx.ExecuteDirect("SELECT 1"));
    return tx.Query("SELECT COUNT(*) FROM accounts").status();
  }),
              IsOk());
}

TEST_F(DatabaseTest, UnreachableServerIsUnavailable) {
  DatabaseConfig config = schema_->config();
  config.socket = "/nonexistent/mysqld.sock";
  EXPECT_THAT(Database::Open(config), StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(DatabaseTest, WrongPasswordIsUnavailableNamingTheUser) {
  DatabaseConfig config = schema_->config();
  config.password = "wrong";
  EXPECT_THAT(Database::Open(config),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr(config.user)));
}

}  // namespace
}  // namespace reportflow
