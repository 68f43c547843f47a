// What every ReportFlow server shares at start and around every request:
//   - configuration from flags or RF_* environment variables (ServerMain);
//   - the database pool, with the service's migrations applied at start;
//   - grpc.health.v1 and server reflection;
//   - authentication: every call to a ReportFlow service must carry a valid
//     bearer token (see auth.h); health and reflection are open, so probes
//     and grpcurl work without one;
//   - one structured log line per request: method, caller, code, ms;
//   - graceful stop on SIGTERM/SIGINT: health turns NOT_SERVING, in-flight
//     calls get `shutdown_grace` to finish.
//
// Authentication is enforced by an interceptor on every method, implemented
// or not: a call without a valid token is answered UNAUTHENTICATED and its
// handler finds no caller. Handlers obtain the verified caller with
// ServiceContext::Authenticate(context).
//
// Service powers need two proofs (mutual TLS): a token role
// "service:<name>" counts only when the call came over TLS with a client
// certificate, signed by the configured client CA, whose common name is
// "reportflow-<name>" (ServiceCertificateName). A person's token that claims
// a service role, sent without that certificate, loses the role (and is
// logged), so every service-only check refuses it.
//
// Limits (limits.h): the request size is capped by gRPC; mutations (every
// method but Get*, List*, Diff*, Verify*, Check*) are rate-limited per
// person, answered RESOURCE_EXHAUSTED before the handler runs.
#ifndef REPORTFLOW_SERVICES_COMMON_SERVER_H_
#define REPORTFLOW_SERVICES_COMMON_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "embedded/embedded_file.h"
#include "grpcpp/impl/codegen/service_type.h"
#include "grpcpp/server.h"
#include "grpcpp/server_context.h"
#include "services/common/auth.h"
#include "services/common/database.h"
#include "services/common/directory_client.h"
#include "services/common/grpc_client.h"
#include "services/common/limits.h"

namespace CLI {
class App;
}  // namespace CLI

namespace reportflow {

// The verified callers of the calls in flight, filled by the authentication
// interceptor before a handler runs and emptied when the call ends.
class CallerRegistry {
 public:
  void Put(const grpc::ServerContextBase* context, Caller caller);
  void Erase(const grpc::ServerContextBase* context);
  // The caller of `context`'s call; UNAUTHENTICATED if it had no valid token.
  absl::StatusOr<Caller> Get(const grpc::ServerContextBase* context) const;

 private:
  mutable absl::Mutex mu_;
  absl::flat_hash_map<const grpc::ServerContextBase*, Caller> callers_ ABSL_GUARDED_BY(mu_);
};

// What a service's handlers get from the bootstrap.
struct ServiceContext {
  // The service's database (its own schema), migrations applied.
  Database* db = nullptr;
  // Verified callers of calls in flight.
  const CallerRegistry* callers = nullptr;
  // The clock; tests inject their own.
  std::function<absl::Time()> now = [] { return absl::Now(); };
  // How to reach the other services.
  PeerConfig peers;
  // What one request may hold (limits.h).
  Limits limits;

  // The verified caller of the call `context` belongs to.
  absl::StatusOr<Caller> Authenticate(const grpc::ServerContextBase* context) const {
    return callers->Get(context);
  }

