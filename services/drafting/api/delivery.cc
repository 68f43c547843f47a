#include "services/drafting/api/delivery.h"

#include "absl/strings/str_cat.h"
#include "reportflow/drafting/v1/drafting.pb.h"
#include "reportflow/review/v1/review.grpc.pb.h"
#include "services/common/grpc_status.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/text_rules.h"
#include "services/drafting/store/report_store.h"
#include "services/drafting/store/version_store.h"

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

absl::Status ReleaseRefusedVersion(Transaction& tx, const OutboxMessage& message) {
  const bool refused = IsPermanentRefusal(message.failure);
  const std::string cause = TruncateText(message.failure.message(), 500);
  if (message.method != "reportflow.review.v1.ReviewService/StartReview") {
    return absl::OkStatus();
  }
  review::v1::StartReviewRequest request;
  if (!request.ParseFromString(message.payload)) {
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(auto version, ParseVersionName(request.report_version(), "report_version"));
  ASSIGN_OR_RETURN(std::optional<StoredReport> found, FindReport(tx, version.first));
  if (!found.has_value()) {
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(StoredReport report, LockReport(tx, *found));
  ASSIGN_OR_RETURN(v1::ReviewOutcome recorded, ReviewOutcomeOf(tx, report, version.second));
  if (report.report.state() != v1::REPORT_STATE_IN_REVIEW ||
      report.report.latest_version() != version.second ||
      recorded != v1::REVIEW_OUTCOME_UNSPECIFIED) {
    return absl::OkStatus();
  }
  v1::RecordReviewOutcomeRequest record;
  record.set_version(request.report_version());
  record.set_outcome(v1::REVIEW_OUTCOME_RETURNED);
  record.set_reason(
      refused
          ? absl::StrCat("审核服务未受理此版本，已退回起草人修改后重新提交：", cause)
          : absl::StrCat("审核服务 ", message.attempts + 1,
                         " 次未能受理此版本，已退回起草人，可直接重新提交；若再次出现请联系管理员："
                         "",
                         cause));
  return RecordReviewOutcomeOn(tx, report, version.second, v1::REVIEW_OUTCOME_RETURNED,
                               record.SerializeAsString(), v1::REPORT_STATE_RETURNED);
}

}  // namespace reportflow::drafting
