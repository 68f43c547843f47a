// 催办 and the deadline warnings, pure: which reminders a waiting task or an
// unpublished report is owed at a given moment, counted in working days
// (work_calendar.h) in China Standard Time. Each reminder has a key unique
// to its subject and kind, so a sender that records keys sends it once
// however often it asks; the clock is a parameter, so tests need no waiting.
#ifndef REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_REMINDERS_H_
#define REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_REMINDERS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/disclosure_deadline.h"
#include "services/notification/domain/work_calendar.h"

namespace reportflow::notification {

// Per unit: after how many working days a waiting task reminds its holders,
// and after how many it escalates to the unit's head. Messages go out at
// `send_hour` (China time) of the day they fall due, within working hours.
struct ReminderPolicy {
  int remind_after_working_days = 2;
  int escalate_after_working_days = 4;
  int send_hour = 9;
};

enum class ReminderKind {
  kRemind,          // the task's holders: 待办已等待 N 个工作日
  kEscalate,        // the unit's head: 待办超期未办
  kDeadlineAhead5,  // drafters and publisher: 距公开期限还有 5 个工作日
  kDeadlineAhead1,  // 距公开期限还有 1 个工作日
  kDeadlineMissed,  // 已超过公开期限
};

struct Reminder {
  ReminderKind kind;
  // When it falls due.
  absl::Time due;
  // "{subject}#{kind}", unique per subject and kind: the exactly-once key.
  std::string key;
};

// The reminders of a task activated at `activated` that are due at `now`
// (due <= now), in order. `task` names it (e.g. reviews/3/tasks/review-1).
std::vector<Reminder> TaskReminders(absl::string_view task, absl::Time activated,
                                    const ReminderPolicy& policy, const WorkCalendar& calendar,
                                    absl::Time now);

// The deadline warnings of a publication due by `deadline` (its last day)
// and not yet published, due at `now`: 5 and 1 working days before the
// deadline, and the first day after it (missed). `subject` names the report.
std::vector<Reminder> DeadlineReminders(absl::string_view subject, absl::CivilDay deadline,
                                        const ReminderPolicy& policy, const WorkCalendar& calendar,
                                        absl::Time now);

// The kind's name in keys and logs ("remind", "escalate", "deadline-5", …).
absl::string_view ReminderKindName(ReminderKind kind);

// China Standard Time (UTC+8), the zone every working day is counted in.
using ::reportflow::ChinaTime;

}  // namespace reportflow::notification

#endif  // REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_REMINDERS_H_