  // Runs a handler body for the call's verified caller and converts its
  // status at the RPC edge (ToGrpcStatus):
  //   return context_.Handle(server_context, [&](const Caller& caller) { ... });
  grpc::Status Handle(const grpc::ServerContextBase* context,
                      const std::function<absl::Status(const Caller&)>& body) const;
};

// How to listen.
struct ServerOptions {
  // Service name for logs and health, e.g. "drafting".
  std::string name;
  // host:port; port 0 picks a free one (see RunningServer::port()).
  std::string listen_address = "127.0.0.1:0";
  // Optional host:port of a second, plaintext listener that answers
  // grpc.health.v1 only, nothing else — Kubernetes' gRPC probes cannot speak
  // TLS. It turns NOT_SERVING with the main one.
  std::string health_listen_address;
  // PEM certificate chain and private key; both empty for plaintext (tests,
  // loopback only).
  std::string tls_cert_pem;
  std::string tls_key_pem;
  // PEM CA that signs the services' client certificates; when set, TLS
  // clients may present a certificate (people's clients need none) and a
  // service role needs one (see above).
  std::string tls_client_ca_pem;
  // Tests only, on a plaintext loopback listener: honour service roles
  // without a certificate (there is no transport identity to check).
  bool plaintext_service_claims = false;
  // The public key tokens are verified with.
  std::shared_ptr<const TokenVerifier> verifier;
  // Where a signed-in person's roles come from (services/identity); without
  // it such a caller holds nothing here.
  std::shared_ptr<DirectoryResolver> directory;
  // Methods ("/pkg.Service/Method") that answer without a token, besides
  // health and reflection (e.g. the identity service's sign-in).
  std::vector<std::string> open_methods;
  // Request size and the mutation rate.
  Limits limits;
  // The clock used to check token expiry.
  std::function<absl::Time()> now = [] { return absl::Now(); };
};

class RunningServer;

// Starts a server for `services` (whose handlers may use the returned
// server's callers(), so they are created by `make_services` once the
// registry exists). UNAVAILABLE when the address cannot be bound.
absl::StatusOr<std::unique_ptr<RunningServer>> StartServer(
    const ServerOptions& options,
    const std::function<std::vector<std::unique_ptr<grpc::Service>>(const CallerRegistry&)>&
        make_services);

// A started gRPC server with health, reflection and the authentication and
// logging interceptor.
class RunningServer {
 public:
  ~RunningServer();
  // The port actually bound.
  int port() const { return port_; }
  // The health listener's port; 0 without one.
  int health_port() const { return health_port_; }
  // Verified callers of calls in flight, for the services' ServiceContext.
  const CallerRegistry& callers() const { return *callers_; }
  // Turns health NOT_SERVING and stops, giving in-flight calls `grace`.
  void Shutdown(absl::Duration grace);
  // Blocks until the server has stopped.
  void Wait();

 private:
  friend absl::StatusOr<std::unique_ptr<RunningServer>> StartServer(
      const ServerOptions& options,
      const std::function<std::vector<std::unique_ptr<grpc::Service>>(const CallerRegistry&)>&
          make_services);
  RunningServer() = default;
  std::shared_ptr<CallerRegistry> callers_;
  std::vector<std::unique_ptr<grpc::Service>> services_;
  std::unique_ptr<grpc::Server> server_;
  // Serves only the default health service (health_listen_address).
  std::unique_ptr<grpc::Server> health_server_;
  int port_ = 0;
  int health_port_ = 0;
};

// The common name of the client certificate that proves the service
// `name`: "reportflow-<name>", e.g. "reportflow-review".
std::string ServiceCertificateName(absl::string_view name);

// Whether `method` ("/pkg.Service/Method") changes state: every method but
// Get*, List*, Diff*, Verify*, Check* and health/reflection.
bool IsMutationMethod(absl::string_view method);

// What a server executable is: its name, migrations and services.
struct ServerSpec {
  // e.g. "drafting"; also names the default schema `reportflow_<name>`.
  std::string name;
  // The migrations compiled into the binary.
  std::vector<EmbeddedFile> migrations;
  // Creates the gRPC services given the ready context.
  std::function<std::vector<std::unique_ptr<grpc::Service>>(ServiceContext&)> make_services;
  // Optional: starts background work (e.g. the outbox dispatcher) once the
  // server serves, and returns what stops it on SIGTERM.
  std::function<std::function<void()>(ServiceContext&)> start_background;
  // Optional: adds the service's own flags (e.g. the review service's
  // --signing-key-file) to the command line.
  std::function<void(CLI::App&)> add_flags;
  // Optional: loads what those flags name once they are parsed, before the
  // database is opened; an error stops the start (exit code 1).
  std::function<absl::Status()> configure;
  // Methods that answer without a token (ServerOptions::open_methods).
  std::vector<std::string> open_methods;
  // Whether signed-in people's roles are resolved through the identity
  // service (--identity-address); false for the identity service itself.
  bool resolve_directory_callers = true;
};

// The whole life of a server executable: parses flags (run with --help for
// the list; every flag also reads RF_<FLAG> from the environment), opens the
// database, applies migrations, serves until SIGTERM/SIGINT. Returns the exit
// code: 0 after a clean stop, 1 when start fails, 2 on a usage error.
int ServerMain(int argc, char** argv, const ServerSpec& spec);

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_SERVER_H_
