// Working days in China, pure: weekends and the official holidays are days
// off, and the weekend days the State Council declares working days (调休上班)
// are working days. The calendar is data (data/cn-work-calendar.tsv, compiled
// in), one line per exceptional day, so next year's notice is a data change.
// Reminders (催办) and the publication deadline warnings count in it.
#ifndef REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_WORK_CALENDAR_H_
#define REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_WORK_CALENDAR_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace reportflow::notification {

class WorkCalendar {
 public:
  // Parses "YYYY-MM-DD<TAB>holiday|workday<TAB>name" lines ('#' starts a
  // comment line). INVALID_ARGUMENT naming the line for anything else, for a
  // date given twice, and for a "workday" on a Monday–Friday (it would mean
  // nothing). A holiday may fall on a weekend.
  static absl::StatusOr<WorkCalendar> Parse(absl::string_view text);
  // The calendar shipped with the service.
  static const WorkCalendar& Shipped();

  bool IsWorkingDay(absl::CivilDay day) const;
  // The holiday's name (e.g. 春节), or "" for an ordinary day.
  std::string HolidayName(absl::CivilDay day) const;
  // The first working day on or after `day`.
  absl::CivilDay NextWorkingDay(absl::CivilDay day) const;
  // `n` (>= 0) working days after `day`: Add(Friday, 1) is the next
  // working day after Friday. With n == 0, `day` itself if it is a working
  // day, else the next one.
  absl::CivilDay AddWorkingDays(absl::CivilDay day, int n) const;
  // `n` (>= 1) working days before `day`: the working day reached by
  // stepping back over n working days.
  absl::CivilDay SubtractWorkingDays(absl::CivilDay day, int n) const;
  // Working days in (from, to]; 0 when `to` is not after `from`.
  int WorkingDaysBetween(absl::CivilDay from, absl::CivilDay to) const;
  // The years the data covers, e.g. [2025, 2026]; outside them only
  // weekends are days off.
  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }

 private:
  struct Exception {
    bool working = false;
    std::string name;
  };
  std::map<absl::CivilDay, Exception> exceptions_;
  int first_year_ = 0;
  int last_year_ = 0;
};

}  // namespace reportflow::notification

#endif  // REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_WORK_CALENDAR_H_
