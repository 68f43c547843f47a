#include "services/console/console_server.h"

#include <sodium.h>

#include <future>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "nlohmann/json.hpp"
#include "reportflow/identity/v1/identity.pb.h"
#include "services/common/server.h"

namespace reportflow::console {
namespace {

void Json(httplib::Response& response, int status, const std::string& body) {
  response.status = status;
  response.set_content(body, "application/json; charset=utf-8");
}

void Refuse(httplib::Response& response, const grpc::Status& status) {
  Json(response, HttpStatusOf(status.error_code()), ErrorJson(status));
}

template <typename Message>
std::string Bytes(const Message& message) {
  return message.SerializeAsString();
}

}  // namespace

absl::StatusOr<std::unique_ptr<ConsoleServer>> ConsoleServer::Create(ConsoleConfig config) {
  absl::StatusOr<SessionSealer> sealer = SessionSealer::Create(config.session_key);
  if (!sealer.ok()) return sealer.status();
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels;
  for (const std::string& address :
       {config.peers.identity_address, config.peers.drafting_address, config.peers.review_address,
        config.peers.publication_address, config.peers.notification_address}) {
    if (address.empty() || channels.count(address) > 0) continue;
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
        OpenChannel(address, config.peers.tls_ca_file);
    if (!channel.ok()) return channel.status();
    channels.emplace(address, *std::move(channel));
  }
  return std::unique_ptr<ConsoleServer>(
      new ConsoleServer(std::move(config), *std::move(sealer), std::move(channels)));
}

std::string ConsoleServer::AddressOf(Backend backend) const {
  switch (backend) {
    case Backend::kIdentity:
      return config_.peers.identity_address;
    case Backend::kDrafting:
      return config_.peers.drafting_address;
    case Backend::kReview:
      return config_.peers.review_address;
    case Backend::kPublication:
      return config_.peers.publication_address;
    case Backend::kNotification:
      return config_.peers.notification_address;
  }
  return "";
}

grpc::Status ConsoleServer::Call(const std::string& address, const std::string& grpc_path,
                                 const std::string& request_bytes, const ConsoleSession* session,
                                 std::string* response_bytes) {
  auto channel = channels_.find(address);
  if (channel == channels_.end()) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "服务地址未配置 (service not configured)");
  }
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + config_.deadline));
  if (session != nullptr) {
    context.AddMetadata("authorization", absl::StrCat("Bearer ", session->access_token));
  }
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  grpc::GenericStub stub(channel->second);
  stub.UnaryCall(&context, grpc_path, grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status status) { done.set_value(std::move(status)); });
  grpc::Status status = done.get_future().get();
  if (status.ok()) {
    std::vector<grpc::Slice> slices;
    (void)response.Dump(&slices);
    response_bytes->clear();
    for (const grpc::Slice& part : slices) {
      response_bytes->append(reinterpret_cast<const char*>(part.begin()), part.size());
    }
  }
  return status;
}

absl::StatusOr<ConsoleSession> ConsoleServer::CurrentSession(const httplib::Request& request,
                                                             httplib::Response& response) {
  std::optional<std::string> cookie =
      CookieValue(request.get_header_value("Cookie"), kSessionCookie);
  if (!cookie.has_value()) {
    return absl::UnauthenticatedError("请先登录 (not signed in)");
  }
  absl::StatusOr<ConsoleSession> session = sealer_.Open(*cookie);
  if (!session.ok()) return session.status();
  if (session->access_expiry > absl::ToUnixSeconds(absl::Now() + absl::Seconds(30))) {
    return session;
  }
  identity::v1::RefreshSessionRequest refresh;
  refresh.set_refresh_token(session->refresh_token);
  std::string bytes;
  const grpc::Status status =
      Call(config_.peers.identity_address, "/reportflow.identity.v1.IdentityService/RefreshSession",
           Bytes(refresh), nullptr, &bytes);
  identity::v1::Session renewed;
  if (!status.ok() || !renewed.ParseFromString(bytes)) {
    response.set_header("Set-Cookie", SessionCookieHeader("", 0));
    return absl::UnauthenticatedError("会话已结束，请重新登录 (session ended)");
  }
  session->access_token = renewed.access_token();
  session->access_expiry = renewed.access_expire_time().seconds();
  session->refresh_token = renewed.refresh_token();
  response.set_header("Set-Cookie", SessionCookieHeader(sealer_.Seal(*session),
                                                        session->refresh_expiry -
                                                            absl::ToUnixSeconds(absl::Now())));
  return session;
}

