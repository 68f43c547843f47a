// What a review leaves for others to check: the approval certificate and
// its public keys, the hash-chained audit log and its verification, and
// the outbox deliveries.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/outbox.h"
#include "services/common/paging.h"
#include "services/common/proto_time.h"
#include "services/common/request_log.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/review/api/review_names.h"
#include "services/review/api/review_proto.h"
#include "services/review/api/review_service.h"

namespace reportflow::review {

grpc::Status ReviewServiceImpl::GetApprovalCertificate(
    grpc::ServerContext* context, const v1::GetApprovalCertificateRequest* request,
    v1::ApprovalCertificate* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    const std::vector<absl::string_view> parts = absl::StrSplit(request->name(), '/');
    int64_t id = 0;
    if (parts.size() != 3 || parts[0] != "reviews" || !ParseIdNumber(parts[1], &id) ||
        parts[2] != "certificate") {
      return Malformed("name", "reviews/{review}/certificate", request->name());
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      // Who signed what is the unit's business: another unit's review is
      // NOT_FOUND, exactly like a missing one.
      RETURN_IF_ERROR(Visible(tx, caller, id).status());
      ASSIGN_OR_RETURN(std::optional<v1::ApprovalCertificate> certificate, FindCertificate(tx, id));
      if (!certificate.has_value()) {
        return absl::NotFoundError(
            absl::StrCat("审核 reviews/", id, " 尚无审定证书（未经终审通过） (no certificate)"));
      }
      *response = *std::move(certificate);
      return absl::OkStatus();
    });
  });
}

grpc::Status ReviewServiceImpl::ListPublicKeys(grpc::ServerContext* context,
                                               const v1::ListPublicKeysRequest* request,
                                               v1::ListPublicKeysResponse* response) {
  return context_.Handle(context, [&](const Caller&) -> absl::Status {
    ASSIGN_OR_RETURN(int page_size, PageSize(request->page_size(), 100));
    ASSIGN_OR_RETURN(int64_t offset, NumberToken(request->page_token(), 1));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      RETURN_IF_ERROR(RegisterPublicKey(tx, signing_key_.id, signing_key_.public_key));
      ASSIGN_OR_RETURN(std::vector<v1::PublicKey> keys, review::ListPublicKeys(tx));
      for (int64_t i = offset; i < static_cast<int64_t>(keys.size()) && i < offset + page_size;
           ++i) {
        *response->add_public_keys() = keys[i];
      }
      if (static_cast<int64_t>(keys.size()) > offset + page_size) {
        response->set_next_page_token(absl::StrCat(offset + page_size));
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status ReviewServiceImpl::ListAuditEvents(grpc::ServerContext* context,
                                                const v1::ListAuditEventsRequest* request,
                                                v1::ListAuditEventsResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::string report_id, ParseReportName(request->parent(), "parent"));
    ASSIGN_OR_RETURN(int page_size, PageSize(request->page_size(), 500));
    ASSIGN_OR_RETURN(int64_t after, NumberToken(request->page_token(), 1));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      ASSIGN_OR_RETURN(std::optional<AuditHead> head, FindAuditHead(tx, report_id));
      if (!head.has_value() || (!caller.InUnit(head->unit) && !IsReaderService(caller))) {
        return absl::NotFoundError(
            absl::StrCat("报告 ", request->parent(), " 没有审核记录 (no audit log)"));
      }
      ASSIGN_OR_RETURN(std::vector<AuditEntry> entries,
                       ListAudit(tx, report_id, after, page_size + 1));
      for (const AuditEntry& entry : PageOf(entries, page_size)) {
        v1::AuditEvent* event = response->add_audit_events();
        event->set_name(absl::StrCat(request->parent(), "/auditEvents/", entry.sequence));
        event->set_sequence(entry.sequence);
        event->set_action(entry.action);
        event->mutable_actor()->set_user_id(entry.actor_id);
        event->mutable_actor()->set_display_name(entry.actor_name);
        event->set_subject(entry.subject);
        event->set_details_json(entry.details_json);
        SetTimestamp(entry.create_time, event->mutable_create_time());
        event->set_previous_hash(entry.previous_hash);
        event->set_hash(entry.hash);
      }
      response->set_next_page_token(NextPageToken(
          entries, page_size, [](const AuditEntry& last) { return absl::StrCat(last.sequence); }));
      return absl::OkStatus();
    });
  });
}

grpc::Status ReviewServiceImpl::VerifyAuditChain(grpc::ServerContext* context,
                                                 const v1::VerifyAuditChainRequest* request,
                                                 v1::VerifyAuditChainResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::string report_id, ParseReportName(request->parent(), "parent"));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      ASSIGN_OR_RETURN(std::optional<AuditHead> head, FindAuditHead(tx, report_id));
      if (!head.has_value() || (!caller.InUnit(head->unit) && !IsReaderService(caller))) {
        return absl::NotFoundError(
            absl::StrCat("报告 ", request->parent(), " 没有审核记录 (no audit log)"));
      }
      ASSIGN_OR_RETURN(std::vector<AuditAnchor> anchors, ListAnchors(tx, report_id));
      ASSIGN_OR_RETURN(std::optional<AuditAnchor> witnessed, witness_.Latest(report_id));
      const AnchorCheck anchor_check(std::move(anchors), std::move(witnessed),
                                     signing_key_.public_key);
      int64_t sequence = 0;
      std::string hash = kGenesisHash;
      std::optional<ChainBreak> broken = anchor_check.Start();
      while (!broken.has_value()) {
        ASSIGN_OR_RETURN(std::vector<AuditEntry> entries, ListAudit(tx, report_id, sequence, 500));
        if (entries.empty()) {
          break;
        }
        broken = VerifyChainSegment(entries, sequence, hash);
        for (size_t i = 0; i < entries.size() && !broken.has_value(); ++i) {
          broken = anchor_check.Entry(entries[i]);
        }
        if (!broken.has_value()) {
          sequence = entries.back().sequence;
          hash = entries.back().hash;
          response->set_checked_events(sequence);
        }
      }
      if (!broken.has_value()) {
        broken = anchor_check.Finish(sequence);
      }
      if (!broken.has_value() && (sequence != head->last_sequence || hash != head->last_hash)) {
        broken = ChainBreak{sequence + 1, absl::StrCat("链尾应为第 ", head->last_sequence,
                                                       " 条记录，实际只到第 ", sequence, " 条")};
      }
      response->set_anchored_events(anchor_check.anchored_sequence());
      response->set_valid(!broken.has_value());
      if (broken.has_value()) {
        response->set_checked_events(broken->sequence);
        response->set_first_invalid_event(
            absl::StrCat(request->parent(), "/auditEvents/", broken->sequence));
        response->set_reason(broken->reason);
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status ReviewServiceImpl::ListDeliveries(grpc::ServerContext* context,
                                               const v1::ListDeliveriesRequest* request,
                                               v1::ListDeliveriesResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    return ListDeliveriesInto(*context_.db, caller.Units(), *request, response);
  });
}

grpc::Status ReviewServiceImpl::RetryDelivery(grpc::ServerContext* context,
                                              const v1::RetryDeliveryRequest* request,
                                              type::v1::Delivery* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    if (!caller.HasRole(kRoleAdmin) && !caller.HasRole(kRoleDrafter)) {
      return absl::PermissionDeniedError(
          "重试投递需要起草人或管理员角色 (requires role drafter or admin)");
    }
    ASSIGN_OR_RETURN(*response,
                     reportflow::RetryDelivery(*context_.db, caller.Units(), request->name()));
    return absl::OkStatus();
  });
}

}  // namespace reportflow::review
