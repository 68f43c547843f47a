#include "services/publication/api/delivery.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "reportflow/drafting/v1/drafting.grpc.pb.h"
#include "services/common/notify_outbox.h"
#include "services/common/outbox_grpc.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/text_rules.h"
#include "services/publication/api/portal_checks.h"
#include "services/publication/api/publication_service.h"
#include "services/publication/domain/publication_rules.h"
#include "services/publication/store/publication_store.h"

namespace reportflow::publication {
namespace {

bool IsLive(v1::PublicationState state) {
  return state == v1::PUBLICATION_STATE_PENDING || state == v1::PUBLICATION_STATE_PUBLISHED ||
         state == v1::PUBLICATION_STATE_FAILED_RETRYING;
}

absl::StatusOr<int64_t> PublicationOf(const OutboxMessage& message) {
  ASSIGN_OR_RETURN(std::vector<int64_t> ids,
                   ParseNumericName(message.subject, "publications/{publication}", "subject"));
  return ids[0];
}

// Whether a repair push (keyed repair-page-… or repair-notice-…) still puts
// back what the publication should show: a page repair queued before a
// withdrawal must not bring the page back over its notice.
bool RepairStillApplies(const PublicationRecord& record, absl::string_view key) {
  const bool page = absl::StartsWith(key, "repair-page-");
  return page == (record.state == v1::PUBLICATION_STATE_PUBLISHED);
}

const char* StateText(v1::PublicationState state) {
  switch (state) {
    case v1::PUBLICATION_STATE_PUBLISHED:
      return "已公开";
    case v1::PUBLICATION_STATE_WITHDRAWN:
      return "已撤回";
    case v1::PUBLICATION_STATE_SUPERSEDED:
      return "已更正";
    default:
      return "待公开";
  }
}

// The unit-year index as it should be now: every publication that reached
// the portal, newest first.
absl::StatusOr<PortalBundle> CurrentIndex(Database& db, PortalBundle bundle, int64_t id) {
  return db.Transact<PortalBundle>([&](Transaction& tx) -> absl::StatusOr<PortalBundle> {
    ASSIGN_OR_RETURN(std::optional<PublicationRecord> record, FindPublication(tx, id, false));
    if (!record.has_value()) {
      return absl::NotFoundError(absl::StrCat("publications/", id, " not found"));
    }
    ASSIGN_OR_RETURN(std::vector<PublicationRecord> all,
                     ListUnitYear(tx, record->unit, record->fiscal_year));
    std::vector<IndexEntry> entries;
    for (const PublicationRecord& one : all) {
      if (!one.published_on.has_value() && one.state != v1::PUBLICATION_STATE_WITHDRAWN &&
          one.state != v1::PUBLICATION_STATE_SUPERSEDED) {
        continue;  // not on the portal yet
      }
      const size_t slash = one.directory.rfind('/');
      entries.push_back({one.title, absl::StrCat(one.directory.substr(slash + 1), "/index.html"),
                         one.index_number, FormatDay(one.page_date), StateText(one.state)});
    }
    bundle.files = {{"index.html", "text/html; charset=utf-8",
                     RenderIndex(record->unit_display_name, record->fiscal_year, entries)}};
    return bundle;
  });
}

}  // namespace

DeliverFunction MakeDeliverer(Database* db, std::shared_ptr<PortalSink> sink,
                              const PeerConfig& peers) {
  return [db, sink, peers](const OutboxMessage& message) -> absl::Status {
    if (message.method == kRecordPublicationOutcome) {
      return DeliverByGrpc<drafting::v1::DraftingService,
                           drafting::v1::RecordPublicationOutcomeRequest, drafting::v1::Report>(
          peers, peers.drafting_address, "drafting service (--drafting-address)", message,
          [](auto& stub, auto* context, const auto& request, auto* response) {
            return stub.RecordPublicationOutcome(context, request, response);
          });
    }
    if (message.method == kNotifyMethod) {
      return DeliverNotify(peers, message);
    }
    if (!absl::StartsWith(message.method, "portal/")) {
      return absl::InvalidArgumentError(
          absl::StrCat("publication outbox: no route for ", message.method));
    }
    ASSIGN_OR_RETURN(PortalBundle bundle, ParseBundle(message.payload));
    ASSIGN_OR_RETURN(const int64_t id, PublicationOf(message));
    if (message.method == kPushIndex) {
      ASSIGN_OR_RETURN(bundle, CurrentIndex(*db, std::move(bundle), id));
    } else if (message.method == kPushPage || message.method == kPushRepair) {
      ASSIGN_OR_RETURN(std::optional<PublicationRecord> record,
                       db->Transact<std::optional<PublicationRecord>>(
                           [&](Transaction& tx) { return FindPublication(tx, id, false); }));
      if (!record.has_value() ||
          (message.method == kPushPage ? !IsLive(record->state)
                                       : !RepairStillApplies(*record, message.request_id))) {
        return absl::OkStatus();  // withdrawn or corrected first: its notice stands
      }
    }
    RETURN_IF_ERROR(sink->Push(bundle));
    // Publish-then-verify: what readers get must be what was pushed.
    return VerifyPushed(*sink, bundle);
  };
}

PublicationSummary SummaryOf(const PublicationRecord& record, const PortalSink& sink) {
  return {record.id, record.unit, record.report_version, record.title,
          sink.PageLocation(record.directory)};
}

DeliveredHook OnDelivered(std::shared_ptr<PortalSink> sink, std::function<absl::Time()> now,
                          const PeerConfig& peers, absl::Duration check_interval) {
  return [sink, now, peers, check_interval](Transaction& tx,
                                            const OutboxMessage& message) -> absl::Status {
    if (message.method != kPushPage && message.method != kPushWithdrawal &&
        message.method != kPushCorrection && message.method != kPushRepair) {
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(const int64_t id, PublicationOf(message));
    ASSIGN_OR_RETURN(std::optional<PublicationRecord> record, FindPublication(tx, id, true));
    if (!record.has_value()) return absl::OkStatus();
    const absl::Time at = now();
    std::string action = "portal.notice_pushed";
    if (message.method == kPushRepair) {
      if (!RepairStillApplies(*record, message.request_id)) return absl::OkStatus();
      action = "portal.repaired";
    } else if (message.method == kPushPage) {
      if (!IsLive(record->state)) return absl::OkStatus();
      action = "portal.page_pushed";
      RETURN_IF_ERROR(MarkPublished(tx, id, at, ChinaDay(at)));
      RETURN_IF_ERROR(EnqueueIndexPush(tx, *record, "published"));
      RETURN_IF_ERROR(EnqueueOutcome(tx, *record, drafting::v1::PUBLICATION_OUTCOME_PUBLISHED,
                                     sink->PageLocation(record->directory), "", "published"));
      RETURN_IF_ERROR(EnqueueNotify(
          tx, peers,
          PublicationNotification(PublicationEvent::kPublished, SummaryOf(*record, *sink), "")));
    }
    RETURN_IF_ERROR(RecordVerifiedPush(tx, *record, message.method, at, check_interval));
    return AppendAudit(tx,
                       {record->report, id, action, "service:publication", "发布服务",
                        absl::StrCat("{\"push\":\"", message.request_id,
                                     "\",\"attempts\":", message.attempts + 1, "}")},
                       at);
  };
}

DeliveredHook OnFailed(std::shared_ptr<PortalSink> sink, std::function<absl::Time()> now,
                       const PeerConfig& peers) {
  return [sink, now, peers](Transaction& tx, const OutboxMessage& message) -> absl::Status {
    if (message.method != kPushPage) return absl::OkStatus();
    ASSIGN_OR_RETURN(const int64_t id, PublicationOf(message));
    RETURN_IF_ERROR(MarkPushFailing(tx, id));
    ASSIGN_OR_RETURN(std::optional<PublicationRecord> record, FindPublication(tx, id, false));
    if (!record.has_value() || !PushFailingLongEnough(record->create_time, now())) {
      return absl::OkStatus();
    }
    // Keyed by the publication: told once however long it keeps failing.
    return EnqueueNotify(
        tx, peers,
        PublicationNotification(PublicationEvent::kPushFailing, SummaryOf(*record, *sink),
                                TruncateText(message.failure.message(), 300)));
  };
}

}  // namespace reportflow::publication