void ConsoleServer::Login(const httplib::Request& request, httplib::Response& response) {
  const nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("person") || !body["person"].is_string() ||
      !body.contains("password") || !body["password"].is_string()) {
    return Refuse(response, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                         "请填写用户名和密码 (person and password required)"));
  }
  identity::v1::SignInRequest sign_in;
  sign_in.set_person(body["person"].get<std::string>());
  sign_in.set_password(body["password"].get<std::string>());
  std::string bytes;
  const grpc::Status status =
      Call(config_.peers.identity_address, "/reportflow.identity.v1.IdentityService/SignIn",
           Bytes(sign_in), nullptr, &bytes);
  identity::v1::Session signed_in;
  if (!status.ok()) return Refuse(response, status);
  if (!signed_in.ParseFromString(bytes)) {
    return Refuse(response, grpc::Status(grpc::StatusCode::INTERNAL, "bad sign-in answer"));
  }
  unsigned char id[16];
  randombytes_buf(id, sizeof(id));
  ConsoleSession session;
  session.id = absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(id), sizeof(id)));
  session.person = signed_in.person().name();
  session.display_name = signed_in.person().display_name();
  session.access_token = signed_in.access_token();
  session.access_expiry = signed_in.access_expire_time().seconds();
  session.refresh_token = signed_in.refresh_token();
  session.refresh_expiry = signed_in.refresh_expire_time().seconds();
  response.set_header(
      "Set-Cookie", SessionCookieHeader(sealer_.Seal(session),
                                        session.refresh_expiry - absl::ToUnixSeconds(absl::Now())));
  Json(response, 200,
       nlohmann::json{{"person", session.person},
                      {"display_name", session.display_name},
                      {"csrf_token", sealer_.CsrfToken(session)}}
           .dump());
}

void ConsoleServer::Logout(const httplib::Request& request, httplib::Response& response) {
  absl::StatusOr<ConsoleSession> session = CurrentSession(request, response);
  if (session.ok()) {
    if (!sealer_.CsrfMatches(*session, request.get_header_value("X-CSRF-Token"))) {
      return Refuse(response, grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                                           "缺少或错误的 CSRF 令牌 (missing CSRF token)"));
    }
    identity::v1::SignOutRequest sign_out;
    sign_out.set_refresh_token(session->refresh_token);
    std::string bytes;
    (void)Call(config_.peers.identity_address, "/reportflow.identity.v1.IdentityService/SignOut",
               Bytes(sign_out), &*session, &bytes);
  }
  response.set_header("Set-Cookie", SessionCookieHeader("", 0));
  Json(response, 200, "{}");
}

void ConsoleServer::Session(const httplib::Request& request, httplib::Response& response) {
  // No session cookie at all is the ordinary state of the sign-in screen, not
  // a refusal: answered 200 so the browser logs no failed request.
  if (!CookieValue(request.get_header_value("Cookie"), kSessionCookie).has_value()) {
    return Json(response, 200, "{\"signed_in\":false}");
  }
  absl::StatusOr<ConsoleSession> session = CurrentSession(request, response);
  if (!session.ok()) {
    return Refuse(response, grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                                         std::string(session.status().message())));
  }
  std::string bytes;
  const grpc::Status status =
      Call(config_.peers.identity_address, "/reportflow.identity.v1.IdentityService/GetAccess",
           Bytes(identity::v1::GetAccessRequest()), &*session, &bytes);
  if (!status.ok()) return Refuse(response, status);
  absl::StatusOr<BridgedMethod> method =
      FindMethod("reportflow.identity.v1.IdentityService/GetAccess");
  absl::StatusOr<std::string> access = ResponseToJson(*method, bytes);
  Json(response, 200,
       absl::StrCat("{\"signed_in\":true,\"person\":", nlohmann::json(session->person).dump(),
                    ",\"display_name\":", nlohmann::json(session->display_name).dump(),
                    ",\"csrf_token\":\"", sealer_.CsrfToken(*session),
                    "\",\"access\":", access.ok() ? *access : "null", "}"));
}

