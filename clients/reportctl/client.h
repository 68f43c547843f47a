// What every reportctl command that talks to a server shares: where the
// servers are, TLS, the caller's token, and a deadline on every call.
#ifndef REPORTFLOW_CLIENTS_REPORTCTL_CLIENT_H_
#define REPORTFLOW_CLIENTS_REPORTCTL_CLIENT_H_

#include <iostream>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace reportflow::reportctl {

// Connection settings; flags with RF_* environment fallbacks, as written to
// .local/env by deploy/local/up.
struct ClientOptions {
  std::string drafting_address;     // --drafting, RF_DRAFTING_ADDR
  std::string review_address;       // --review, RF_REVIEW_ADDR
  std::string publication_address;  // --publication, RF_PUBLICATION_ADDR
  std::string identity_address;     // --identity, RF_IDENTITY_ADDR
  std::string notification_address;  // --notification, RF_NOTIFICATION_ADDR
  std::string tls_ca_file;          // --tls-ca, RF_TLS_CA; empty for plaintext
  std::string token_file;           // --token-file, RF_TOKEN_FILE
  // Where `reportctl login` keeps the session (mode 0600): --session-file,
  // RF_SESSION_FILE, default $XDG_CONFIG_HOME/reportflow/session.json (or
  // ~/.config/…). Used when no token file is given; the access token is
  // refreshed from it when it is about to expire.
  std::string session_file;
  double deadline_seconds = 10;  // --deadline
  bool json = false;             // --json
};

// Adds the flags above to `app` (global options of reportctl).
void AddClientFlags(CLI::App& app, ClientOptions& options);

// A channel to `address`, TLS when options.tls_ca_file is set.
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(const ClientOptions& options,
                                                           const std::string& address);

// The session file in effect (see ClientOptions::session_file).
std::string SessionFile(const ClientOptions& options);

// Sets the deadline and the bearer token: the token file's when one is
// configured, else the signed-in session's (refreshed when it expires within
// a minute).
absl::Status PrepareContext(const ClientOptions& options, grpc::ClientContext& context);

// Reads a whole file; NOT_FOUND naming it when it cannot be read.
absl::StatusOr<std::string> ReadFile(const std::string& path);

// Prints `message` as JSON (proto field names), for --json.
void PrintJson(const google::protobuf::Message& message);

// A random request id, so that a retry of a command by hand is a new request.
std::string NewRequestId();

// Calls `call(stub, context)` on a `Service` stub at `address` with a
// prepared context; prints a refusal in Chinese and returns the exit code
// (0 ok, 1 refused, 2 unreachable or misconfigured).
template <typename Service, typename Call>
int CallService(const ClientOptions& options, const std::string& address, Call call) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = OpenChannel(options, address);
  if (!channel.ok()) {
    std::cerr << "reportctl: " << channel.status().message() << "\n";
    return 2;
  }
  grpc::ClientContext context;
  if (absl::Status prepared = PrepareContext(options, context); !prepared.ok()) {
    std::cerr << "reportctl: " << prepared.message() << "\n";
    return 2;
  }
  auto stub = Service::NewStub(*channel);
  grpc::Status status = call(*stub, context);
  if (status.ok()) {
    return 0;
  }
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE &&
      status.error_message().rfind("failed to connect", 0) == 0) {
    std::cerr << "无法连接服务 " << address
              << "：请确认服务已启动、地址正确（source .local/env）\n";
    return 2;
  }
  std::cerr << "失败（" << status.error_code() << "）：" << status.error_message() << "\n";
  return status.error_code() == grpc::StatusCode::UNAVAILABLE ? 2 : 1;
}

}  // namespace reportflow::reportctl

#endif  // REPORTFLOW_CLIENTS_REPORTCTL_CLIENT_H_
