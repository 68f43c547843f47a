// The identity service in-process for tests that need signed-in people: a
// real server on the test MariaDB, signing with the harness's key (so every
// in-process server verifies its tokens), with fast password hashes.
#ifndef REPORTFLOW_TESTS_SUPPORT_IDENTITY_SERVER_H_
#define REPORTFLOW_TESTS_SUPPORT_IDENTITY_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "services/common/database.h"
#include "services/common/server.h"
#include "tests/support/in_process.h"

namespace reportflow::testing {

// identity-server on `db` (migrated), started by `servers`.
std::unique_ptr<RunningServer> StartIdentityServer(const InProcessServers& servers, Database* db);

// A unit to create: its id, display name, parent ("" for a root), kind.
struct SeedUnit {
  std::string id;
  std::string display_name;
  std::string parent;
  bool region = false;
};
// A person to create with one role at a unit (and an e-mail, if given).
struct SeedPerson {
  std::string id;
  std::string display_name;
  std::string unit;
  std::string role;
  std::string email;
};
// Creates `units` then `people` in `identity` as the bootstrap
// administrator (test failures if any call fails).
void SeedDirectory(const InProcessServers& servers, const RunningServer& identity,
                   const std::vector<SeedUnit>& units, const std::vector<SeedPerson>& people);

}  // namespace reportflow::testing

#endif  // REPORTFLOW_TESTS_SUPPORT_IDENTITY_SERVER_H_
