#include "tests/support/test_db.h"

#include <cstdlib>
#include <random>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"

namespace reportflow::testing {
namespace {

absl::StatusOr<std::string> Env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return absl::FailedPreconditionError(
        absl::StrCat(name,
                     " is not set: run database tests through deploy/local/test, "
                     "which starts the test MariaDB"));
  }
  return std::string(value);
}

absl::Status ExecuteAsAdmin(const std::string& statement) {
  ASSIGN_OR_RETURN(DatabaseConfig admin, TestAdminConfig());
  admin.max_connections = 1;
  ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(admin));
  return db->WithConnection([&](Transaction& tx) { return tx.ExecuteDirect(statement); });
}

}  // namespace

absl::StatusOr<DatabaseConfig> TestAdminConfig() {
  DatabaseConfig config;
  ASSIGN_OR_RETURN(config.socket, Env("RF_TEST_DB_SOCKET"));
  ASSIGN_OR_RETURN(config.user, Env("RF_TEST_DB_ADMIN_USER"));
  ASSIGN_OR_RETURN(config.password, Env("RF_TEST_DB_ADMIN_PASSWORD"));
  return config;
}

absl::StatusOr<std::unique_ptr<TestSchema>> TestSchema::Create() {
  std::random_device random;
  const std::string name = absl::StrCat("rf_test_", random(), "_", random() % 100000);
  RETURN_IF_ERROR(ExecuteAsAdmin(
      absl::StrCat("CREATE DATABASE `", name, "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")));
  ASSIGN_OR_RETURN(DatabaseConfig config, TestAdminConfig());
  config.schema = name;
  return std::unique_ptr<TestSchema>(new TestSchema(std::move(config)));
}

TestSchema::~TestSchema() {
  // Best effort: the whole test server is thrown away after the run anyway.
  (void)ExecuteAsAdmin(absl::StrCat("DROP DATABASE IF EXISTS `", config_.schema, "`"));
}

}  // namespace reportflow::testing
