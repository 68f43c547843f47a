// Service-tier tests: real gRPC servers started in-process on port 0, with a
// token issuer of their own, and databases with a service's migrations.
//
//   class MyTest : public ::testing::Test, protected testing::InProcessServers {
//     void SetUp() override {
//       server_ = Start("drafting", [&](const CallerRegistry& callers) { ... });
//       stub_ = v1::DraftingService::NewStub(Channel(*server_));
//     }
//   };
//   stub_->GetReport(As("u-zhangwei", "张伟", {"drafter"}, {"unit-a"}).get(), ...);
#ifndef REPORTFLOW_TESTS_SUPPORT_IN_PROCESS_H_
#define REPORTFLOW_TESTS_SUPPORT_IN_PROCESS_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "embedded/embedded_file.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "services/common/auth.h"
#include "services/common/database.h"
#include "services/common/server.h"
#include "tests/support/test_db.h"

namespace reportflow::testing {

// `schema` opened with the given migrations applied (test failures if not).
std::unique_ptr<Database> OpenMigrated(const TestSchema& schema,
                                       const std::vector<EmbeddedFile>& migrations);

class InProcessServers {
 public:
  using MakeServices =
      std::function<std::vector<std::unique_ptr<grpc::Service>>(const CallerRegistry&)>;

  // Makes the ES256 key pair tokens are issued and verified with.
  InProcessServers();

  // A server named `name` (for logs) on 127.0.0.1:0, plaintext, verifying
  // tokens issued by Token().
  // `open_methods` answer without a token (ServerOptions::open_methods).
  std::unique_ptr<RunningServer> Start(const std::string& name, const MakeServices& make,
                                       std::vector<std::string> open_methods = {}) const;
  // A plaintext channel to `server`.
  static std::shared_ptr<grpc::Channel> Channel(const RunningServer& server);
  // A token for the caller, valid for an hour.
  std::string Token(const std::string& user, const std::string& name,
                    std::vector<std::string> roles, std::vector<std::string> units) const;
  // Servers started after this resolve signed-in people's roles through
  // `directory` (the identity service).
  void UseDirectory(std::shared_ptr<DirectoryResolver> directory) {
    directory_ = std::move(directory);
  }
  // The private key Token() signs with (the identity service signs its
  // access tokens with it in tests, so every server verifies them).
  const std::string& private_key() const { return private_key_; }
  // A client context carrying that token and a 30-second deadline.
  std::unique_ptr<grpc::ClientContext> As(const std::string& user, const std::string& name,
                                          std::vector<std::string> roles,
                                          std::vector<std::string> units) const;

 private:
  std::string private_key_;
  std::shared_ptr<const TokenVerifier> verifier_;
  std::shared_ptr<DirectoryResolver> directory_;
};

}  // namespace reportflow::testing

#endif  // REPORTFLOW_TESTS_SUPPORT_IN_PROCESS_H_
