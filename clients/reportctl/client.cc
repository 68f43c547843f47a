#include "clients/reportctl/client.h"

#include <cstdlib>
#include <random>

#include "absl/strings/str_format.h"
#include "clients/reportctl/session.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/grpc_client.h"

namespace reportflow::reportctl {

void PrintJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  std::cout << json;
}

std::string NewRequestId() {
  std::random_device random;
  return absl::StrFormat("%08x-%08x-%08x", random(), random(), random());
}

void AddClientFlags(CLI::App& app, ClientOptions& options) {
  app.add_option("--drafting", options.drafting_address, "drafting-server host:port")
      ->envname("RF_DRAFTING_ADDR");
  app.add_option("--review", options.review_address, "review-server host:port")
      ->envname("RF_REVIEW_ADDR");
  app.add_option("--publication", options.publication_address, "publication-server host:port")
      ->envname("RF_PUBLICATION_ADDR");
  app.add_option("--identity", options.identity_address, "identity-server host:port")
      ->envname("RF_IDENTITY_ADDR");
  app.add_option("--notification", options.notification_address, "notification-server host:port")
      ->envname("RF_NOTIFICATION_ADDR");
  app.add_option("--session-file", options.session_file, "where reportctl login keeps your session")
      ->envname("RF_SESSION_FILE");
  app.add_option("--tls-ca", options.tls_ca_file, "PEM CA certificate; enables TLS")
      ->envname("RF_TLS_CA");
  app.add_option("--token-file", options.token_file, "file holding your bearer token")
      ->envname("RF_TOKEN_FILE");
  app.add_option("--deadline", options.deadline_seconds, "seconds each call may take")
      ->capture_default_str();
  app.add_flag("--json", options.json, "print JSON instead of text");
}

absl::StatusOr<std::string> ReadFile(const std::string& path) { return ReadWholeFile(path); }

absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(const ClientOptions& options,
                                                           const std::string& address) {
  return reportflow::OpenChannel(address, options.tls_ca_file);
}

std::string SessionFile(const ClientOptions& options) {
  if (!options.session_file.empty()) return options.session_file;
  const char* config = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  const std::string base = config != nullptr && *config != '\0'
                               ? std::string(config)
                               : std::string(home != nullptr ? home : ".") + "/.config";
  return base + "/reportflow/session.json";
}

absl::Status PrepareContext(const ClientOptions& options, grpc::ClientContext& context) {
  const absl::Duration deadline =
      absl::Milliseconds(static_cast<int64_t>(options.deadline_seconds * 1000));
  if (!options.token_file.empty()) {
    return PrepareCall(context, options.token_file, deadline);
  }
  absl::StatusOr<std::string> token = SessionAccessToken(options);
  if (!token.ok()) {
    return token.status();
  }
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  context.AddMetadata("authorization", "Bearer " + *token);
  return absl::OkStatus();
}

}  // namespace reportflow::reportctl
