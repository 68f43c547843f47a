#include "services/console/bridge.h"

#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"
#include "reportflow/drafting/v1/drafting.grpc.pb.h"
#include "reportflow/identity/v1/identity.grpc.pb.h"
#include "reportflow/notification/v1/notification.grpc.pb.h"
#include "reportflow/publication/v1/publication.grpc.pb.h"
#include "reportflow/review/v1/review.grpc.pb.h"

namespace reportflow::console {
namespace {

using google::protobuf::Message;
using google::protobuf::MessageFactory;

std::unique_ptr<Message> New(const google::protobuf::Descriptor* type) {
  const Message* prototype = MessageFactory::generated_factory()->GetPrototype(type);
  return std::unique_ptr<Message>(prototype->New());
}

}  // namespace

absl::StatusOr<BridgedMethod> FindMethod(absl::string_view name) {
  const size_t slash = name.rfind('/');
  if (slash == absl::string_view::npos) {
    return absl::NotFoundError(absl::StrCat("没有接口 ", name, " (no such method)"));
  }
  const std::string service_name(name.substr(0, slash));
  const std::string method_name(name.substr(slash + 1));
  // Touching a message of each API links its generated descriptors in.
  (void)identity::v1::Unit::descriptor();
  (void)drafting::v1::Report::descriptor();
  (void)review::v1::Review::descriptor();
  (void)publication::v1::Publication::descriptor();
  (void)notification::v1::Notification::descriptor();
  const std::pair<const char*, Backend> services[] = {
      {"reportflow.identity.v1.IdentityService", Backend::kIdentity},
      {"reportflow.drafting.v1.DraftingService", Backend::kDrafting},
      {"reportflow.review.v1.ReviewService", Backend::kReview},
      {"reportflow.publication.v1.PublicationService", Backend::kPublication},
      {"reportflow.notification.v1.NotificationService", Backend::kNotification},
  };
  for (const auto& [full_name, backend] : services) {
    if (service_name != full_name) continue;
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(full_name);
    if (service == nullptr) break;
    const google::protobuf::MethodDescriptor* method = service->FindMethodByName(method_name);
    // Sign-in goes through the console's own /api/login, never with a token.
    const bool sign_in = backend == Backend::kIdentity &&
                         (method_name == "SignIn" || method_name == "SignInWithIdToken" ||
                          method_name == "RefreshSession" || method_name == "SignOut");
    // Notify is the services' own (their outboxes); never from a browser.
    const bool service_only = backend == Backend::kNotification && method_name == "Notify";
    if (method == nullptr || method->client_streaming() || method->server_streaming() || sign_in ||
        service_only) {
      break;
    }
    return BridgedMethod{method, backend, absl::StrCat("/", service_name, "/", method_name)};
  }
  return absl::NotFoundError(absl::StrCat("没有接口 ", name, " (no such method)"));
}

absl::StatusOr<std::string> RequestFromJson(const BridgedMethod& method, absl::string_view json) {
  std::unique_ptr<Message> request = New(method.method->input_type());
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(
      json.empty() ? "{}" : std::string(json), request.get(), options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("请求不是 ", method.method->input_type()->full_name(), " 的有效 JSON：",
                     std::string(status.message()).substr(0, 200), " (request does not parse)"));
  }
  return request->SerializeAsString();
}

absl::StatusOr<std::string> ResponseToJson(const BridgedMethod& method, absl::string_view bytes) {
  std::unique_ptr<Message> response = New(method.method->output_type());
  if (!response->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::InternalError("response does not parse");
  }
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(*response, &json, options);
  if (!status.ok()) {
    return absl::InternalError(std::string(status.message()));
  }
  return json;
}

int HttpStatusOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return 200;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::OUT_OF_RANGE:
      return 400;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED:
      return 409;
    case grpc::StatusCode::FAILED_PRECONDITION:
      return 412;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::StatusCode::CANCELLED:
      return 499;
    case grpc::StatusCode::UNIMPLEMENTED:
      return 501;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    default:
      return 500;
  }
}

std::string ErrorJson(const grpc::Status& status) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  const int code = static_cast<int>(status.error_code());
  return nlohmann::json{{"code", code >= 0 && code <= 16 ? kNames[code] : "UNKNOWN"},
                        {"message", status.error_message()}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace reportflow::console
