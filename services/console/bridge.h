// The console's JSON⇄protobuf bridge: one generic path for every RPC of the
// four services, over their descriptors (protobuf's JSON mapping), instead of
// a hand-written endpoint per RPC. The web app posts
//   POST /api/rpc/reportflow.review.v1.ReviewService/ApproveTask  {JSON request}
// and gets the response message as JSON, or {"code", "message"} with the HTTP
// status the gRPC code maps to, the Chinese message intact.
#ifndef REPORTFLOW_SERVICES_CONSOLE_BRIDGE_H_
#define REPORTFLOW_SERVICES_CONSOLE_BRIDGE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/support/status.h"

namespace reportflow::console {

// Which service an RPC belongs to, for routing.
enum class Backend { kIdentity, kDrafting, kReview, kPublication, kNotification };

// A callable method: its descriptor and backend.
struct BridgedMethod {
  const google::protobuf::MethodDescriptor* method = nullptr;
  Backend backend = Backend::kDrafting;
  // "/reportflow.review.v1.ReviewService/ApproveTask", the gRPC path.
  std::string grpc_path;
};

// The method named "package.Service/Method" among the four services' APIs;
// NOT_FOUND for anything else (including the sign-in methods, which the
// console calls itself, and streaming methods).
absl::StatusOr<BridgedMethod> FindMethod(absl::string_view name);

// The request's wire bytes from its JSON (proto3 JSON mapping; unknown fields
// refused). INVALID_ARGUMENT naming the problem.
absl::StatusOr<std::string> RequestFromJson(const BridgedMethod& method, absl::string_view json);

// The response's JSON from its wire bytes (proto field names kept, as the
// API documents them).
absl::StatusOr<std::string> ResponseToJson(const BridgedMethod& method, absl::string_view bytes);

// The HTTP status of a gRPC code (AIP-193's mapping: INVALID_ARGUMENT 400,
// UNAUTHENTICATED 401, PERMISSION_DENIED 403, NOT_FOUND 404, ALREADY_EXISTS
// and ABORTED 409, FAILED_PRECONDITION 412, RESOURCE_EXHAUSTED 429,
// UNAVAILABLE 503, DEADLINE_EXCEEDED 504, INTERNAL 500 …).
int HttpStatusOf(grpc::StatusCode code);

// The JSON error body: {"code": "NOT_FOUND", "message": "…"}.
std::string ErrorJson(const grpc::Status& status);

}  // namespace reportflow::console

#endif  // REPORTFLOW_SERVICES_CONSOLE_BRIDGE_H_
