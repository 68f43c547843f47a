#include "services/notification/domain/work_calendar.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow::notification {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;

using ::testing::HasSubstr;
using ::testing::StartsWith;

absl::CivilDay Day(int y, int m, int d) { return absl::CivilDay(y, m, d); }

TEST(WorkCalendarTest, ShippedDataCoversTheOfficialNoticesOf2025And2026) {
  const WorkCalendar& calendar = WorkCalendar::Shipped();
  EXPECT_EQ(calendar.first_year(), 2025);
  EXPECT_EQ(calendar.last_year(), 2026);
  // 2026 春节: 2 月 15 日至 23 日放假，2 月 14 日（周六）、28 日（周六）上班.
  EXPECT_TRUE(calendar.IsWorkingDay(Day(2026, 2, 14)));
  EXPECT_FALSE(calendar.IsWorkingDay(Day(2026, 2, 16)));
  EXPECT_EQ(calendar.HolidayName(Day(2026, 2, 16)), "春节");
  EXPECT_TRUE(calendar.IsWorkingDay(Day(2026, 2, 28)));
  // 2025 国庆节、中秋节: 10 月 1 日至 8 日，9 月 28 日（周日）、10 月 11 日（周六）上班.
  EXPECT_FALSE(calendar.IsWorkingDay(Day(2025, 10, 8)));
  EXPECT_TRUE(calendar.IsWorkingDay(Day(2025, 9, 28)));
  EXPECT_TRUE(calendar.IsWorkingDay(Day(2025, 10, 11)));
  // An ordinary weekend and weekday.
  EXPECT_FALSE(calendar.IsWorkingDay(Day(2026, 11, 28)));
  EXPECT_TRUE(calendar.IsWorkingDay(Day(2026, 11, 30)));
  EXPECT_EQ(calendar.HolidayName(Day(2026, 11, 30)), "");
}

TEST(WorkCalendarTest, CountsAcrossAWeekendAndAnOfficialWorkingSaturday) {
  const WorkCalendar& calendar = WorkCalendar::Shipped();
  // Friday → Monday over an ordinary weekend.
  EXPECT_EQ(calendar.AddWorkingDays(Day(2026, 11, 27), 1), Day(2026, 11, 30));
  EXPECT_EQ(calendar.WorkingDaysBetween(Day(2026, 11, 27), Day(2026, 11, 30)), 1);
  // Friday 13 Feb 2026 → Saturday 14 Feb is a working day (调休), then the
  // holiday runs to Monday 23 Feb.
  EXPECT_EQ(calendar.AddWorkingDays(Day(2026, 2, 13), 1), Day(2026, 2, 14));
  EXPECT_EQ(calendar.AddWorkingDays(Day(2026, 2, 13), 2), Day(2026, 2, 24));
  EXPECT_EQ(calendar.WorkingDaysBetween(Day(2026, 2, 13), Day(2026, 2, 24)), 2);
  // Back over 国庆: the working Saturday 10 Oct 2026, then 9 and 8 Oct, then
  // the holiday back to 30 Sep.
  EXPECT_EQ(calendar.SubtractWorkingDays(Day(2026, 10, 12), 1), Day(2026, 10, 10));
  EXPECT_EQ(calendar.SubtractWorkingDays(Day(2026, 10, 12), 4), Day(2026, 9, 30));
  EXPECT_EQ(calendar.NextWorkingDay(Day(2026, 10, 1)), Day(2026, 10, 8));
  EXPECT_EQ(calendar.AddWorkingDays(Day(2026, 10, 3), 0), Day(2026, 10, 8));
  EXPECT_EQ(calendar.WorkingDaysBetween(Day(2026, 10, 12), Day(2026, 10, 1)), 0);
}

TEST(WorkCalendarTest, RefusesLinesThatWouldMisleadNamingTheLine) {
  EXPECT_THAT(WorkCalendar::Parse("2026-01-01\tholiday\t元旦\n2026-01-01\tholiday\t元旦\n"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  absl::StatusOr<WorkCalendar> weekday = WorkCalendar::Parse("# c\n2026-11-30\tworkday\t误\n");
  ASSERT_FALSE(weekday.ok());
  EXPECT_THAT(std::string(weekday.status().message()), StartsWith("calendar line 2:"));
  EXPECT_THAT(std::string(weekday.status().message()), HasSubstr("weekend"));
  EXPECT_THAT(WorkCalendar::Parse("2026-13-01\tholiday\t无\n"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(WorkCalendar::Parse("2026-01-01 holiday 元旦\n"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  absl::StatusOr<WorkCalendar> empty = WorkCalendar::Parse("");
  ASSERT_THAT(empty, IsOk());
  EXPECT_TRUE(empty->IsWorkingDay(Day(2026, 10, 1))) << "outside the data only weekends are off";
}

}  // namespace
}  // namespace reportflow::notification
