#include "services/common/server.h"

#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/stubs/logging.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "grpcpp/support/server_interceptor.h"
#include "services/common/grpc_status.h"
#include "services/common/log.h"
#include "services/common/migrations.h"

namespace reportflow {

void CallerRegistry::Put(const grpc::ServerContextBase* context, Caller caller) {
  absl::MutexLock lock(&mu_);
  callers_[context] = std::move(caller);
}

void CallerRegistry::Erase(const grpc::ServerContextBase* context) {
  absl::MutexLock lock(&mu_);
  callers_.erase(context);
}

absl::StatusOr<Caller> CallerRegistry::Get(const grpc::ServerContextBase* context) const {
  absl::MutexLock lock(&mu_);
  auto it = callers_.find(context);
  if (it == callers_.end()) {
    return absl::UnauthenticatedError("缺少有效的访问令牌 (no authenticated caller)");
  }
  return it->second;
}

grpc::Status ServiceContext::Handle(const grpc::ServerContextBase* context,
                                    const std::function<absl::Status(const Caller&)>& body) const {
  absl::StatusOr<Caller> caller = Authenticate(context);
  if (!caller.ok()) {
    return ToGrpcStatus(caller.status());
  }
  return ToGrpcStatus(body(*caller));
}

namespace {

using grpc::experimental::InterceptionHookPoints;

// Health and reflection answer without a token.
bool IsOpenMethod(absl::string_view method) {
  return absl::StartsWith(method, "/grpc.health.v1.Health/") ||
         absl::StartsWith(method, "/grpc.reflection.");
}

// The field protobuf last refused to parse on this thread for invalid UTF-8
// ("reportflow.review.v1.ApproveTaskRequest.opinion"); gRPC's sync server
// parses a request on the thread that then runs its interceptors.
thread_local std::string last_invalid_utf8_field;

// "reportflow.review.v1.ApproveTaskRequest.opinion" → "ApproveTaskRequest.opinion".
std::string ShortFieldName(absl::string_view full_name) {
  const size_t field_dot = full_name.rfind('.');
  if (field_dot == absl::string_view::npos || field_dot == 0) return std::string(full_name);
  const size_t message_dot = full_name.rfind('.', field_dot - 1);
  return std::string(message_dot == absl::string_view::npos ? full_name
                                                            : full_name.substr(message_dot + 1));
}

void ProtobufLogHandler(google::protobuf::LogLevel level, const char* filename, int line,
                        const std::string& message) {
  constexpr absl::string_view kPrefix = "String field '";
  if (absl::StrContains(message, "invalid UTF-8") && absl::StartsWith(message, kPrefix)) {
    const size_t end = message.find('\'', kPrefix.size());
    last_invalid_utf8_field = message.substr(kPrefix.size(), end - kPrefix.size());
    return;
  }
  LogWarning("protobuf", {{"file", filename},
                          {"line", line},
                          {"message", message},
                          {"level", static_cast<int>(level)}});
}

// The common names of the verified client certificate of the call, if any.
std::vector<std::string> CertifiedNames(const grpc::ServerContextBase& context) {
  std::vector<std::string> names;
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) {
    return names;
  }
  for (const grpc::string_ref& value : auth->FindPropertyValues("x509_common_name")) {
    names.emplace_back(value.data(), value.size());
  }
  return names;
}

// Verifies the bearer token before the handler runs, enforces
// UNAUTHENTICATED on the way out, and logs the request.
class RequestInterceptor final : public grpc::experimental::Interceptor {
 public:
  RequestInterceptor(grpc::experimental::ServerRpcInfo* info, const ServerOptions* options,
                     CallerRegistry* callers, RateLimiter* rate_limiter)
      : info_(info),
        options_(options),
        callers_(callers),
        rate_limiter_(rate_limiter),
        method_(info->method()),
        open_(IsOpenMethod(method_) ||
              std::find(options->open_methods.begin(), options->open_methods.end(), method_) !=
                  options->open_methods.end()),
        start_(std::chrono::steady_clock::now()) {}

