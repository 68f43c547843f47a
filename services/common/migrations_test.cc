#include "services/common/migrations.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(SplitSqlStatements, SplitsOnTrailingSemicolonsAndSkipsComments) {
  EXPECT_THAT(SplitSqlStatements("-- a comment\n"
                                 "CREATE TABLE a (\n"
                                 "  id INT -- inline note kept\n"
                                 ");\n"
                                 "\n"
                                 "INSERT INTO a VALUES (1);  \n"
                                 "INSERT INTO a VALUES (2)"),
              ElementsAre("CREATE TABLE a (\n  id INT -- inline note kept\n)",
                          "INSERT INTO a VALUES (1)", "INSERT INTO a VALUES (2)"));
}

TEST(SplitSqlStatements, KeepsSemicolonsInsideALine) {
  EXPECT_THAT(SplitSqlStatements("INSERT INTO t VALUES ('a;b');\n"),
              ElementsAre("INSERT INTO t VALUES ('a;b')"));
}

TEST(ParseMigrations, OrdersByVersionAndHashesContent) {
  absl::StatusOr<std::vector<Migration>> parsed =
      ParseMigrations({{"0002_add_index.sql", "CREATE INDEX i ON t (a);\n"},
                       {"0001_create.sql", "CREATE TABLE t (a INT);\n"}});
  ASSERT_THAT(parsed, IsOk());
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].version, 1);
  EXPECT_EQ((*parsed)[0].name, "0001_create.sql");
  EXPECT_EQ((*parsed)[1].version, 2);
  EXPECT_THAT((*parsed)[0].statements, ElementsAre("CREATE TABLE t (a INT)"));
  EXPECT_EQ((*parsed)[0].sha256.size(), 64u);
  EXPECT_NE((*parsed)[0].sha256, (*parsed)[1].sha256);
}

TEST(ParseMigrations, RejectsBadFilesNamingTheFileAndRule) {
  EXPECT_THAT(
      ParseMigrations({{"create.sql", "SELECT 1;"}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("create.sql: file name must be")));
  EXPECT_THAT(ParseMigrations({{"0000_zero.sql", "SELECT 1;"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("NNNN >= 0001")));
  EXPECT_THAT(ParseMigrations({{"0001_empty.sql", "-- nothing\n"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no SQL statement")));
  EXPECT_THAT(ParseMigrations({{"0001_a.sql", "SELECT 1;"}, {"0001_b.sql", "SELECT 2;"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("used by two files")));
  EXPECT_THAT(ParseMigrations({{"0001_a.sql", "SELECT 1;"}, {"0003_c.sql", "SELECT 3;"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("2 is missing")));
}

}  // namespace
}  // namespace reportflow
