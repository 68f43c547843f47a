#include "services/notification/api/reminder_ticker.h"

#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "reportflow/drafting/v1/drafting.grpc.pb.h"
#include "reportflow/review/v1/review.grpc.pb.h"
#include "services/common/disclosure_deadline.h"
#include "services/common/grpc_client.h"
#include "services/common/grpc_status.h"
#include "services/common/log.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/text_rules.h"
#include "services/notification/domain/reminders.h"
#include "services/notification/store/settings_store.h"

namespace reportflow::notification {
namespace {

// One page from a peer with the service token, 30 s.
template <typename Stub, typename Call>
absl::Status CallPeer(const PeerConfig& peers, const std::string& address, absl::string_view peer,
                      Call call) {
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::Channel> channel, OpenPeerChannel(address, peers));
  grpc::ClientContext context;
  RETURN_IF_ERROR(PrepareCall(context, peers.service_token_file, absl::Seconds(30)));
  auto stub = Stub::NewStub(channel);
  const grpc::Status status = call(*stub, &context);
  if (!status.ok()) {
    return absl::UnavailableError(absl::StrCat(peer, ": ", status.error_message()));
  }
  return absl::OkStatus();
}

std::string VersionNumber(const std::string& version_name) {
  return version_name.substr(version_name.rfind('/') + 1);
}

}  // namespace

absl::StatusOr<bool> ReminderTicker::SendOnce(absl::string_view key,
                                              const v1::NotifyRequest& event) {
  bool sent = false;
  RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(sent, ReminderSent(tx, key));
    return absl::OkStatus();
  }));
  if (sent) return false;
  RETURN_IF_ERROR(notifier_.Record(event).status());
  RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
    return RecordReminderSent(tx, key, context_.now());
  }));
  return true;
}

