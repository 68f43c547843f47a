// Each service's MySQL user can use its own schema and cannot read another
// service's, on the private MariaDB of deploy/local/test, whose users are made
// by deploy/local/db exactly as for a real installation.
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/database.h"
#include "services/common/status_macros.h"
#include "services/common/status_matchers.h"
#include "tests/support/process.h"
#include "tests/support/test_db.h"

namespace reportflow {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;
using ::testing::HasSubstr;

const char* const kServices[] = {"drafting", "review", "publication"};

DatabaseConfig ServiceConfig(const std::string& service, const std::string& schema) {
  DatabaseConfig config;
  const char* socket = std::getenv("RF_TEST_DB_SOCKET");
  const char* dir = std::getenv("RF_TEST_DB_DIR");
  config.socket = socket != nullptr ? socket : "";
  config.user = "rf_" + service;
  config.password = std::string(absl::StripAsciiWhitespace(testing::ReadFileOrEmpty(
      absl::StrCat(dir != nullptr ? dir : "", "/rf_", service, ".password"))));
  config.schema = schema;
  config.max_attempts = 1;
  return config;
}

class SchemaIsolationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(std::getenv("RF_TEST_DB_DIR"), nullptr)
        << "RF_TEST_DB_DIR is not set: run through deploy/local/test";
    // A table in every service schema, made by the administrator.
    absl::StatusOr<DatabaseConfig> admin = testing::TestAdminConfig();
    ASSERT_THAT(admin, IsOk());
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(*admin);
    ASSERT_THAT(db, IsOk());
    for (const char* service : kServices) {
      ASSERT_THAT((*db)->WithConnection([&](Transaction& tx) -> absl::Status {
        RETURN_IF_ERROR(tx.ExecuteDirect(absl::StrCat("CREATE TABLE IF NOT EXISTS reportflow_",
                                                      service, ".isolation_probe (id INT)")));
        return tx.ExecuteDirect(
            absl::StrCat("INSERT INTO reportflow_", service, ".isolation_probe VALUES (1)"));
      }),
                  IsOk());
    }
  }
};

TEST_F(SchemaIsolationTest, EachServiceUserWorksInItsOwnSchema) {
  for (const char* service : kServices) {
    absl::StatusOr<std::unique_ptr<Database>> db =
        Database::Open(ServiceConfig(service, absl::StrCat("reportflow_", service)));
    ASSERT_THAT(db, IsOk()) << service;
    EXPECT_THAT((*db)->Transact([](Transaction& tx) -> absl::Status {
      RETURN_IF_ERROR(tx.Query("SELECT COUNT(*) FROM isolation_probe").status());
      return tx.Execute("INSERT INTO isolation_probe VALUES (2)").status();
    }),
                IsOk())
        << service;
  }
}

TEST_F(SchemaIsolationTest, NoServiceUserCanReadAnotherServicesSchema) {
  for (const char* service : kServices) {
    for (const char* other : kServices) {
      if (std::string(service) == other) {
        continue;
      }
      absl::StatusOr<std::unique_ptr<Database>> own =
          Database::Open(ServiceConfig(service, absl::StrCat("reportflow_", service)));
      ASSERT_THAT(own, IsOk());
      absl::Status read = (*own)->Transact([&](Transaction& tx) {
        return tx.Query(absl::StrCat("SELECT COUNT(*) FROM reportflow_", other, ".isolation_probe"))
            .status();
      });
      EXPECT_THAT(read, StatusIs(absl::StatusCode::kInternal, HasSubstr("denied")))
          << service << " reading " << other;
      EXPECT_EQ(SqlErrorNumber(read), 1142) << service << " reading " << other;

      EXPECT_THAT(Database::Open(ServiceConfig(service, absl::StrCat("reportflow_", other))),
                  StatusIs(absl::StatusCode::kUnavailable, HasSubstr("denied")))
          << service << " connecting to " << other;
    }
  }
}

}  // namespace
}  // namespace reportflow
