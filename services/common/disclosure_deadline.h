// The disclosure law's calendar, pure and shared: days are counted in China
// Standard Time (UTC+8), and a unit publishes its report within 20 days of
// the finance bureau's approval (批复日期). Publication shows the deadline,
// notification warns before it, drafting reports it to the finance bureau.
#ifndef REPORTFLOW_SERVICES_COMMON_DISCLOSURE_DEADLINE_H_
#define REPORTFLOW_SERVICES_COMMON_DISCLOSURE_DEADLINE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace reportflow {

// Days allowed between approval and publication.
inline constexpr int kDeadlineDays = 20;
// A publication still to go out is "at risk" this many days before its deadline.
inline constexpr int kAtRiskDays = 5;

// China Standard Time (UTC+8).
absl::TimeZone ChinaTime();
// The day `time` falls on in China Standard Time.
absl::CivilDay ChinaDay(absl::Time time);
// "YYYY-MM-DD".
std::string FormatDay(absl::CivilDay day);
// A "YYYY-MM-DD" date; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<absl::CivilDay> ParseDay(absl::string_view text, absl::string_view field);

// The last day to publish for an approval on `approval`.
absl::CivilDay DeadlineFor(absl::CivilDay approval);

enum class DeadlineStanding { kUnknown, kOnTime, kAtRisk, kOverdue, kOpen };
// Where a publication stands on `today`: on time or overdue once published
// (by the day it went out), else overdue past the deadline, at risk within
// kAtRiskDays of it, open before that. kUnknown without a deadline.
DeadlineStanding Standing(std::optional<absl::CivilDay> deadline,
                          std::optional<absl::CivilDay> published_on, absl::CivilDay today);

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_DISCLOSURE_DEADLINE_H_