  ~RequestInterceptor() override { callers_->Erase(info_->server_context()); }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      Authenticate(*methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() != nullptr) {
      last_invalid_utf8_field.clear();  // parsed: nothing of this thread's past applies
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      // The request did not parse; gRPC answers INTERNAL, but the fault is
      // the client's.
      undecodable_ = absl::InvalidArgumentError(
          last_invalid_utf8_field.empty()
              ? std::string("请求无法解析：格式不符合接口定义 (request does not parse)")
              : absl::StrCat(ShortFieldName(last_invalid_utf8_field),
                             ": 不是有效的 UTF-8 文本 (string fields must be valid UTF-8)"));
      last_invalid_utf8_field.clear();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      // Without a valid token the answer is UNAUTHENTICATED saying why
      // (missing, expired, another key …), whatever the handler answered.
      if (!open_ && !caller_.ok()) {
        status = ToGrpcStatus(caller_.status());
        methods->ModifySendStatus(status);
      } else if (!open_ && !refusal_.ok()) {
        status = ToGrpcStatus(refusal_);
        methods->ModifySendStatus(status);
      } else if (!undecodable_.ok() && status.error_code() == grpc::StatusCode::INTERNAL) {
        status = ToGrpcStatus(undecodable_);
        methods->ModifySendStatus(status);
      }
      Log(status);
      callers_->Erase(info_->server_context());
    }
    methods->Proceed();
  }

 private:
  void Authenticate(const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
    auto it = metadata.find("authorization");
    if (it == metadata.end()) {
      caller_ = absl::UnauthenticatedError(
          "缺少访问令牌：请求须带 authorization: Bearer <令牌> (missing bearer token)");
    } else {
      caller_ = options_->verifier->VerifyAuthorizationHeader(
          absl::string_view(it->second.data(), it->second.size()), options_->now());
    }
    if (!caller_.ok() || open_) {
      return;
    }
    KeepProvenServiceRoles(*caller_);
    if (caller_->directory && options_->directory != nullptr) {
      absl::StatusOr<std::shared_ptr<const DirectoryAccess>> access =
          options_->directory->Resolve(caller_->user_id, options_->now());
      if (!access.ok()) {
        refusal_ = access.status();
        return;
      }
      caller_->access = *std::move(access);
    }
    const bool is_service = std::any_of(
        caller_->roles.begin(), caller_->roles.end(),
        [](const std::string& role) { return absl::StartsWith(role, kServiceRolePrefix); });
    if (!is_service && IsMutationMethod(method_)) {
      if (absl::Status admitted = rate_limiter_->Admit(caller_->user_id, options_->now());
          !admitted.ok()) {
        refusal_ = admitted;
        return;
      }
    }
    callers_->Put(info_->server_context(), *caller_);
  }

  // A service role counts only with the client certificate of that service.
  void KeepProvenServiceRoles(Caller& caller) const {
    const bool claims_service = std::any_of(
        caller.roles.begin(), caller.roles.end(),
        [](const std::string& role) { return absl::StartsWith(role, kServiceRolePrefix); });
    if (!claims_service || (options_->plaintext_service_claims && options_->tls_cert_pem.empty())) {
      return;  // people's calls need no certificate lookup
    }
    const std::vector<std::string> certified = CertifiedNames(*info_->server_context());
    std::vector<std::string> kept;
    for (std::string& role : caller.roles) {
      if (absl::StartsWith(role, kServiceRolePrefix)) {
        const std::string wanted =
            ServiceCertificateName(absl::string_view(role).substr(kServiceRolePrefix.size()));
        if (std::find(certified.begin(), certified.end(), wanted) == certified.end()) {
          LogWarning("service_role_without_certificate",
                     {{"method", method_}, {"caller", caller.user_id}, {"role", role}});
          continue;
        }
      }
      kept.push_back(std::move(role));
    }
    caller.roles = std::move(kept);
  }

