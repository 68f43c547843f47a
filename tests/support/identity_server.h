// The identity service in-process for tests that need signed-in people: a
// real server on the test MariaDB, signing with the harness's key (so every
// in-process server verifies its tokens), with fast password hashes.
#ifndef REPORTFLOW_TESTS_SUPPORT_IDENTITY_SERVER_H_
#define REPORTFLOW_TESTS_SUPPORT_IDENTITY_SERVER_H_

#include <memory>

#include "services/common/database.h"
#include "services/common/server.h"
#include "tests/support/in_process.h"

namespace reportflow::testing {

// identity-server on `db` (migrated), started by `servers`.
std::unique_ptr<RunningServer> StartIdentityServer(const InProcessServers& servers, Database* db);

}  // namespace reportflow::testing

#endif  // REPORTFLOW_TESTS_SUPPORT_IDENTITY_SERVER_H_
