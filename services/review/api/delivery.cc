#include "services/review/api/delivery.h"

#include "absl/strings/str_cat.h"
#include "reportflow/drafting/v1/drafting.grpc.pb.h"
#include "reportflow/publication/v1/publication.grpc.pb.h"
#include "services/common/grpc_status.h"
#include "services/review/api/review_service.h"

namespace reportflow::review {
namespace {

// Parses `payload` as a Request and sends it with `send` to a stub of Service
// at `address`.
template <typename Service, typename Request, typename Response, typename Send>
absl::Status Deliver(const PeerConfig& peers, const std::string& address,
                     absl::string_view receiver, const OutboxMessage& message, Send send) {
  if (address.empty()) {
    return absl::UnimplementedError(
        absl::StrCat(receiver, " address not configured; the message waits"));
  }
  Request request;
  if (!request.ParseFromString(message.payload)) {
    return absl::DataLossError(
        absl::StrCat("review outbox: ", message.method, " payload does not parse"));
  }
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = OpenChannel(address, peers.tls_ca_file);
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

}  // namespace

DeliverFunction MakeDeliverer(const PeerConfig& peers) {
  return [peers](const OutboxMessage& message) -> absl::Status {
    if (message.method == kRecordReviewOutcome) {
      return Deliver<drafting::v1::DraftingService, drafting::v1::RecordReviewOutcomeRequest,
                     drafting::v1::Report>(
          peers, peers.drafting_address, "drafting service (--drafting-address)", message,
          [](auto& stub, auto* context, const auto& request, auto* response) {
            return stub.RecordReviewOutcome(context, request, response);
          });
    }
    if (message.method == kPublishReport) {
      return Deliver<publication::v1::PublicationService, publication::v1::PublishReportRequest,
                     publication::v1::Publication>(
          peers, peers.publication_address, "publication service (--publication-address)", message,
          [](auto& stub, auto* context, const auto& request, auto* response) {
            return stub.PublishReport(context, request, response);
          });
    }
    return absl::InvalidArgumentError(absl::StrCat("review outbox: no route for ", message.method));
  };
}

}  // namespace reportflow::review