  void Log(const grpc::Status& status) const {
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_)
            .count();
    nlohmann::json fields = {
        {"method", method_},
        {"caller", caller_.ok() ? caller_->user_id : "-"},
        {"code", absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code()))},
        {"ms", static_cast<double>(static_cast<int64_t>(ms * 100)) / 100},
    };
    if (!status.ok()) {
      fields["error"] = status.error_message();
    }
    LogInfo("rpc", fields);
  }

  grpc::experimental::ServerRpcInfo* info_;
  const ServerOptions* options_;
  CallerRegistry* callers_;
  RateLimiter* rate_limiter_;
  const std::string method_;
  const bool open_;
  const std::chrono::steady_clock::time_point start_;
  absl::StatusOr<Caller> caller_ = absl::UnauthenticatedError("missing bearer token");
  // Set when a limit refuses the call before its handler runs.
  absl::Status refusal_;
  // Set when the request message did not parse.
  absl::Status undecodable_;
};

class RequestInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  RequestInterceptorFactory(std::shared_ptr<const ServerOptions> options,
                            std::shared_ptr<CallerRegistry> callers)
      : options_(std::move(options)),
        callers_(std::move(callers)),
        rate_limiter_(std::make_shared<RateLimiter>(options_->limits.mutations_per_minute)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RequestInterceptor(info, options_.get(), callers_.get(), rate_limiter_.get());
  }

 private:
  std::shared_ptr<const ServerOptions> options_;
  std::shared_ptr<CallerRegistry> callers_;
  std::shared_ptr<RateLimiter> rate_limiter_;
};

absl::StatusOr<std::string> ReadFile(const std::string& path, absl::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(what, ": cannot read ", path));
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

absl::Status WritePortFile(const std::string& path, int port) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << port << "\n";
    if (!out) {
      return absl::PermissionDeniedError(absl::StrCat("cannot write port file ", temporary));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return absl::PermissionDeniedError(absl::StrCat("cannot rename port file into ", path));
  }
  return absl::OkStatus();
}

}  // namespace

std::string ServiceCertificateName(absl::string_view name) {
  return absl::StrCat("reportflow-", name);
}

bool IsMutationMethod(absl::string_view method) {
  if (IsOpenMethod(method)) {
    return false;
  }
  const size_t slash = method.rfind('/');
  const absl::string_view name =
      slash == absl::string_view::npos ? method : method.substr(slash + 1);
  for (absl::string_view read : {"Get", "List", "Diff", "Verify", "Check"}) {
    if (absl::StartsWith(name, read)) {
      return false;
    }
  }
  return true;
}

RunningServer::~RunningServer() {
  if (health_server_) {
    health_server_->Shutdown(std::chrono::system_clock::now());
    health_server_->Wait();
  }
  if (server_) {
    server_->Shutdown(std::chrono::system_clock::now());
    server_->Wait();
  }
}

void RunningServer::Shutdown(absl::Duration grace) {
  for (grpc::Server* server : {server_.get(), health_server_.get()}) {
    if (server == nullptr) continue;
    if (auto* health = server->GetHealthCheckService(); health != nullptr) {
      health->SetServingStatus(false);
    }
  }
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  if (health_server_) health_server_->Shutdown(std::chrono::system_clock::now());
}

void RunningServer::Wait() { server_->Wait(); }

