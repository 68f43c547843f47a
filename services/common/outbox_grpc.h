// Delivering an outbox message as a gRPC call to another ReportFlow service,
// with this service's own token and a deadline: the message's payload is the
// serialized request. A receiver whose address is not configured answers
// UNIMPLEMENTED, which keeps the message PENDING (outbox.h).
//
//   return DeliverByGrpc<drafting::v1::DraftingService,
//                        drafting::v1::RecordReviewOutcomeRequest, drafting::v1::Report>(
//       peers, peers.drafting_address, "drafting service (--drafting-address)", message,
//       [](auto& stub, auto* context, const auto& request, auto* response) {
//         return stub.RecordReviewOutcome(context, request, response);
//       });
#ifndef REPORTFLOW_SERVICES_COMMON_OUTBOX_GRPC_H_
#define REPORTFLOW_SERVICES_COMMON_OUTBOX_GRPC_H_

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/common/grpc_client.h"
#include "services/common/grpc_status.h"
#include "services/common/outbox.h"

namespace reportflow {

template <typename Service, typename Request, typename Response, typename Send>
absl::Status DeliverByGrpc(const PeerConfig& peers, const std::string& address,
                           absl::string_view receiver, const OutboxMessage& message, Send send) {
  if (address.empty()) {
    return absl::UnimplementedError(
        absl::StrCat(receiver, " address not configured; the message waits"));
  }
  Request request;
  if (!request.ParseFromString(message.payload)) {
    return absl::DataLossError(absl::StrCat("outbox: ", message.method, " payload does not parse"));
  }
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = OpenPeerChannel(address, peers);
  if (!channel.ok()) {
    return channel.status();
  }
  grpc::ClientContext context;
  if (absl::Status prepared = PrepareCall(context, peers.service_token_file, absl::Seconds(15));
      !prepared.ok()) {
    return prepared;
  }
  auto stub = Service::NewStub(*channel);
  Response response;
  return FromGrpcStatus(send(*stub, &context, request, &response));
}

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_OUTBOX_GRPC_H_
