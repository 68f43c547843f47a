#include "tests/support/in_process.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "services/common/migrations.h"

namespace reportflow::testing {

std::unique_ptr<Database> OpenMigrated(const TestSchema& schema,
                                       const std::vector<EmbeddedFile>& migrations) {
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(schema.config());
  EXPECT_TRUE(db.ok()) << db.status();
  if (!db.ok()) return nullptr;
  absl::StatusOr<std::vector<Migration>> parsed = ParseMigrations(migrations);
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  if (parsed.ok()) {
    const absl::Status applied = ApplyMigrations(**db, *parsed).status();
    EXPECT_TRUE(applied.ok()) << applied;
  }
  return *std::move(db);
}

InProcessServers::InProcessServers() {
  absl::StatusOr<KeyPair> keys = GenerateSigningKeyPair();
  EXPECT_TRUE(keys.ok()) << keys.status();
  private_key_ = keys->private_key_pem;
  absl::StatusOr<TokenVerifier> verifier = TokenVerifier::Create(keys->public_key_pem);
  EXPECT_TRUE(verifier.ok()) << verifier.status();
  verifier_ = std::make_shared<const TokenVerifier>(*std::move(verifier));
}

std::unique_ptr<RunningServer> InProcessServers::Start(
    const std::string& name, const MakeServices& make,
    std::vector<std::string> open_methods) const {
  ServerOptions options;
  options.open_methods = std::move(open_methods);
  options.directory = directory_;
  options.name = name;
  options.verifier = verifier_;
  // Plaintext in-process servers: the tests' service tokens stand alone
  // (the security suite checks the mutual-TLS rule on TLS servers).
  options.plaintext_service_claims = true;
  absl::StatusOr<std::unique_ptr<RunningServer>> server = StartServer(options, make);
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? *std::move(server) : nullptr;
}

std::shared_ptr<grpc::Channel> InProcessServers::Channel(const RunningServer& server) {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", server.port()),
                             grpc::InsecureChannelCredentials());
}

std::string InProcessServers::Token(const std::string& user, const std::string& name,
                                    std::vector<std::string> roles,
                                    std::vector<std::string> units) const {
  absl::StatusOr<std::string> token = IssueToken(
      private_key_, {user, name, std::move(roles), std::move(units)}, absl::Now(), absl::Hours(1));
  EXPECT_TRUE(token.ok()) << token.status();
  return token.value_or("");
}

std::unique_ptr<grpc::ClientContext> InProcessServers::As(const std::string& user,
                                                          const std::string& name,
                                                          std::vector<std::string> roles,
                                                          std::vector<std::string> units) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  context->AddMetadata("authorization",
                       "Bearer " + Token(user, name, std::move(roles), std::move(units)));
  return context;
}

}  // namespace reportflow::testing