absl::StatusOr<std::unique_ptr<RunningServer>> StartServer(
    const ServerOptions& options,
    const std::function<std::vector<std::unique_ptr<grpc::Service>>(const CallerRegistry&)>&
        make_services) {
  if (options.verifier == nullptr) {
    return absl::InvalidArgumentError("server: a token verifier is required");
  }
  std::unique_ptr<RunningServer> running(new RunningServer());
  running->callers_ = std::make_shared<CallerRegistry>();
  running->services_ = make_services(*running->callers_);

  google::protobuf::SetLogHandler(&ProtobufLogHandler);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  std::shared_ptr<grpc::ServerCredentials> credentials;
  if (!options.tls_cert_pem.empty()) {
    grpc::SslServerCredentialsOptions ssl(options.tls_client_ca_pem.empty()
                                              ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                                              : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
    ssl.pem_root_certs = options.tls_client_ca_pem;
    ssl.pem_key_cert_pairs.push_back({options.tls_key_pem, options.tls_cert_pem});
    credentials = grpc::SslServerCredentials(ssl);
  } else {
    credentials = grpc::InsecureServerCredentials();
  }
  builder.AddListeningPort(options.listen_address, credentials, &running->port_);
  builder.SetMaxReceiveMessageSize(static_cast<int>(options.limits.max_request_bytes));
  // Clients reconnect every few minutes (in-flight calls finish first), so
  // that their round-robin resolves the peer's name again and spreads over
  // replicas started since.
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS, 5 * 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, 60 * 1000);
  for (auto& service : running->services_) {
    builder.RegisterService(service.get());
  }
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> factories;
  factories.push_back(std::make_unique<RequestInterceptorFactory>(
      std::make_shared<const ServerOptions>(options), running->callers_));
  builder.experimental().SetInterceptorCreators(std::move(factories));
  running->server_ = builder.BuildAndStart();
  if (running->server_ == nullptr || running->port_ == 0) {
    running->server_.reset();
    return absl::UnavailableError(
        absl::StrCat("server: cannot listen on ", options.listen_address, " (address in use?)"));
  }
  if (!options.health_listen_address.empty()) {
    grpc::ServerBuilder health_builder;
    health_builder.AddListeningPort(options.health_listen_address,
                                    grpc::InsecureServerCredentials(), &running->health_port_);
    running->health_server_ = health_builder.BuildAndStart();
    if (running->health_server_ == nullptr || running->health_port_ == 0) {
      running->health_server_.reset();
      return absl::UnavailableError(absl::StrCat("server: cannot listen for health checks on ",
                                                 options.health_listen_address));
    }
    running->health_server_->GetHealthCheckService()->SetServingStatus(true);
  }
  running->server_->GetHealthCheckService()->SetServingStatus(true);
  return running;
}

