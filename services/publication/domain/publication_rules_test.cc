#include "services/publication/domain/publication_rules.h"

#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow::publication {
namespace {

using ::reportflow::testing::StatusIs;

TEST(Deadline, IsTwentyDaysAfterApproval) {
  EXPECT_EQ(FormatDay(DeadlineFor(absl::CivilDay(2025, 9, 15))), "2025-10-05");
}

TEST(Deadline, StandingCountsTheDayItWentOut) {
  const absl::CivilDay deadline(2025, 10, 5);
  EXPECT_EQ(Standing(deadline, absl::CivilDay(2025, 10, 5), absl::CivilDay(2025, 12, 1)),
            DeadlineStanding::kOnTime);
  EXPECT_EQ(Standing(deadline, absl::CivilDay(2025, 10, 6), absl::CivilDay(2025, 10, 6)),
            DeadlineStanding::kOverdue);
  EXPECT_EQ(Standing(deadline, std::nullopt, absl::CivilDay(2025, 10, 6)),
            DeadlineStanding::kOverdue);
  EXPECT_EQ(Standing(deadline, std::nullopt, absl::CivilDay(2025, 9, 30)),
            DeadlineStanding::kAtRisk);
  EXPECT_EQ(Standing(deadline, std::nullopt, absl::CivilDay(2025, 9, 29)), DeadlineStanding::kOpen);
  EXPECT_EQ(Standing(std::nullopt, std::nullopt, absl::CivilDay(2025, 9, 29)),
            DeadlineStanding::kUnknown);
}

TEST(Dates, AreChinaStandardTimeDays) {
  // 2025-09-30 17:00 UTC is already 10-01 in Beijing.
  EXPECT_EQ(FormatDay(ChinaDay(
                absl::FromCivil(absl::CivilSecond(2025, 9, 30, 17, 0, 0), absl::UTCTimeZone()))),
            "2025-10-01");
  EXPECT_EQ(FormatDay(*ParseDay("2025-09-15", "finance_approval_date")), "2025-09-15");
  EXPECT_THAT(ParseDay("2025-9-15", "finance_approval_date").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseDay("2025-02-30", "finance_approval_date").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(Naming, DirectoriesAndIndexNumbers) {
  EXPECT_EQ(PublicationDirectory("jinkouhe-gov-office", 2024, "r-7", 2),
            "jinkouhe-gov-office/2024/r-7-v2");
  EXPECT_EQ(IndexDirectory("jinkouhe-gov-office", 2024), "jinkouhe-gov-office/2024");
  EXPECT_EQ(IndexNumber("jinkouhe-gov-office", 2024, 12), "jinkouhe-gov-office-2024-000012");
}

}  // namespace
}  // namespace reportflow::publication
