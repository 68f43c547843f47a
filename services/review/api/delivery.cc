#include "services/review/api/delivery.h"

#include "absl/strings/str_cat.h"
#include "reportflow/drafting/v1/drafting.grpc.pb.h"
#include "reportflow/notification/v1/notification.grpc.pb.h"
#include "reportflow/publication/v1/publication.grpc.pb.h"
#include "services/common/notify_outbox.h"
#include "services/common/outbox_grpc.h"
#include "services/review/api/review_service.h"

namespace reportflow::review {

DeliverFunction MakeDeliverer(const PeerConfig& peers) {
  return [peers](const OutboxMessage& message) -> absl::Status {
    if (message.method == kRecordReviewOutcome) {
      return DeliverByGrpc<drafting::v1::DraftingService, drafting::v1::RecordReviewOutcomeRequest,
                           drafting::v1::Report>(
          peers, peers.drafting_address, "drafting service (--drafting-address)", message,
          [](auto& stub, auto* context, const auto& request, auto* response) {
            return stub.RecordReviewOutcome(context, request, response);
          });
    }
    if (message.method == kPublishReport) {
      return DeliverByGrpc<publication::v1::PublicationService,
                           publication::v1::PublishReportRequest, publication::v1::Publication>(
          peers, peers.publication_address, "publication service (--publication-address)", message,
          [](auto& stub, auto* context, const auto& request, auto* response) {
            return stub.PublishReport(context, request, response);
          });
    }
    if (message.method == kNotifyMethod) {
      return DeliverNotify(peers, message);
    }
    return absl::InvalidArgumentError(absl::StrCat("review outbox: no route for ", message.method));
  };
}

}  // namespace reportflow::review
