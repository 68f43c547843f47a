#include "services/notification/domain/reminders.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace reportflow::notification {
namespace {

absl::Time China(int y, int m, int d, int h, int min = 0) {
  return absl::FromCivil(absl::CivilMinute(y, m, d, h, min), ChinaTime());
}

std::vector<std::string> Keys(const std::vector<Reminder>& reminders) {
  std::vector<std::string> keys;
  for (const Reminder& r : reminders) keys.push_back(r.key);
  return keys;
}

TEST(RemindersTest, ATaskRemindsAfterTwoWorkingDaysAcrossAWeekendThenEscalates) {
  const WorkCalendar& calendar = WorkCalendar::Shipped();
  const ReminderPolicy policy;  // remind after 2, escalate after 4, at 09:00
  const std::string task = "reviews/3/tasks/review-1";
  // Activated Thursday 26 Nov 2026 at 16:00: Friday is one, Monday two.
  const absl::Time activated = China(2026, 11, 26, 16);
  EXPECT_TRUE(TaskReminders(task, activated, policy, calendar, China(2026, 11, 30, 8, 59)).empty());
  std::vector<Reminder> due =
      TaskReminders(task, activated, policy, calendar, China(2026, 11, 30, 9));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, ReminderKind::kRemind);
  EXPECT_EQ(due[0].due, China(2026, 11, 30, 9));
  EXPECT_EQ(due[0].key, "reviews/3/tasks/review-1#remind");
  // Tuesday three, Wednesday four: escalation on Wednesday 2 Dec.
  EXPECT_EQ(TaskReminders(task, activated, policy, calendar, China(2026, 12, 1, 23)).size(), 1u);
  EXPECT_THAT(Keys(TaskReminders(task, activated, policy, calendar, China(2026, 12, 2, 9))),
              ::testing::ElementsAre("reviews/3/tasks/review-1#remind",
                                     "reviews/3/tasks/review-1#escalate"));
}

TEST(RemindersTest, AnOfficialWorkingSaturdayCountsAndTheHolidayDoesNot) {
  const WorkCalendar& calendar = WorkCalendar::Shipped();
  const ReminderPolicy policy;
  // Activated Friday 13 Feb 2026: Saturday 14 Feb is a working day (调休),
  // then 春节 to 23 Feb: the reminder is due on Tuesday 24 Feb.
  const absl::Time activated = China(2026, 2, 13, 10);
  EXPECT_TRUE(TaskReminders("t", activated, policy, calendar, China(2026, 2, 23, 18)).empty());
  std::vector<Reminder> due =
      TaskReminders("t", activated, policy, calendar, China(2026, 2, 24, 9));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].due, China(2026, 2, 24, 9));
}

TEST(RemindersTest, DeadlineWarningsFiveAndOneWorkingDaysBeforeAndWhenMissed) {
  const WorkCalendar& calendar = WorkCalendar::Shipped();
  const ReminderPolicy policy;
  const absl::CivilDay deadline(2026, 10, 12);  // a Monday after 国庆
  EXPECT_TRUE(
      DeadlineReminders("reports/r-1", deadline, policy, calendar, China(2026, 9, 28, 9)).empty());
  // Five working days back: 10 Oct (the working Saturday), 9, 8 Oct, then
  // over the holiday to 30 and 29 Sep.
  std::vector<Reminder> due =
      DeadlineReminders("reports/r-1", deadline, policy, calendar, China(2026, 9, 29, 9));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, ReminderKind::kDeadlineAhead5);
  EXPECT_EQ(due[0].key, "reports/r-1#deadline-5");
  due = DeadlineReminders("reports/r-1", deadline, policy, calendar, China(2026, 10, 10, 9));
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[1].kind, ReminderKind::kDeadlineAhead1);
  EXPECT_EQ(due[1].due, China(2026, 10, 10, 9)) << "the working Saturday";
  EXPECT_EQ(
      DeadlineReminders("reports/r-1", deadline, policy, calendar, China(2026, 10, 13, 8)).size(),
      2u);
  due = DeadlineReminders("reports/r-1", deadline, policy, calendar, China(2026, 10, 13, 9));
  ASSERT_EQ(due.size(), 3u);
  EXPECT_EQ(due[2].key, "reports/r-1#deadline-missed");
}

}  // namespace
}  // namespace reportflow::notification
