// Database-tier tests of the migration runner, against the private MariaDB
// started by deploy/local/test.
#include <algorithm>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/migrations.h"
#include "services/common/status_macros.h"
#include "services/common/status_matchers.h"
#include "tests/support/test_db.h"

namespace reportflow {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;
using ::reportflow::testing::TestSchema;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Migrations whose effects betray a double application: 0002 and 0003 each
// insert one row, and 0001 sleeps so that racing runners overlap.
std::vector<EmbeddedFile> Files() {
  return {
      {"0001_create.sql",
       "CREATE TABLE IF NOT EXISTS applied_log (version INT NOT NULL, note VARCHAR(32)) "
       "ENGINE=InnoDB;\n"
       "DO SLEEP(0.3);\n"},
      {"0002_first_row.sql", "INSERT INTO applied_log VALUES (2, '二');\n"},
      {"0003_second_row.sql",
       "-- a comment line\n"
       "INSERT INTO applied_log VALUES (3, '三');\n"},
  };
}

std::vector<Migration> Parsed(const std::vector<EmbeddedFile>& files) {
  absl::StatusOr<std::vector<Migration>> parsed = ParseMigrations(files);
  EXPECT_THAT(parsed, IsOk());
  return parsed.ok() ? *parsed : std::vector<Migration>{};
}

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestSchema>> schema = TestSchema::Create();
    ASSERT_THAT(schema, IsOk());
    schema_ = *std::move(schema);
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(schema_->config());
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
  }

  int64_t Count(const std::string& table) {
    absl::StatusOr<int64_t> count =
        db_->Transact<int64_t>([&](Transaction& tx) -> absl::StatusOr<int64_t> {
          ASSIGN_OR_RETURN(std::vector<Row> rows, tx.Query("SELECT COUNT(*) FROM " + table));
          return rows.at(0).GetInt64(0);
        });
    EXPECT_THAT(count, IsOk());
    return count.ok() ? *count : -1;
  }

  std::unique_ptr<TestSchema> schema_;
  std::unique_ptr<Database> db_;
};

TEST_F(MigrationsTest, AppliesPendingOnceAndRecordsThem) {
  absl::StatusOr<MigrationReport> first = ApplyMigrations(*db_, Parsed(Files()));
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(first->applied, ElementsAre(1, 2, 3));
  EXPECT_EQ(first->current_version, 3);

  absl::StatusOr<MigrationReport> second = ApplyMigrations(*db_, Parsed(Files()));
  ASSERT_THAT(second, IsOk());
  EXPECT_THAT(second->applied, IsEmpty());
  EXPECT_EQ(second->current_version, 3);
  EXPECT_EQ(Count("applied_log"), 2);
  EXPECT_EQ(Count("schema_migrations"), 3);
}

TEST_F(MigrationsTest, AppliesOnlyTheNewOnes) {
  std::vector<EmbeddedFile> files = Files();
  files.pop_back();
  ASSERT_THAT(ApplyMigrations(*db_, Parsed(files)), IsOk());
  absl::StatusOr<MigrationReport> upgrade = ApplyMigrations(*db_, Parsed(Files()));
  ASSERT_THAT(upgrade, IsOk());
  EXPECT_THAT(upgrade->applied, ElementsAre(3));
  EXPECT_EQ(Count("applied_log"), 2);
}

TEST_F(MigrationsTest, ConcurrentRunnersApplyEachMigrationOnce) {
  constexpr int kRunners = 4;
  std::vector<absl::StatusOr<MigrationReport>> reports(kRunners, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kRunners; ++i) {
    threads.emplace_back([&, i] {
      // Each runner has its own pool, as two replicas would.
      absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(schema_->config());
      if (!db.ok()) {
        reports[i] = db.status();
        return;
      }
      reports[i] = ApplyMigrations(**db, Parsed(Files()));
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  std::vector<int> all_applied;
  for (const auto& report : reports) {
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->current_version, 3);
    all_applied.insert(all_applied.end(), report->applied.begin(), report->applied.end());
  }
  std::sort(all_applied.begin(), all_applied.end());
  EXPECT_THAT(all_applied, ElementsAre(1, 2, 3)) << "every version applied by exactly one runner";
  EXPECT_EQ(Count("applied_log"), 2);
  EXPECT_EQ(Count("schema_migrations"), 3);
}

TEST_F(MigrationsTest, ChangedMigrationStopsTheRunner) {
  ASSERT_THAT(ApplyMigrations(*db_, Parsed(Files())), IsOk());
  std::vector<EmbeddedFile> edited = Files();
  edited[1].content = "INSERT INTO applied_log VALUES (2, 'edited');\n";
  EXPECT_THAT(ApplyMigrations(*db_, Parsed(edited)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("0002_first_row.sql changed after it was applied")));
  EXPECT_EQ(Count("applied_log"), 2);
}

TEST_F(MigrationsTest, OlderBinaryRefusesNewerSchema) {
  ASSERT_THAT(ApplyMigrations(*db_, Parsed(Files())), IsOk());
  std::vector<EmbeddedFile> older = Files();
  older.pop_back();
  EXPECT_THAT(ApplyMigrations(*db_, Parsed(older)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("newer binary")));
}

TEST_F(MigrationsTest, FailingMigrationIsNamedAndNotRecorded) {
  std::vector<EmbeddedFile> files = Files();
  files.push_back({"0004_broken.sql", "INSERT INTO missing_table VALUES (1);\n"});
  absl::StatusOr<MigrationReport> report = ApplyMigrations(*db_, Parsed(files));
  EXPECT_THAT(report, StatusIs(absl::StatusCode::kInternal, HasSubstr("0004_broken.sql")));
  EXPECT_EQ(Count("schema_migrations"), 3);
  // The lock was released: a fixed file applies.
  files.back().content = "CREATE TABLE missing_table (id INT);\n";
  absl::StatusOr<MigrationReport> fixed = ApplyMigrations(*db_, Parsed(files));
  ASSERT_THAT(fixed, IsOk());
  EXPECT_THAT(fixed->applied, ElementsAre(4));
}

}  // namespace
}  // namespace reportflow
