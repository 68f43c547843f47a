// The publication service's pure rules: where a publication lives on the
// portal, its 索引号, the dates it shows, and the legal deadline — published
// within 20 days of the finance bureau's approval (批复日期). Dates are days
// in China Standard Time (UTC+8), the time the portal and the law count in.
#ifndef REPORTFLOW_SERVICES_PUBLICATION_DOMAIN_PUBLICATION_RULES_H_
#define REPORTFLOW_SERVICES_PUBLICATION_DOMAIN_PUBLICATION_RULES_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace reportflow::publication {

// Days allowed between approval and publication.
inline constexpr int kDeadlineDays = 20;
// A publication still to go out is "at risk" this many days before its deadline.
inline constexpr int kAtRiskDays = 5;

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

// The publication's directory on the portal: "{unit}/{year}/{report}-v{version}".
std::string PublicationDirectory(absl::string_view unit, int fiscal_year,
                                 absl::string_view report_id, int version);
// The unit-year index's directory: "{unit}/{year}".
std::string IndexDirectory(absl::string_view unit, int fiscal_year);
// 索引号: "{unit}-{year}-{publication id, six digits}", unique per publication.
std::string IndexNumber(absl::string_view unit, int fiscal_year, int64_t publication_id);

}  // namespace reportflow::publication

#endif  // REPORTFLOW_SERVICES_PUBLICATION_DOMAIN_PUBLICATION_RULES_H_
