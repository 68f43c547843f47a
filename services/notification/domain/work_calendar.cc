#include "services/notification/domain/work_calendar.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "embedded/notification_data.h"

namespace reportflow::notification {
namespace {

bool IsWeekend(absl::CivilDay day) {
  const absl::Weekday weekday = absl::GetWeekday(day);
  return weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday;
}

}  // namespace

absl::StatusOr<WorkCalendar> WorkCalendar::Parse(absl::string_view text) {
  WorkCalendar calendar;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    absl::CivilDay day;
    if (fields.size() != 3 || !absl::ParseCivilTime(fields[0], &day) ||
        (fields[1] != "holiday" && fields[1] != "workday") || fields[2].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("calendar line ", number,
                       ": 应为“日期<TAB>holiday|workday<TAB>名称” (expected "
                       "YYYY-MM-DD, holiday or workday, and a name, tab-separated)"));
    }
    const bool working = fields[1] == "workday";
    if (working && !IsWeekend(day)) {
      return absl::InvalidArgumentError(
          absl::StrCat("calendar line ", number, ": ", fields[0],
                       " 是工作日，不必标为调休上班 (a workday entry must fall on a weekend)"));
    }
    if (!calendar.exceptions_.emplace(day, Exception{working, std::string(fields[2])}).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("calendar line ", number, ": ", fields[0], " 重复 (date listed twice)"));
    }
    const int year = static_cast<int>(day.year());
    if (calendar.first_year_ == 0 || year < calendar.first_year_) calendar.first_year_ = year;
    if (year > calendar.last_year_) calendar.last_year_ = year;
  }
  return calendar;
}

const WorkCalendar& WorkCalendar::Shipped() {
  static const WorkCalendar* const shipped = [] {
    for (const EmbeddedFile& file : NotificationDataFiles()) {
      if (file.name == "cn-work-calendar.tsv") {
        absl::StatusOr<WorkCalendar> parsed = Parse(file.content);
        // The shipped data is checked by work_calendar_test; a broken file
        // cannot reach a binary.
        if (parsed.ok()) return new WorkCalendar(*std::move(parsed));
      }
    }
    return new WorkCalendar();
  }();
  return *shipped;
}

bool WorkCalendar::IsWorkingDay(absl::CivilDay day) const {
  auto found = exceptions_.find(day);
  if (found != exceptions_.end()) return found->second.working;
  return !IsWeekend(day);
}

std::string WorkCalendar::HolidayName(absl::CivilDay day) const {
  auto found = exceptions_.find(day);
  return found != exceptions_.end() && !found->second.working ? found->second.name : "";
}

absl::CivilDay WorkCalendar::NextWorkingDay(absl::CivilDay day) const {
  while (!IsWorkingDay(day)) ++day;
  return day;
}

absl::CivilDay WorkCalendar::AddWorkingDays(absl::CivilDay day, int n) const {
  if (n <= 0) return NextWorkingDay(day);
  while (n > 0) {
    ++day;
    if (IsWorkingDay(day)) --n;
  }
  return day;
}

absl::CivilDay WorkCalendar::SubtractWorkingDays(absl::CivilDay day, int n) const {
  while (n > 0) {
    --day;
    if (IsWorkingDay(day)) --n;
  }
  return day;
}

int WorkCalendar::WorkingDaysBetween(absl::CivilDay from, absl::CivilDay to) const {
  int count = 0;
  for (absl::CivilDay day = from + 1; day <= to; ++day) {
    if (IsWorkingDay(day)) ++count;
  }
  return count;
}

}  // namespace reportflow::notification
