// Action links (一键签署): GetActionLink and UseActionLink of
// NotificationServiceImpl (notification_service.h). A link decides only on
// UseActionLink — a POST of the console's confirmation page with its CSRF
// token — never on being fetched; only the person it was sent to may use
// it, once, within 72 hours, and only while its task is the activation it
// was sent for with the digest it was made for.
#include "services/notification/domain/action_links.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "reportflow/review/v1/review.grpc.pb.h"
#include "services/common/grpc_client.h"
#include "services/common/grpc_status.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/text_rules.h"
#include "services/notification/api/notification_service.h"
#include "services/notification/store/action_link_store.h"

namespace reportflow::notification {
namespace {

// The caller's link, or NOT_FOUND — the same for a missing link and for
// another person's, so a token reveals nothing to anyone else.
absl::StatusOr<StoredActionLink> OwnLink(Transaction& tx, const Caller& caller,
                                         absl::string_view token) {
  if (!IsWellFormedToken(token)) {
    return absl::InvalidArgumentError("token: 不是有效的链接 (43 characters of base64url)");
  }
  ASSIGN_OR_RETURN(std::optional<StoredActionLink> link, FindActionLink(tx, TokenHash(token)));
  if (!link.has_value() || link->person_id != caller.user_id) {
    return absl::NotFoundError(
        "链接不存在，或不是发给当前登录人员的；请用收到邮件的本人账号登录 (no such link)");
  }
  return *std::move(link);
}

// The signed-in person's own bearer token, as the console forwarded it.
std::string BearerOf(const grpc::ServerContext& context) {
  auto found = context.client_metadata().find("authorization");
  if (found == context.client_metadata().end()) return "";
  return std::string(found->second.data(), found->second.size());
}

}  // namespace

grpc::Status NotificationServiceImpl::GetActionLink(grpc::ServerContext* context,
                                                    const v1::GetActionLinkRequest* request,
                                                    v1::ActionLink* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(StoredActionLink link, OwnLink(tx, caller, request->token()));
      *response = link.link;
      response->set_state(StateAt(link.link.state(), link.expire_time, context_.now()));
      return absl::OkStatus();
    });
  });
}

grpc::Status NotificationServiceImpl::UseActionLink(grpc::ServerContext* context,
                                                    const v1::UseActionLinkRequest* request,
                                                    v1::UseActionLinkResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    RETURN_IF_ERROR(ValidateText("opinion", request->opinion(), 2000));
    const absl::Time now = context_.now();
    // Claimed in one transaction (VALID → USED): a second use, a racing
    // use on another replica, an expired link all stop here.
    StoredActionLink link;
    RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(link, OwnLink(tx, caller, request->token()));
      RETURN_IF_ERROR(Refusal(StateAt(link.link.state(), link.expire_time, now)));
      ASSIGN_OR_RETURN(bool claimed, ClaimActionLink(tx, link.token_hash, now));
      return claimed ? absl::OkStatus() : Refusal(v1::ACTION_LINK_STATE_USED);
    }));
    // Review decides as for any approval — role, separation of duties, the
    // digest — and checks that the stage is still this activation.
    review::v1::ApproveTaskRequest approve;
    approve.set_name(link.link.task());
    approve.set_digest(link.link.digest());
    approve.set_opinion(request->opinion().empty() ? "同意" : request->opinion());
    approve.set_request_id(absl::StrCat("link-", link.token_hash.substr(0, 40)));
    SetTimestamp(link.activate_time, approve.mutable_activate_time());
    review::v1::Review approved;
    grpc::Status status = grpc::Status(grpc::StatusCode::UNAVAILABLE, "审校服务未配置");
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
        OpenPeerChannel(context_.peers.review_address, context_.peers);
    if (channel.ok() && !context_.peers.review_address.empty()) {
      grpc::ClientContext call;
      call.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
      call.AddMetadata("authorization", BearerOf(*context));
      status = review::v1::ReviewService::NewStub(*channel)->ApproveTask(&call, approve, &approved);
    }
    const bool retry = status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                       status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
                       status.error_code() == grpc::StatusCode::ABORTED;
    if (!status.ok()) {
      // Unreachable: the link stays usable. Refused: it dies with its task.
      RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
        return SetActionLinkState(tx, link.token_hash,
                                  retry ? v1::ACTION_LINK_STATE_VALID : v1::ACTION_LINK_STATE_DEAD);
      }));
      return FromGrpcStatus(status);
    }
    response->set_review(approved.name());
    response->set_task(link.link.task());
    return absl::OkStatus();
  });
}

}  // namespace reportflow::notification
