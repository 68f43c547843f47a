// End-to-end tests of the three server executables as separate processes, on
// the private MariaDB of deploy/local/test: start, health, reflection-free
// authentication through a real server, one log line per request, migrations
// applied once by concurrent replicas, graceful stop on SIGTERM.
#include <signal.h>

#include <functional>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "reportflow/drafting/v1/drafting.grpc.pb.h"
#include "reportflow/publication/v1/publication.grpc.pb.h"
#include "reportflow/review/v1/review.grpc.pb.h"
#include "services/common/auth.h"
#include "services/common/signing.h"
#include "services/common/status_macros.h"
#include "services/common/status_matchers.h"
#include "tests/support/process.h"
#include "tests/support/test_db.h"

namespace reportflow {
namespace {

using ::reportflow::testing::ChildProcess;
using ::reportflow::testing::IsOk;
using ::reportflow::testing::TempDir;
using ::reportflow::testing::TestSchema;
using ::testing::HasSubstr;

// One server executable and an RPC of its API to call.
struct ServerKind {
  std::string name;  // "drafting"
  // A method to call, and what it answers to a valid token: UNIMPLEMENTED
  // while the service is not built, else the handler's own answer.
  std::string method;
  grpc::StatusCode with_valid_token;
  // How many migrations the server ships.
  int migrations;
  std::function<grpc::Status(const std::shared_ptr<grpc::Channel>&, grpc::ClientContext*)> call;
};

std::ostream& operator<<(std::ostream& out, const ServerKind& kind) { return out << kind.name; }

std::vector<ServerKind> Kinds() {
  return {
      {"drafting", "/reportflow.drafting.v1.DraftingService/GetTemplate",
       grpc::StatusCode::NOT_FOUND, 7,
       [](const std::shared_ptr<grpc::Channel>& channel, grpc::ClientContext* context) {
         drafting::v1::GetTemplateRequest request;
         request.set_name("templates/none");
         drafting::v1::Template response;
         return drafting::v1::DraftingService::NewStub(channel)->GetTemplate(context, request,
                                                                             &response);
       }},
      {"review", "/reportflow.review.v1.ReviewService/ListTasks", grpc::StatusCode::OK, 5,
       [](const std::shared_ptr<grpc::Channel>& channel, grpc::ClientContext* context) {
         review::v1::ListTasksResponse response;
         return review::v1::ReviewService::NewStub(channel)->ListTasks(
             context, review::v1::ListTasksRequest(), &response);
       }},
      {"publication", "/reportflow.publication.v1.PublicationService/GetPublication",
       grpc::StatusCode::NOT_FOUND, 3,
       [](const std::shared_ptr<grpc::Channel>& channel, grpc::ClientContext* context) {
         publication::v1::GetPublicationRequest request;
         request.set_name("publications/999");
         publication::v1::Publication response;
         return publication::v1::PublicationService::NewStub(channel)->GetPublication(
             context, request, &response);
       }},
  };
}

class ServerProcessTest : public ::testing::TestWithParam<ServerKind> {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestSchema>> schema = TestSchema::Create();
    ASSERT_THAT(schema, IsOk());
    schema_ = *std::move(schema);
    absl::StatusOr<KeyPair> keys = GenerateSigningKeyPair();
    ASSERT_THAT(keys, IsOk());
    keys_ = *keys;
    public_key_file_ = dir_.WriteFile("jwt.pub", keys_.public_key_pem);
    password_file_ = dir_.WriteFile("db.password", schema_->config().password);
    ASSERT_THAT(StartReplica(&server_, &port_, "server"), IsOk());
    channel_ =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_), grpc::InsecureChannelCredentials());
  }

  // Starts one more process of the server under test on the test schema.
  absl::Status StartReplica(std::unique_ptr<ChildProcess>* process, int* port,
                            const std::string& tag, const std::string& extra_flag = "") {
    const std::string port_file = absl::StrCat(dir_.path(), "/", tag, ".port");
    log_files_.push_back(absl::StrCat(dir_.path(), "/", tag, ".log"));
    std::vector<std::string> argv = {absl::StrCat(RF_BIN_DIR, "/", GetParam().name, "-server"),
                                     "--listen=127.0.0.1:0",
                                     "--port-file=" + port_file,
                                     "--db-socket=" + schema_->config().socket,
                                     "--db-user=" + schema_->config().user,
                                     "--db-password-file=" + password_file_,
                                     "--db-name=" + schema_->name(),
                                     "--jwt-public-key=" + public_key_file_,
                                     "--shutdown-grace-seconds=5",
                                     ServiceFlag()};
    if (!extra_flag.empty()) argv.push_back(extra_flag);
    ASSIGN_OR_RETURN(*process, ChildProcess::Start(argv, log_files_.back()));
    const absl::Time deadline = absl::Now() + absl::Seconds(30);
    while (absl::Now() < deadline) {
      const std::string text = testing::ReadFileOrEmpty(port_file);
      if (!text.empty() && absl::SimpleAtoi(absl::StripAsciiWhitespace(text), port)) {
        return absl::OkStatus();
      }
      if (!(*process)->Running()) {
        return absl::InternalError(absl::StrCat(GetParam().name, "-server exited at start: ",
                                                testing::ReadFileOrEmpty(log_files_.back())));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return absl::DeadlineExceededError("server did not write its port file within 30s");
  }

  // The flag only one service needs: the review service's signing key, the
  // publication service's copy of its public key.
  std::string ServiceFlag() {
    if (GetParam().name == "review") {
      return "--signing-key-file=" +
             dir_.WriteFile("review-signing.key", SigningKeyFileText(GenerateSigningKey()));
    }
    if (GetParam().name == "publication") {
      return "--review-public-key-file=" +
             dir_.WriteFile("review-signing.pub", PublicKeyFileText(GenerateSigningKey()));
    }
    return "--db-max-connections=16";
  }

  grpc::Status CallWithHeader(const std::string& authorization) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!authorization.empty()) {
      context.AddMetadata("authorization", authorization);
    }
    return GetParam().call(channel_, &context);
  }

  std::string Token(const std::string& private_key, absl::Time issued, absl::Duration ttl) {
    absl::StatusOr<std::string> token = IssueToken(
        private_key, {"u-lina", "李娜", {"proofread_1"}, {"jinkouhe-gov-office"}}, issued, ttl);
    EXPECT_THAT(token, IsOk());
    return token.ok() ? "Bearer " + *token : "";
  }

  grpc::health::v1::HealthCheckResponse::ServingStatus Health(int port) {
    auto channel =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status = grpc::health::v1::Health::NewStub(channel)->Check(
        &context, grpc::health::v1::HealthCheckRequest(), &response);
    return status.ok() ? response.status() : grpc::health::v1::HealthCheckResponse::UNKNOWN;
  }

  // The structured log lines of the first process, parsed.
  std::vector<nlohmann::json> LogLines() {
    std::vector<nlohmann::json> lines;
    for (absl::string_view line :
         absl::StrSplit(testing::ReadFileOrEmpty(log_files_.front()), '\n', absl::SkipEmpty())) {
      lines.push_back(nlohmann::json::parse(line.begin(), line.end(), nullptr, false));
    }
    return lines;
  }

  TempDir dir_;
  std::unique_ptr<TestSchema> schema_;
  KeyPair keys_;
  std::string public_key_file_;
  std::string password_file_;
  std::vector<std::string> log_files_;
  std::unique_ptr<ChildProcess> server_;
  int port_ = 0;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_P(ServerProcessTest, HealthIsServingWithoutAToken) {
  EXPECT_EQ(Health(port_), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_P(ServerProcessTest, ReflectionListsTheServiceWithoutAToken) {
  using grpc::reflection::v1alpha::ServerReflection;
  using grpc::reflection::v1alpha::ServerReflectionRequest;
  using grpc::reflection::v1alpha::ServerReflectionResponse;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto stream = ServerReflection::NewStub(channel_)->ServerReflectionInfo(&context);
  ServerReflectionRequest request;
  request.set_list_services("");
  ASSERT_TRUE(stream->Write(request));
  stream->WritesDone();
  ServerReflectionResponse response;
  ASSERT_TRUE(stream->Read(&response));
  std::vector<std::string> services;
  for (const auto& service : response.list_services_response().service()) {
    services.push_back(service.name());
  }
  EXPECT_THAT(services,
              ::testing::Contains(GetParam().method.substr(1, GetParam().method.rfind('/') - 1)));
  EXPECT_THAT(services, ::testing::Contains("grpc.health.v1.Health"));
  while (stream->Read(&response)) {
  }
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_P(ServerProcessTest, RequestWithoutTokenIsUnauthenticated) {
  grpc::Status status = CallWithHeader("");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("Bearer"));
}

TEST_P(ServerProcessTest, MalformedAuthorizationIsUnauthenticated) {
  EXPECT_EQ(CallWithHeader("Basic dXNlcjpwYXNz").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(CallWithHeader("Bearer not-a-jwt").error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_P(ServerProcessTest, ExpiredTokenIsUnauthenticated) {
  grpc::Status status =
      CallWithHeader(Token(keys_.private_key_pem, absl::Now() - absl::Hours(2), absl::Hours(1)));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("过期"));
}

TEST_P(ServerProcessTest, TokenSignedByAnotherKeyIsUnauthenticated) {
  absl::StatusOr<KeyPair> other = GenerateSigningKeyPair();
  ASSERT_THAT(other, IsOk());
  grpc::Status status = CallWithHeader(Token(other->private_key_pem, absl::Now(), absl::Hours(1)));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("signature"));
}

TEST_P(ServerProcessTest, ValidTokenReachesTheHandler) {
  EXPECT_EQ(CallWithHeader(Token(keys_.private_key_pem, absl::Now(), absl::Hours(1))).error_code(),
            GetParam().with_valid_token);
}

TEST_P(ServerProcessTest, LogsOneStructuredLinePerRequest) {
  ASSERT_EQ(CallWithHeader(Token(keys_.private_key_pem, absl::Now(), absl::Hours(1))).error_code(),
            GetParam().with_valid_token);
  ASSERT_EQ(CallWithHeader("").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  std::vector<nlohmann::json> rpc_lines;
  for (const nlohmann::json& line : LogLines()) {
    ASSERT_TRUE(line.is_object()) << "every log line is one JSON object";
    if (line.value("event", "") == "rpc" && line.value("method", "") == GetParam().method) {
      rpc_lines.push_back(line);
    }
  }
  ASSERT_EQ(rpc_lines.size(), 2u);
  EXPECT_EQ(rpc_lines[0]["caller"], "u-lina");
  EXPECT_EQ(rpc_lines[0]["code"],
            absl::StatusCodeToString(static_cast<absl::StatusCode>(GetParam().with_valid_token)));
  EXPECT_EQ(rpc_lines[0]["service"], GetParam().name);
  EXPECT_TRUE(rpc_lines[0]["ms"].is_number());
  EXPECT_EQ(rpc_lines[1]["caller"], "-");
  EXPECT_EQ(rpc_lines[1]["code"], "UNAUTHENTICATED");
}

TEST_P(ServerProcessTest, ReplicasStartingTogetherApplyMigrationsOnce) {
  std::unique_ptr<ChildProcess> second;
  std::unique_ptr<ChildProcess> third;
  int second_port = 0;
  int third_port = 0;
  ASSERT_THAT(StartReplica(&second, &second_port, "second"), IsOk());
  ASSERT_THAT(StartReplica(&third, &third_port, "third"), IsOk());
  EXPECT_EQ(Health(second_port), grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(Health(third_port), grpc::health::v1::HealthCheckResponse::SERVING);
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(schema_->config());
  ASSERT_THAT(db, IsOk());
  absl::StatusOr<int64_t> recorded =
      (*db)->Transact<int64_t>([](Transaction& tx) -> absl::StatusOr<int64_t> {
        ASSIGN_OR_RETURN(std::vector<Row> rows, tx.Query("SELECT COUNT(*) FROM schema_migrations"));
        return rows.at(0).GetInt64(0);
      });
  EXPECT_THAT(recorded, ::reportflow::testing::IsOkAndHolds(GetParam().migrations))
      << "each migration recorded once";
}

TEST_P(ServerProcessTest, TheHealthListenerAnswersHealthAndNothingElse) {
  std::unique_ptr<ChildProcess> probed;
  int probed_port = 0;
  const int health_port = testing::FreeLoopbackPort();
  ASSERT_THAT(StartReplica(&probed, &probed_port, "probed",
                           absl::StrCat("--health-listen=127.0.0.1:", health_port)),
              IsOk());
  EXPECT_EQ(Health(health_port), grpc::health::v1::HealthCheckResponse::SERVING);
  // The service itself is not reachable there, with or without a token.
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", health_port),
                                     grpc::InsecureChannelCredentials());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  context.AddMetadata("authorization", Token(keys_.private_key_pem, absl::Now(), absl::Hours(1)));
  EXPECT_EQ(GetParam().call(channel, &context).error_code(), grpc::StatusCode::UNIMPLEMENTED);
  probed->Signal(SIGTERM);
  ASSERT_THAT(probed->Wait(absl::Seconds(15)), ::reportflow::testing::IsOkAndHolds(0));
  EXPECT_EQ(Health(health_port), grpc::health::v1::HealthCheckResponse::UNKNOWN)
      << "the probe sees the server gone";
}

TEST_P(ServerProcessTest, SigtermStopsGracefully) {
  server_->Signal(SIGTERM);
  absl::StatusOr<int> exit_code = server_->Wait(absl::Seconds(15));
  ASSERT_THAT(exit_code, IsOk());
  EXPECT_EQ(*exit_code, 0);
  bool stopped = false;
  for (const nlohmann::json& line : LogLines()) {
    stopped = stopped || line.value("event", "") == "stopped";
  }
  EXPECT_TRUE(stopped);
  EXPECT_EQ(Health(port_), grpc::health::v1::HealthCheckResponse::UNKNOWN) << "no longer answers";
}

TEST_P(ServerProcessTest, BadConfigurationFailsToStartWithAClearError) {
  const std::string log = absl::StrCat(dir_.path(), "/bad.log");
  absl::StatusOr<std::unique_ptr<ChildProcess>> bad = ChildProcess::Start(
      {absl::StrCat(RF_BIN_DIR, "/", GetParam().name, "-server"),
       "--db-socket=" + schema_->config().socket, "--db-user=" + schema_->config().user,
       "--db-password-file=" + password_file_, "--db-name=" + schema_->name(),
       "--jwt-public-key=" + password_file_, ServiceFlag()},
      log);
  ASSERT_THAT(bad, IsOk());
  absl::StatusOr<int> exit_code = (*bad)->Wait(absl::Seconds(15));
  ASSERT_THAT(exit_code, IsOk());
  EXPECT_EQ(*exit_code, 1);
  EXPECT_THAT(testing::ReadFileOrEmpty(log), HasSubstr("not a PEM P-256 public key"));
}

INSTANTIATE_TEST_SUITE_P(AllServers, ServerProcessTest, ::testing::ValuesIn(Kinds()),
                         [](const ::testing::TestParamInfo<ServerKind>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace reportflow
