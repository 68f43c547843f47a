// The reminder ticker (催办 and the deadline warnings): on every tick it
// pages through the waiting stages of every unit (review's
// ListWaitingTasks) and the reports whose publication deadline runs
// (drafting's ListOpenDeadlines), asks the pure rules (domain/reminders.h,
// with each unit's reminder days) which reminders are due at that moment,
// and records each one not sent before through the Notifier:
//   - a stage waiting the unit's reminder days → its role holders (提醒);
//   - waiting the escalation days → the unit's head, unit_head (督办);
//   - a deadline 5 and 1 working days ahead, and missed → the drafters and
//     the publisher (only the latest one due: a report found late is not
//     told "5 days left" after its deadline).
// Each reminder's key (e.g. reviews/3/tasks/review-1@{µs}#remind) is kept in
// sent_reminders once recorded, so it goes out once; a crash in between
// records it again, and Notify's (event, person) key tells nobody twice.
// Looking at the open tasks themselves, not at past events, a deployment
// that adds the notification service later reminds of what already waits.
// The clock is the tick's parameter: tests call Tick(at) with any moment.
#ifndef REPORTFLOW_SERVICES_NOTIFICATION_API_REMINDER_TICKER_H_
#define REPORTFLOW_SERVICES_NOTIFICATION_API_REMINDER_TICKER_H_

#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "services/common/server.h"
#include "services/notification/api/notifier.h"
#include "services/notification/domain/work_calendar.h"

namespace reportflow::notification {

// What one tick did.
struct TickCounts {
  int tasks = 0;      // waiting stages looked at
  int deadlines = 0;  // running deadlines looked at
  int sent = 0;       // reminders recorded now
};

class ReminderTicker {
 public:
  ReminderTicker(ServiceContext context, ChannelConfig config, const WorkCalendar& calendar)
      : context_(context), notifier_(std::move(context), std::move(config)), calendar_(calendar) {}
  ~ReminderTicker() { Stop(); }

  // One pass at `now`. UNAVAILABLE when review, drafting or identity
  // cannot be reached (what was recorded stays; the next tick goes on).
  absl::StatusOr<TickCounts> Tick(absl::Time now);

  // Ticks every `interval` in a background thread with the context's clock,
  // logging failures, until Stop().
  void Start(absl::Duration interval);
  void Stop();

 private:
  // Records `event` under `key` unless sent before.
  absl::StatusOr<bool> SendOnce(absl::string_view key, const v1::NotifyRequest& event);

  ServiceContext context_;
  Notifier notifier_;
  const WorkCalendar& calendar_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace reportflow::notification

#endif  // REPORTFLOW_SERVICES_NOTIFICATION_API_REMINDER_TICKER_H_
