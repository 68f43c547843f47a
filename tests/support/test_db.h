// Fresh MySQL schemas for database-tier tests, on the private MariaDB that
// deploy/local/test starts. It exports:
//   RF_TEST_DB_SOCKET          the server's unix socket
//   RF_TEST_DB_ADMIN_USER      a user allowed to create and drop schemas
//   RF_TEST_DB_ADMIN_PASSWORD  its password
// Each test works in its own schema, dropped when the TestSchema goes away,
// so tests never see each other's rows.
#ifndef REPORTFLOW_TESTS_SUPPORT_TEST_DB_H_
#define REPORTFLOW_TESTS_SUPPORT_TEST_DB_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/database.h"

namespace reportflow::testing {

// Connection settings of the test server's administrator, without a schema.
// FAILED_PRECONDITION naming the variable when the environment lacks one.
absl::StatusOr<DatabaseConfig> TestAdminConfig();

// A schema created for one test.
class TestSchema {
 public:
  // Creates `rf_test_<random>` on the test server.
  static absl::StatusOr<std::unique_ptr<TestSchema>> Create();
  ~TestSchema();

  // Administrator settings with `schema` set to this schema.
  const DatabaseConfig& config() const { return config_; }
  const std::string& name() const { return config_.schema; }

 private:
  explicit TestSchema(DatabaseConfig config) : config_(std::move(config)) {}
  DatabaseConfig config_;
};

}  // namespace reportflow::testing

#endif  // REPORTFLOW_TESTS_SUPPORT_TEST_DB_H_
