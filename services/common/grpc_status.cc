#include "services/common/grpc_status.h"

#include <string>

#include "services/common/log.h"

namespace reportflow {
namespace {

// Messages travel in trailing metadata, which clients cap (8 KiB by
// default); a message that echoes its input must not push the reply past it
// nor carry bytes that are not UTF-8.
std::string BoundedMessage(absl::string_view message) {
  constexpr size_t kMaxMessageBytes = 1024;
  if (message.size() <= kMaxMessageBytes) {
    return std::string(message);
  }
  size_t cut = kMaxMessageBytes;
  while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return std::string(message.substr(0, cut)) + "…";
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) {
    return grpc::Status::OK;
  }
  const auto code = static_cast<grpc::StatusCode>(status.code());
  switch (status.code()) {
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kDataLoss:
      LogError("internal_error",
               {{"code", absl::StatusCodeToString(status.code())}, {"detail", status.ToString()}});
      return grpc::Status(code, "服务器内部错误，已记录日志；请稍后重试，若持续出现请联系管理员。");
    default:
      return grpc::Status(code, BoundedMessage(status.message()));
  }
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

}  // namespace reportflow
