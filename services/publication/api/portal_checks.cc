#include "services/publication/api/portal_checks.h"

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "services/common/log.h"
#include "services/common/notify_outbox.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/publication/api/delivery.h"
#include "services/publication/api/publication_service.h"

namespace reportflow::publication {
namespace {

constexpr char kActorId[] = "service:publication";
constexpr char kActorName[] = "发布服务";

v1::DriftKind DriftKindProto(DriftKind kind) {
  switch (kind) {
    case DriftKind::kMissing:
      return v1::DRIFT_KIND_MISSING;
    case DriftKind::kModified:
      return v1::DRIFT_KIND_MODIFIED;
    case DriftKind::kTruncated:
      return v1::DRIFT_KIND_TRUNCATED;
    case DriftKind::kReappeared:
      return v1::DRIFT_KIND_REAPPEARED;
  }
  return v1::DRIFT_KIND_UNSPECIFIED;
}

std::string DriftsJson(const std::vector<Drift>& drifts) {
  nlohmann::json list = nlohmann::json::array();
  for (const Drift& drift : drifts) {
    list.push_back({{"path", drift.path}, {"drift", DriftKindText(drift.kind)}});
  }
  return list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool OnThePortal(v1::PublicationState state) {
  return state == v1::PUBLICATION_STATE_PUBLISHED || state == v1::PUBLICATION_STATE_WITHDRAWN ||
         state == v1::PUBLICATION_STATE_SUPERSEDED;
}

// What publication `record` must look like on the portal now.
absl::StatusOr<PortalExpectation> Expectation(Transaction& tx, const PublicationRecord& record,
                                              const std::optional<PortalCheckRecord>& check) {
  ASSIGN_OR_RETURN(std::vector<ExpectedFile> files, RenderedDigests(tx, record.id));
  if (record.state == v1::PUBLICATION_STATE_PUBLISHED) return PageExpectation(std::move(files));
  if (check.has_value() && check->notice_html.has_value()) {
    return NoticeExpectation(*check->notice_html, files);
  }
  // A notice from before checks were recorded: at least the page's files
  // must be gone.
  PortalExpectation expectation = NoticeExpectation("", files);
  expectation.present.clear();
  return expectation;
}

// The approved content again, through the outbox.
absl::Status EnqueueRepair(Transaction& tx, const PublicationRecord& record,
                           const std::optional<PortalCheckRecord>& check, absl::Time now) {
  PortalBundle bundle{"repair", PublicationName(record.id), record.directory, true, "", {}};
  const bool page = record.state == v1::PUBLICATION_STATE_PUBLISHED;
  if (page) {
    ASSIGN_OR_RETURN(bundle.files, RenderedFiles(tx, record.id));
  } else if (check.has_value() && check->notice_html.has_value()) {
    bundle.files = {{"index.html", "text/html; charset=utf-8", *check->notice_html}};
  } else {
    return absl::OkStatus();  // nothing known to put back
  }
  return EnqueuePush(tx, record, kPushRepair, std::move(bundle),
                     absl::StrCat(page ? "repair-page-" : "repair-notice-", record.id, "-",
                                  absl::ToUnixMicros(now)));
}

}  // namespace

absl::Status VerifyPushed(const PortalSink& sink, const PortalBundle& bundle) {
  for (const RenderedFile& file : bundle.files) {
    absl::StatusOr<std::string> served = sink.Fetch(bundle.directory, file.path);
    if (!served.ok()) {
      return absl::UnavailableError(absl::StrCat("推送后核验：门户读不到 ", file.path, "（",
                                                 served.status().message(), "）"));
    }
    if (*served != file.content) {
      return absl::UnavailableError(absl::StrCat("推送后核验：门户上的 ", file.path,
                                                 " 与推送的不一致（", served->size(),
                                                 " 字节，应为 ", file.content.size(), " 字节）"));
    }
  }
  return absl::OkStatus();
}

absl::Status RecordVerifiedPush(Transaction& tx, const PublicationRecord& record,
                                absl::string_view method, absl::Time now, absl::Duration interval) {
  ASSIGN_OR_RETURN(std::optional<PortalCheckRecord> previous, FindPortalCheck(tx, record.id, true));
  if (previous.has_value() && previous->state == v1::PORTAL_CHECK_STATE_DRIFTED) {
    RETURN_IF_ERROR(AppendAudit(
        tx,
        {record.report, record.id, "portal.restored", kActorId, kActorName,
         absl::StrCat("{\"by\":\"", method, "\",\"drifts\":", DriftsJson(previous->drifts), "}")},
        now));
  }
  PortalCheckRecord check;
  check.publication_id = record.id;
  check.state = v1::PORTAL_CHECK_STATE_MATCHES;
  check.trigger = v1::PORTAL_CHECK_TRIGGER_PUSH;
  check.check_time = now;
  check.next_check_time = now + interval;
  return SavePortalCheck(tx, check);
}

absl::Status CheckPortalCopy(const PortalCheckContext& context, int64_t id,
                             v1::PortalCheckTrigger trigger) {
  struct Plan {
    PortalExpectation expectation;
    std::string directory;
    int revision = 0;
    bool skip = false;
  };
  ASSIGN_OR_RETURN(
      Plan plan, context.db->Transact<Plan>([&](Transaction& tx) -> absl::StatusOr<Plan> {
        Plan plan;
        ASSIGN_OR_RETURN(std::optional<PublicationRecord> record, FindPublication(tx, id, false));
        if (!record.has_value()) {
          return absl::NotFoundError(absl::StrCat("公开记录 publications/", id, " 不存在"));
        }
        ASSIGN_OR_RETURN(const bool in_flight, HasPushInFlight(tx, id));
        if (!OnThePortal(record->state) || !record->publish_time.has_value() || in_flight) {
          plan.skip = true;
          return plan;
        }
        ASSIGN_OR_RETURN(std::optional<PortalCheckRecord> check, FindPortalCheck(tx, id, false));
        ASSIGN_OR_RETURN(plan.expectation, Expectation(tx, *record, check));
        plan.directory = record->directory;
        plan.revision = record->revision;
        return plan;
      }));
  if (plan.skip) return absl::OkStatus();

  // Read the portal outside any transaction: it may be slow.
  std::vector<ServedFile> served;
  for (const ExpectedFile& file : plan.expectation.present) {
    served.push_back({file.path, context.sink->Fetch(plan.directory, file.path)});
  }
  for (const std::string& path : plan.expectation.absent) {
    served.push_back({path, context.sink->Fetch(plan.directory, path)});
  }
  const CheckResult result = ComparePortal(plan.expectation, served);
  const absl::Time now = context.now();

  return context.db->Transact([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<PublicationRecord> record, FindPublication(tx, id, true));
    ASSIGN_OR_RETURN(const bool in_flight, HasPushInFlight(tx, id));
    if (!record.has_value() || record->revision != plan.revision || in_flight) {
      return absl::OkStatus();  // withdrawn, corrected or pushed meanwhile: the next check sees it
    }
    ASSIGN_OR_RETURN(std::optional<PortalCheckRecord> previous, FindPortalCheck(tx, id, true));
    const bool was_drifted =
        previous.has_value() && previous->state == v1::PORTAL_CHECK_STATE_DRIFTED;
    PortalCheckRecord check;
    check.publication_id = id;
    check.trigger = trigger;
    check.check_time = now;
    check.next_check_time = now + context.interval;
    switch (result.state) {
      case PortalState::kMatches:
        check.state = v1::PORTAL_CHECK_STATE_MATCHES;
        if (was_drifted) {
          RETURN_IF_ERROR(
              AppendAudit(tx,
                          {record->report, id, "portal.restored", kActorId, kActorName,
                           absl::StrCat("{\"drifts\":", DriftsJson(previous->drifts), "}")},
                          now));
        }
        break;
      case PortalState::kUnreachable:
        check.state = v1::PORTAL_CHECK_STATE_UNREACHABLE;
        if (previous.has_value()) check.drift_since = previous->drift_since;
        LogWarning("portal_unreachable", {{"publication", id}, {"error", result.unreachable}});
        break;
      case PortalState::kDrifted:
        check.state = v1::PORTAL_CHECK_STATE_DRIFTED;
        check.drifts = result.drifts;
        check.drift_since =
            was_drifted && previous->drift_since.has_value() ? *previous->drift_since : now;
        if (!was_drifted) {
          LogWarning("portal_drift",
                     {{"publication", id}, {"drifts", DriftSummary(result.drifts)}});
          RETURN_IF_ERROR(
              AppendAudit(tx,
                          {record->report, id, "portal.drift", kActorId, kActorName,
                           absl::StrCat("{\"drifts\":", DriftsJson(result.drifts),
                                        ",\"trigger\":", static_cast<int>(trigger), "}")},
                          now));
          RETURN_IF_ERROR(EnqueueNotify(tx, context.peers,
                                        PortalDriftNotification(SummaryOf(*record, *context.sink),
                                                                DriftSummary(result.drifts), now)));
        }
        RETURN_IF_ERROR(EnqueueRepair(tx, *record, previous, now));
        break;
    }
    return SavePortalCheck(tx, check);
  });
}

absl::StatusOr<int> RunDuePortalChecks(const PortalCheckContext& context, int batch) {
  const absl::Time now = context.now();
  using Due = std::vector<std::pair<int64_t, absl::Time>>;
  ASSIGN_OR_RETURN(Due due, context.db->Transact<Due>([&](Transaction& tx) -> absl::StatusOr<Due> {
    return DuePortalChecks(tx, now, batch);
  }));
  int checked = 0;
  for (const auto& entry : due) {
    const int64_t id = entry.first;
    const absl::Time due_time = entry.second;
    // Claimed for a short while: a replica that dies mid-check leaves it due
    // again soon, not after a whole interval.
    ASSIGN_OR_RETURN(const bool mine,
                     context.db->Transact<bool>([&](Transaction& tx) -> absl::StatusOr<bool> {
                       return ClaimPortalCheck(tx, id, due_time, now + absl::Minutes(5));
                     }));
    if (!mine) continue;
    RETURN_IF_ERROR(CheckPortalCopy(context, id, v1::PORTAL_CHECK_TRIGGER_PERIODIC));
    ++checked;
  }
  return checked;
}

v1::PortalCheck PortalCheckProto(const PortalCheckRecord& check) {
  v1::PortalCheck proto;
  proto.set_state(check.state);
  proto.set_trigger(check.trigger);
  if (check.check_time.has_value()) SetTimestamp(*check.check_time, proto.mutable_check_time());
  if (check.drift_since.has_value()) {
    SetTimestamp(*check.drift_since, proto.mutable_drift_since());
  }
  SetTimestamp(check.next_check_time, proto.mutable_next_check_time());
  for (const Drift& drift : check.drifts) {
    v1::PortalDrift* item = proto.add_drifts();
    item->set_path(drift.path);
    item->set_kind(DriftKindProto(drift.kind));
    item->set_detail(drift.detail);
  }
  return proto;
}

PortalChecker::PortalChecker(PortalCheckContext context, absl::Duration poll)
    : context_(std::move(context)), poll_(poll) {}

PortalChecker::~PortalChecker() { Stop(); }

void PortalChecker::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void PortalChecker::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void PortalChecker::Loop() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping), poll_)) return;
    }
    absl::StatusOr<int> checked = RunDuePortalChecks(context_, 20);
    if (!checked.ok()) {
      LogWarning("portal_check_failed", {{"error", std::string(checked.status().message())}});
    }
  }
}

}  // namespace reportflow::publication
