#include "clients/reportctl/session.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "reportflow/identity/v1/identity.grpc.pb.h"
#include "services/common/grpc_client.h"
#include "services/common/grpc_status.h"

namespace reportflow::reportctl {

absl::Status SaveSession(const ClientOptions& options, const identity::v1::Session& session) {
  const std::filesystem::path path = SessionFile(options);
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(session, &json);
  const std::filesystem::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << json;
    if (!out) {
      return absl::PermissionDeniedError(absl::StrCat("无法写入会话文件 ", path.string()));
    }
  }
  ::chmod(temporary.c_str(), 0600);
  std::filesystem::rename(temporary, path, error);
  if (error) {
    return absl::PermissionDeniedError(absl::StrCat("无法写入会话文件 ", path.string()));
  }
  return absl::OkStatus();
}

absl::StatusOr<identity::v1::Session> LoadSession(const ClientOptions& options) {
  absl::StatusOr<std::string> text = ReadWholeFile(SessionFile(options));
  if (!text.ok()) {
    return absl::NotFoundError(
        "尚未登录：请先 reportctl login --user <用户名>，或用 --token-file 指定令牌 (not signed "
        "in)");
  }
  identity::v1::Session session;
  if (!google::protobuf::util::JsonStringToMessage(*text, &session).ok()) {
    return absl::DataLossError("会话文件已损坏，请重新登录 (session file does not parse)");
  }
  return session;
}

absl::StatusOr<std::string> SessionAccessToken(const ClientOptions& options) {
  absl::StatusOr<identity::v1::Session> session = LoadSession(options);
  if (!session.ok()) return session.status();
  if (absl::FromUnixSeconds(session->access_expire_time().seconds()) >
      absl::Now() + absl::Minutes(1)) {
    return session->access_token();
  }
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      reportflow::OpenChannel(options.identity_address, options.tls_ca_file);
  if (!channel.ok()) return channel.status();
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  identity::v1::RefreshSessionRequest request;
  request.set_refresh_token(session->refresh_token());
  identity::v1::Session refreshed;
  const grpc::Status status = identity::v1::IdentityService::NewStub(*channel)->RefreshSession(
      &context, request, &refreshed);
  if (!status.ok()) {
    return absl::UnauthenticatedError(
        absl::StrCat("会话已结束，请重新登录：", status.error_message()));
  }
  if (absl::Status saved = SaveSession(options, refreshed); !saved.ok()) return saved;
  return refreshed.access_token();
}

}  // namespace reportflow::reportctl