absl::StatusOr<TickCounts> ReminderTicker::Tick(absl::Time now) {
  TickCounts counts;
  std::map<std::string, ReminderPolicy> policies;  // per unit, read once a tick
  auto policy_of = [&](const std::string& unit) -> absl::StatusOr<ReminderPolicy> {
    auto found = policies.find(unit);
    if (found != policies.end()) return found->second;
    ReminderPolicy policy;
    RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(v1::UnitSettings settings, LoadUnitSettings(tx, unit, false));
      policy.remind_after_working_days = settings.remind_after_working_days();
      policy.escalate_after_working_days = settings.escalate_after_working_days();
      return absl::OkStatus();
    }));
    policies[unit] = policy;
    return policy;
  };

  if (!context_.peers.review_address.empty()) {
    review::v1::ListWaitingTasksRequest request;
    request.set_page_size(500);
    do {
      review::v1::ListWaitingTasksResponse page;
      RETURN_IF_ERROR(CallPeer<review::v1::ReviewService>(
          context_.peers, context_.peers.review_address, "review",
          [&](auto& stub, auto* call) { return stub.ListWaitingTasks(call, request, &page); }));
      for (const review::v1::WaitingTask& task : page.tasks()) {
        ++counts.tasks;
        const absl::Time activated = FromTimestamp(task.activate_time());
        ASSIGN_OR_RETURN(ReminderPolicy policy, policy_of(task.unit()));
        const std::string subject = absl::StrCat(task.name(), "@", absl::ToUnixMicros(activated));
        for (const Reminder& reminder : TaskReminders(subject, activated, policy, calendar_, now)) {
          const bool escalate = reminder.kind == ReminderKind::kEscalate;
          const int days =
              escalate ? policy.escalate_after_working_days : policy.remind_after_working_days;
          const std::string title = TruncateText(task.title(), 120);
          v1::NotifyRequest event;
          event.set_event(reminder.key);
          event.set_kind(escalate ? v1::EVENT_KIND_TASK_ESCALATED : v1::EVENT_KIND_TASK_OVERDUE);
          event.set_unit(task.unit());
          event.set_subject(task.report_version());
          event.set_role(escalate ? "unit_head" : task.role());
          event.set_link(task.name().substr(0, task.name().find("/tasks/")).insert(0, "/"));
          event.set_title(absl::StrCat(escalate ? "督办：" : "提醒：", title, "（第 ",
                                       VersionNumber(task.report_version()), " 版，",
                                       task.stage_display_name(), "）"));
          event.set_text(absl::StrCat(
              task.stage_display_name(), "已等待 ", days, " 个工作日未签署",
              escalate ? "，已提请单位负责人督办。" : "，请尽快在审批工作台中签署或退回。"));
          ASSIGN_OR_RETURN(bool sent, SendOnce(reminder.key, event));
          counts.sent += sent;
        }
      }
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
  }

  if (!context_.peers.drafting_address.empty()) {
    drafting::v1::ListOpenDeadlinesRequest request;
    request.set_page_size(500);
    do {
      drafting::v1::ListOpenDeadlinesResponse page;
      RETURN_IF_ERROR(CallPeer<drafting::v1::DraftingService>(
          context_.peers, context_.peers.drafting_address, "drafting",
          [&](auto& stub, auto* call) { return stub.ListOpenDeadlines(call, request, &page); }));
      for (const drafting::v1::OpenDeadline& open : page.deadlines()) {
        ++counts.deadlines;
        ASSIGN_OR_RETURN(absl::CivilDay deadline, ParseDay(open.deadline_date(), "deadline_date"));
        ASSIGN_OR_RETURN(ReminderPolicy policy, policy_of(open.unit()));
        const std::vector<Reminder> due =
            DeadlineReminders(open.report(), deadline, policy, calendar_, now);
        if (due.empty()) continue;
        // Only the latest one due is told; the earlier ones are recorded
        // as passed.
        const Reminder& latest = due.back();
        const bool missed = latest.kind == ReminderKind::kDeadlineMissed;
        const std::string title = TruncateText(open.title(), 120);
        v1::NotifyRequest event;
        event.set_event(latest.key);
        event.set_kind(missed ? v1::EVENT_KIND_DEADLINE_MISSED : v1::EVENT_KIND_DEADLINE_WARNING);
        event.set_unit(open.unit());
        event.set_subject(open.report());
        event.set_link(absl::StrCat("/", open.report()));
        if (missed) {
          event.set_title(absl::StrCat("已超过公开期限：", title));
          event.set_text(absl::StrCat("批复日期 ", open.finance_approval_date(), "，公开期限 ",
                                      open.deadline_date(),
                                      " 已过，报告尚未公开。请尽快完成审校并发布。"));
        } else {
          const int left = latest.kind == ReminderKind::kDeadlineAhead5 ? 5 : 1;
          event.set_title(absl::StrCat("距公开期限还有 ", left, " 个工作日：", title));
          event.set_text(absl::StrCat("批复日期 ", open.finance_approval_date(), "，须在 ",
                                      open.deadline_date(),
                                      " 前（批复后 20 日内）公开。报告尚未公开。"));
        }
        bool before = false;
        RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
          ASSIGN_OR_RETURN(before, ReminderSent(tx, latest.key));
          return absl::OkStatus();
        }));
        if (before) continue;
        event.set_role("drafter");
        event.add_roles("publisher");
        RETURN_IF_ERROR(notifier_.Record(event).status());
        RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
          for (const Reminder& reminder : due) {
            RETURN_IF_ERROR(RecordReminderSent(tx, reminder.key, context_.now()));
          }
          return absl::OkStatus();
        }));
        ++counts.sent;
      }
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
  }
  return counts;
}

void ReminderTicker::Start(absl::Duration interval) {
  thread_ = std::thread([this, interval] {
    do {
      absl::StatusOr<TickCounts> counts = Tick(context_.now());
      if (!counts.ok()) {
        LogWarning("reminders.tick_failed", {{"error", std::string(counts.status().message())}});
      } else if (counts->sent > 0) {
        LogInfo(
            "reminders.sent",
            {{"tasks", counts->tasks}, {"deadlines", counts->deadlines}, {"sent", counts->sent}});
      }
    } while (!stop_.WaitForNotificationWithTimeout(interval));
  });
}

void ReminderTicker::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

}  // namespace reportflow::notification
