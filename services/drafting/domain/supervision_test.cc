#include "services/drafting/domain/supervision.h"

#include "gtest/gtest.h"

namespace reportflow::drafting {
namespace {

ReportProgress Approved(absl::CivilDay approval) {
  ReportProgress progress;
  progress.state = v1::REPORT_STATE_IN_REVIEW;
  progress.finance_approval_date = approval;
  progress.required_sections = 8;
  progress.required_sections_filled = 7;
  progress.tables = 13;
  progress.tables_filled = 12;
  return progress;
}

TEST(SupervisionTest, WithoutApprovalDateThereIsNoDeadline) {
  ReportProgress progress;
  progress.state = v1::REPORT_STATE_DRAFTING;
  v1::RegionReport row;
  Assess(progress, absl::CivilDay(2025, 9, 1), &row);
  EXPECT_EQ(row.timeliness(), v1::TIMELINESS_NO_APPROVAL_DATE);
  EXPECT_EQ(row.days_since_approval(), -1);
  EXPECT_EQ(row.deadline_date(), "");
}

TEST(SupervisionTest, TwentyDaysFromApprovalOpenAtRiskOverdue) {
  const absl::CivilDay approval(2025, 8, 20);
  v1::RegionReport row;
  Assess(Approved(approval), absl::CivilDay(2025, 8, 25), &row);
  EXPECT_EQ(row.deadline_date(), "2025-09-09");
  EXPECT_EQ(row.days_since_approval(), 5);
  EXPECT_EQ(row.timeliness(), v1::TIMELINESS_OPEN);
  EXPECT_EQ(row.required_sections_filled(), 7);
  EXPECT_EQ(row.tables(), 13);
  Assess(Approved(approval), absl::CivilDay(2025, 9, 4), &row);
  EXPECT_EQ(row.timeliness(), v1::TIMELINESS_AT_RISK) << "5 days before the deadline";
  Assess(Approved(approval), absl::CivilDay(2025, 9, 9), &row);
  EXPECT_EQ(row.timeliness(), v1::TIMELINESS_AT_RISK) << "the last day still counts";
  Assess(Approved(approval), absl::CivilDay(2025, 9, 10), &row);
  EXPECT_EQ(row.timeliness(), v1::TIMELINESS_OVERDUE);
  EXPECT_EQ(row.days_since_approval(), 21);
}

TEST(SupervisionTest, PublishedIsJudgedByTheDayItWentOut) {
  ReportProgress progress = Approved(absl::CivilDay(2025, 8, 20));
  progress.state = v1::REPORT_STATE_PUBLISHED;
  progress.first_published = absl::CivilDay(2025, 9, 9);
  progress.publication_url = "https://www.jkh.gov.cn/2024/r-1/";
  v1::RegionReport row;
  Assess(progress, absl::CivilDay(2025, 12, 1), &row);
  EXPECT_EQ(row.timeliness(), v1::TIMELINESS_ON_TIME);
  EXPECT_EQ(row.days_since_approval(), 20) << "counted to publication, not to today";
  EXPECT_EQ(row.publish_date(), "2025-09-09");
  EXPECT_EQ(row.publication_url(), "https://www.jkh.gov.cn/2024/r-1/");
  progress.first_published = absl::CivilDay(2025, 9, 10);
  Assess(progress, absl::CivilDay(2025, 12, 1), &row);
  EXPECT_EQ(row.timeliness(), v1::TIMELINESS_LATE);
}

}  // namespace
}  // namespace reportflow::drafting