int ServerMain(int argc, char** argv, const ServerSpec& spec) {
  // glibc gives each busy thread an arena of its own and keeps what was
  // freed in it: under 64 concurrent calls a server held twice the memory it
  // used. Four arenas keep allocation fast and the RSS bounded.
  mallopt(M_ARENA_MAX, 4);
  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  SetLogService(spec.name);
  CLI::App app{absl::StrCat("ReportFlow ", spec.name,
                            " server. Every flag can also be set as RF_<FLAG> in the "
                            "environment (e.g. RF_DB_SOCKET).")};
  std::string listen = "127.0.0.1:0";
  std::string health_listen;
  std::string port_file;
  DatabaseConfig db_config;
  db_config.schema = "reportflow_" + spec.name;
  db_config.user = "rf_" + spec.name;
  std::string db_password_file;
  std::string jwt_public_key;
  std::string tls_cert;
  std::string tls_key;
  int grace_seconds = 10;
  app.add_option("--listen", listen, "host:port to listen on; port 0 picks a free port")
      ->envname("RF_LISTEN")
      ->capture_default_str();
  app.add_option("--health-listen", health_listen,
                 "host:port of a plaintext listener that answers grpc.health.v1 only (for "
                 "Kubernetes' gRPC probes, which cannot speak TLS); none by default")
      ->envname("RF_HEALTH_LISTEN");
  app.add_option("--port-file", port_file, "write the bound port to this file once serving")
      ->envname("RF_PORT_FILE");
  app.add_option("--db-socket", db_config.socket, "MySQL unix socket (preferred over host/port)")
      ->envname("RF_DB_SOCKET");
  app.add_option("--db-host", db_config.host, "MySQL host")
      ->envname("RF_DB_HOST")
      ->capture_default_str();
  app.add_option("--db-port", db_config.port, "MySQL port")
      ->envname("RF_DB_PORT")
      ->capture_default_str();
  app.add_option("--db-user", db_config.user, "MySQL user (rights on this service's schema only)")
      ->envname("RF_DB_USER")
      ->capture_default_str();
  app.add_option("--db-password-file", db_password_file, "file holding the MySQL password")
      ->envname("RF_DB_PASSWORD_FILE");
  app.add_option("--db-name", db_config.schema, "MySQL schema of this service")
      ->envname("RF_DB_NAME")
      ->capture_default_str();
  app.add_option("--db-max-connections", db_config.max_connections, "connection pool size")
      ->envname("RF_DB_MAX_CONNECTIONS")
      ->capture_default_str();
  app.add_option("--jwt-public-key", jwt_public_key, "PEM public key that verifies bearer tokens")
      ->envname("RF_JWT_PUBLIC_KEY")
      ->required();
  app.add_option("--tls-cert", tls_cert, "PEM certificate chain; enables TLS with --tls-key")
      ->envname("RF_TLS_CERT");
  app.add_option("--tls-key", tls_key, "PEM private key of --tls-cert")->envname("RF_TLS_KEY");
  PeerConfig peers;
  app.add_option("--drafting-address", peers.drafting_address, "drafting-server host:port")
      ->envname("RF_DRAFTING_ADDR");
  app.add_option("--review-address", peers.review_address, "review-server host:port")
      ->envname("RF_REVIEW_ADDR");
  app.add_option("--publication-address", peers.publication_address, "publication-server host:port")
      ->envname("RF_PUBLICATION_ADDR");
  app.add_option("--notification-address", peers.notification_address,
                 "notification-server host:port (optional: without it no notifications are sent)")
      ->envname("RF_NOTIFICATION_ADDR");
  app.add_option("--identity-address", peers.identity_address,
                 "identity-server host:port: where signed-in people's roles come from")
      ->envname("RF_IDENTITY_ADDR");
  int directory_cache_seconds = 30;
  app.add_option("--directory-cache-seconds", directory_cache_seconds,
                 "how long a person's roles from the identity service are reused (at most 60)")
      ->envname("RF_DIRECTORY_CACHE_SECONDS")
      ->check(CLI::Range(0, 60))
      ->capture_default_str();
  app.add_option("--service-token-file", peers.service_token_file,
                 "this service's bearer token, for calls to the other services")
      ->envname("RF_SERVICE_TOKEN_FILE");
  app.add_option("--tls-ca", peers.tls_ca_file,
                 "PEM CA that signs the other services' certificates")
      ->envname("RF_TLS_CA");
  std::string limits_file;
  app.add_option("--limits-file", limits_file,
                 "JSON file of limits (services/common/limits.h); defaults without it")
      ->envname("RF_LIMITS_FILE");
  bool plaintext_service_claims = false;
  app.add_flag("--plaintext-service-claims", plaintext_service_claims,
               "tests only: without TLS, on loopback, honour service roles without a client "
               "certificate");
  app.add_option("--shutdown-grace-seconds", grace_seconds,
                 "on SIGTERM, how long in-flight calls may finish")
      ->envname("RF_SHUTDOWN_GRACE_SECONDS")
      ->capture_default_str();
  if (spec.add_flags) {
    spec.add_flags(app);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  auto fail = [&](const absl::Status& status) {
    LogError("start_failed", {{"error", status.ToString()}});
    return 1;
  };
  if (spec.configure) {
    if (absl::Status configured = spec.configure(); !configured.ok()) {
      return fail(configured);
    }
  }
  if (!db_password_file.empty()) {
    absl::StatusOr<std::string> password = ReadFile(db_password_file, "--db-password-file");
    if (!password.ok()) {
      return fail(password.status());
    }
    db_config.password = std::string(absl::StripTrailingAsciiWhitespace(*password));
  }
  absl::StatusOr<std::string> public_key = ReadFile(jwt_public_key, "--jwt-public-key");
  if (!public_key.ok()) {
    return fail(public_key.status());
  }
  absl::StatusOr<TokenVerifier> verifier = TokenVerifier::Create(*public_key);
  if (!verifier.ok()) {
    return fail(verifier.status());
  }
  absl::StatusOr<Limits> limits = LoadLimits(limits_file);
  if (!limits.ok()) {
    return fail(limits.status());
  }
  ServerOptions options;
  options.name = spec.name;
  options.listen_address = listen;
  options.health_listen_address = health_listen;
  options.limits = *limits;
  options.open_methods = spec.open_methods;
  options.verifier = std::make_shared<const TokenVerifier>(*std::move(verifier));
  if (tls_cert.empty() != tls_key.empty()) {
    return fail(absl::InvalidArgumentError("--tls-cert and --tls-key must be given together"));
  }
  if (!tls_cert.empty()) {
    absl::StatusOr<std::string> cert = ReadFile(tls_cert, "--tls-cert");
    absl::StatusOr<std::string> key = ReadFile(tls_key, "--tls-key");
    if (!cert.ok() || !key.ok()) {
      return fail(cert.ok() ? key.status() : cert.status());
    }
    options.tls_cert_pem = *cert;
    options.tls_key_pem = *key;
    // The CA that signs the peers' certificates also signs their client
    // certificates; this server's own certificate is its client certificate.
    if (!peers.tls_ca_file.empty()) {
      absl::StatusOr<std::string> ca = ReadFile(peers.tls_ca_file, "--tls-ca");
      if (!ca.ok()) {
        return fail(ca.status());
      }
      options.tls_client_ca_pem = *ca;
      peers.tls_cert_file = tls_cert;
      peers.tls_key_file = tls_key;
    }
  }
  if (plaintext_service_claims) {
    if (!tls_cert.empty() || !absl::StartsWith(listen, "127.0.0.1:")) {
      return fail(absl::InvalidArgumentError(
          "--plaintext-service-claims is for tests: only without TLS on 127.0.0.1"));
    }
    options.plaintext_service_claims = true;
  }

  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(db_config);
  if (!db.ok()) {
    return fail(db.status());
  }
  absl::StatusOr<std::vector<Migration>> migrations = ParseMigrations(spec.migrations);
  if (!migrations.ok()) {
    return fail(migrations.status());
  }
  absl::StatusOr<MigrationReport> migrated = ApplyMigrations(**db, *migrations);
  if (!migrated.ok()) {
    return fail(migrated.status());
  }

  ServiceContext context;
  if (!peers.identity_address.empty() && spec.resolve_directory_callers) {
    options.directory =
        std::make_shared<DirectoryResolver>(peers, absl::Seconds(directory_cache_seconds));
  }
  context.db = db->get();
  context.peers = peers;
  context.limits = options.limits;
  absl::StatusOr<std::unique_ptr<RunningServer>> server =
      StartServer(options, [&](const CallerRegistry& callers) {
        context.callers = &callers;
        return spec.make_services(context);
      });
  if (!server.ok()) {
    return fail(server.status());
  }
  if (!port_file.empty()) {
    if (absl::Status written = WritePortFile(port_file, (*server)->port()); !written.ok()) {
      return fail(written);
    }
  }
  LogInfo("serving", {{"port", (*server)->port()},
                      {"tls", !options.tls_cert_pem.empty()},
                      {"schema", db_config.schema},
                      {"schema_version", migrated->current_version}});

  std::function<void()> stop_background;
  if (spec.start_background) {
    stop_background = spec.start_background(context);
  }
  std::thread stopper([&] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    LogInfo("stopping", {{"signal", signal_number}, {"grace_seconds", grace_seconds}});
    if (stop_background) {
      stop_background();
    }
    (*server)->Shutdown(absl::Seconds(grace_seconds));
  });
  (*server)->Wait();
  stopper.join();
  LogInfo("stopped");
  return 0;
}

}  // namespace reportflow
