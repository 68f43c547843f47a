#include "services/drafting/api/delivery.h"

#include "absl/strings/str_cat.h"
#include "reportflow/review/v1/review.grpc.pb.h"
#include "services/common/grpc_status.h"

namespace reportflow::drafting {

DeliverFunction MakeDeliverer(const PeerConfig& peers) {
  return [peers](const OutboxMessage& message) -> absl::Status {
    if (message.method != "reportflow.review.v1.ReviewService/StartReview") {
      return absl::InvalidArgumentError(
          absl::StrCat("drafting outbox: no route for ", message.method));
    }
    if (peers.review_address.empty()) {
      return absl::UnimplementedError(
          "review service address not configured (--review-address); the message waits");
    }
    review::v1::StartReviewRequest request;
    if (!request.ParseFromString(message.payload)) {
      return absl::DataLossError("drafting outbox: StartReview payload does not parse");
    }
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
        OpenPeerChannel(peers.review_address, peers);
    if (!channel.ok()) {
      return channel.status();
    }
    grpc::ClientContext context;
    if (absl::Status prepared = PrepareCall(context, peers.service_token_file, absl::Seconds(10));
        !prepared.ok()) {
      return prepared;
    }
    review::v1::Review review;
    return FromGrpcStatus(
        review::v1::ReviewService::NewStub(*channel)->StartReview(&context, request, &review));
  };
}

}  // namespace reportflow::drafting
