#include "services/common/disclosure_deadline.h"

#include "absl/strings/str_cat.h"

namespace reportflow {

absl::TimeZone ChinaTime() { return absl::FixedTimeZone(8 * 60 * 60); }

absl::CivilDay ChinaDay(absl::Time time) { return absl::ToCivilDay(time, ChinaTime()); }

std::string FormatDay(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::StatusOr<absl::CivilDay> ParseDay(absl::string_view text, absl::string_view field) {
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day) || FormatDay(day) != text) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": \"", text, "\" is not a date of the form YYYY-MM-DD"));
  }
  return day;
}

absl::CivilDay DeadlineFor(absl::CivilDay approval) { return approval + kDeadlineDays; }

DeadlineStanding Standing(std::optional<absl::CivilDay> deadline,
                          std::optional<absl::CivilDay> published_on, absl::CivilDay today) {
  if (!deadline.has_value()) return DeadlineStanding::kUnknown;
  if (published_on.has_value()) {
    return *published_on <= *deadline ? DeadlineStanding::kOnTime : DeadlineStanding::kOverdue;
  }
  if (today > *deadline) return DeadlineStanding::kOverdue;
  if (*deadline - today <= kAtRiskDays) return DeadlineStanding::kAtRisk;
  return DeadlineStanding::kOpen;
}

}  // namespace reportflow
