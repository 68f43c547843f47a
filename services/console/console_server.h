// console-server: serves the web app (审批工作台) and its JSON API over HTTPS,
// and forwards every API call to the four gRPC services as the signed-in
// person. It holds no data: the session is the sealed cookie (session.h), the
// calls go through the generic bridge (bridge.h).
//
//   POST /api/login    {"person", "password"} → the person and the CSRF token;
//                      sets the session cookie
//   POST /api/logout   ends the session (identity SignOut), clears the cookie
//   GET  /api/session  the person, their access (GetAccess) and CSRF token
//   POST /api/rpc/<package.Service>/<Method>   JSON request → JSON response;
//                      mutations need the X-CSRF-Token header
//   GET  /…            the built web app (index.html for unknown paths)
// Every answer carries a strict Content-Security-Policy (no inline script,
// nothing from elsewhere), nosniff, no referrer and no framing.
#ifndef REPORTFLOW_SERVICES_CONSOLE_CONSOLE_SERVER_H_
#define REPORTFLOW_SERVICES_CONSOLE_CONSOLE_SERVER_H_

#include <map>
#include <memory>
#include <string>

#include "httplib.h"
#include "services/common/grpc_client.h"
#include "services/console/bridge.h"
#include "services/console/session.h"

namespace reportflow::console {

struct ConsoleConfig {
  // Addresses of the four services and the CA of their certificates.
  PeerConfig peers;
  // The built web app (clients/console/dist); may be empty (API only).
  std::string static_dir;
  // 32 bytes shared by every replica (--session-key-file).
  std::string session_key;
  // Deadline of each forwarded call.
  absl::Duration deadline = absl::Seconds(15);
};

// The Content-Security-Policy every answer carries.
inline constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

class ConsoleServer {
 public:
  // INVALID_ARGUMENT for a session key of the wrong size.
  static absl::StatusOr<std::unique_ptr<ConsoleServer>> Create(ConsoleConfig config);

  // Installs the routes on `server`.
  void Register(httplib::Server& server);

 private:
  ConsoleServer(ConsoleConfig config, SessionSealer sealer,
                std::map<std::string, std::shared_ptr<grpc::Channel>> channels)
      : config_(std::move(config)), sealer_(std::move(sealer)), channels_(std::move(channels)) {}

  void Login(const httplib::Request& request, httplib::Response& response);
  void Logout(const httplib::Request& request, httplib::Response& response);
  void Session(const httplib::Request& request, httplib::Response& response);
  void Rpc(const httplib::Request& request, httplib::Response& response);

  // The request's session, its access token refreshed when it is about to
  // expire (the new cookie set on `response`).
  absl::StatusOr<ConsoleSession> CurrentSession(const httplib::Request& request,
                                                httplib::Response& response);
  // Calls `grpc_path` on `address` with `request_bytes` as the session's
  // person (or with no token when `session` is null).
  grpc::Status Call(const std::string& address, const std::string& grpc_path,
                    const std::string& request_bytes, const ConsoleSession* session,
                    std::string* response_bytes);
  std::string AddressOf(Backend backend) const;

  const ConsoleConfig config_;
  const SessionSealer sealer_;
  // One channel per service address, opened at start and shared by every
  // request (gRPC channels are thread-safe and reconnect by themselves).
  const std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;
};

}  // namespace reportflow::console

#endif  // REPORTFLOW_SERVICES_CONSOLE_CONSOLE_SERVER_H_