void ConsoleServer::Rpc(const httplib::Request& request, httplib::Response& response) {
  absl::StatusOr<BridgedMethod> method = FindMethod(request.matches[1].str());
  if (!method.ok()) {
    return Refuse(response, grpc::Status(grpc::StatusCode::NOT_FOUND,
                                         std::string(method.status().message())));
  }
  absl::StatusOr<ConsoleSession> session = CurrentSession(request, response);
  if (!session.ok()) {
    return Refuse(response, grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                                         std::string(session.status().message())));
  }
  if (IsMutationMethod(method->grpc_path) &&
      !sealer_.CsrfMatches(*session, request.get_header_value("X-CSRF-Token"))) {
    return Refuse(response,
                  grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                               "缺少或错误的 CSRF 令牌，请刷新页面后重试 (missing CSRF token)"));
  }
  absl::StatusOr<std::string> request_bytes = RequestFromJson(*method, request.body);
  if (!request_bytes.ok()) {
    return Refuse(response, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                         std::string(request_bytes.status().message())));
  }
  std::string response_bytes;
  const grpc::Status status = Call(AddressOf(method->backend), method->grpc_path, *request_bytes,
                                   &*session, &response_bytes);
  if (!status.ok()) return Refuse(response, status);
  absl::StatusOr<std::string> json = ResponseToJson(*method, response_bytes);
  if (!json.ok()) {
    return Refuse(response, grpc::Status(grpc::StatusCode::INTERNAL, "服务器内部错误"));
  }
  Json(response, 200, *json);
}

void ConsoleServer::Register(httplib::Server& server) {
  server.set_default_headers({{"Content-Security-Policy", kContentSecurityPolicy},
                              {"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"},
                              {"X-Frame-Options", "DENY"}});
  // Nothing is cached (sessions, answers, index.html: a new build is seen at
  // once) except the assets Vite names by their content hash.
  server.set_post_routing_handler([](const httplib::Request& q, httplib::Response& r) {
    r.set_header("Cache-Control", absl::StartsWith(q.path, "/assets/") && r.status == 200
                                      ? "public, max-age=31536000, immutable"
                                      : "no-store");
  });
  server.set_payload_max_length(8 << 20);
  server.Post("/api/login",
              [this](const httplib::Request& q, httplib::Response& r) { Login(q, r); });
  server.Post("/api/logout",
              [this](const httplib::Request& q, httplib::Response& r) { Logout(q, r); });
  server.Get("/api/session",
             [this](const httplib::Request& q, httplib::Response& r) { Session(q, r); });
  server.Post(R"(/api/rpc/([A-Za-z0-9_.]+/[A-Za-z0-9_]+))",
              [this](const httplib::Request& q, httplib::Response& r) { Rpc(q, r); });
  if (!config_.static_dir.empty()) {
    server.set_mount_point("/", config_.static_dir);
    // The app routes in the browser: unknown paths get index.html.
    server.set_error_handler([this](const httplib::Request& q, httplib::Response& r) {
      if (r.status == 404 && !absl::StartsWith(q.path, "/api/") && q.method == "GET") {
        std::string index;
        if (absl::StatusOr<std::string> read = ReadWholeFile(config_.static_dir + "/index.html");
            read.ok()) {
          r.status = 200;
          r.set_content(*read, "text/html; charset=utf-8");
        }
      }
    });
  }
}

}  // namespace reportflow::console
