#include "services/notification/domain/reminders.h"

#include "absl/strings/str_cat.h"

namespace reportflow::notification {
namespace {

absl::Time At(absl::CivilDay day, int hour) {
  return absl::FromCivil(absl::CivilHour(day.year(), day.month(), day.day(), hour), ChinaTime());
}

void AddIfDue(std::vector<Reminder>& out, absl::string_view subject, ReminderKind kind,
              absl::Time due, absl::Time now) {
  if (due <= now) {
    out.push_back({kind, due, absl::StrCat(subject, "#", ReminderKindName(kind))});
  }
}

}  // namespace

absl::string_view ReminderKindName(ReminderKind kind) {
  switch (kind) {
    case ReminderKind::kRemind:
      return "remind";
    case ReminderKind::kEscalate:
      return "escalate";
    case ReminderKind::kDeadlineAhead5:
      return "deadline-5";
    case ReminderKind::kDeadlineAhead1:
      return "deadline-1";
    case ReminderKind::kDeadlineMissed:
      return "deadline-missed";
  }
  return "unknown";
}

std::vector<Reminder> TaskReminders(absl::string_view task, absl::Time activated,
                                    const ReminderPolicy& policy, const WorkCalendar& calendar,
                                    absl::Time now) {
  const absl::CivilDay start = absl::ToCivilDay(activated, ChinaTime());
  std::vector<Reminder> due;
  AddIfDue(due, task, ReminderKind::kRemind,
           At(calendar.AddWorkingDays(start, policy.remind_after_working_days), policy.send_hour),
           now);
  AddIfDue(due, task, ReminderKind::kEscalate,
           At(calendar.AddWorkingDays(start, policy.escalate_after_working_days), policy.send_hour),
           now);
  return due;
}

std::vector<Reminder> DeadlineReminders(absl::string_view subject, absl::CivilDay deadline,
                                        const ReminderPolicy& policy, const WorkCalendar& calendar,
                                        absl::Time now) {
  std::vector<Reminder> due;
  AddIfDue(due, subject, ReminderKind::kDeadlineAhead5,
           At(calendar.SubtractWorkingDays(deadline, 5), policy.send_hour), now);
  AddIfDue(due, subject, ReminderKind::kDeadlineAhead1,
           At(calendar.SubtractWorkingDays(deadline, 1), policy.send_hour), now);
  AddIfDue(due, subject, ReminderKind::kDeadlineMissed, At(deadline + 1, policy.send_hour), now);
  return due;
}

}  // namespace reportflow::notification
