#include "services/drafting/domain/report_state.h"

#include "gtest/gtest.h"

namespace reportflow::drafting {
namespace {

TEST(CheckEditableState, InReviewAndApprovedAreReadOnlyAndEverythingElseMayBeEdited) {
  for (v1::ReportState state : {v1::REPORT_STATE_IN_REVIEW, v1::REPORT_STATE_APPROVED}) {
    const absl::Status status = CheckEditableState("reports/r-1", state);
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_NE(status.message().find("reports/r-1"), absl::string_view::npos);
  }
  for (v1::ReportState state : {v1::REPORT_STATE_DRAFTING, v1::REPORT_STATE_RETURNED,
                                v1::REPORT_STATE_PUBLISHED, v1::REPORT_STATE_WITHDRAWN}) {
    EXPECT_TRUE(CheckEditableState("reports/r-1", state).ok()) << v1::ReportState_Name(state);
  }
}

TEST(AfterReviewOutcome, TheVersionUnderReviewIsApprovedOrReturned) {
  absl::StatusOr<ReviewOutcomeStep> approved =
      AfterReviewOutcome(v1::REPORT_STATE_IN_REVIEW, 2, 2, v1::REVIEW_OUTCOME_UNSPECIFIED,
                         v1::REVIEW_OUTCOME_APPROVED, "reports/r-1/versions/2");
  ASSERT_TRUE(approved.ok());
  EXPECT_FALSE(approved->already_recorded);
  EXPECT_EQ(approved->state, v1::REPORT_STATE_APPROVED);
  for (v1::ReviewOutcome outcome : {v1::REVIEW_OUTCOME_RETURNED, v1::REVIEW_OUTCOME_WITHDRAWN}) {
    absl::StatusOr<ReviewOutcomeStep> back =
        AfterReviewOutcome(v1::REPORT_STATE_IN_REVIEW, 2, 2, v1::REVIEW_OUTCOME_UNSPECIFIED,
                           outcome, "reports/r-1/versions/2");
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->state, v1::REPORT_STATE_RETURNED);
  }
}

TEST(AfterReviewOutcome, ARetryIsRecognisedAndAnythingElseIsRefused) {
  absl::StatusOr<ReviewOutcomeStep> retry =
      AfterReviewOutcome(v1::REPORT_STATE_APPROVED, 2, 2, v1::REVIEW_OUTCOME_APPROVED,
                         v1::REVIEW_OUTCOME_APPROVED, "reports/r-1/versions/2");
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->already_recorded);
  // An older version, a report not in review, another outcome already recorded.
  EXPECT_EQ(AfterReviewOutcome(v1::REPORT_STATE_IN_REVIEW, 3, 2, v1::REVIEW_OUTCOME_UNSPECIFIED,
                               v1::REVIEW_OUTCOME_APPROVED, "reports/r-1/versions/2")
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(AfterReviewOutcome(v1::REPORT_STATE_DRAFTING, 2, 2, v1::REVIEW_OUTCOME_UNSPECIFIED,
                               v1::REVIEW_OUTCOME_APPROVED, "reports/r-1/versions/2")
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(AfterReviewOutcome(v1::REPORT_STATE_RETURNED, 2, 2, v1::REVIEW_OUTCOME_RETURNED,
                               v1::REVIEW_OUTCOME_APPROVED, "reports/r-1/versions/2")
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(AfterPublicationOutcome, OnlyTheLatestVersionMovesTheReport) {
  EXPECT_EQ(
      AfterPublicationOutcome(v1::REPORT_STATE_APPROVED, 2, 2, v1::PUBLICATION_OUTCOME_PUBLISHED),
      v1::REPORT_STATE_PUBLISHED);
  EXPECT_EQ(
      AfterPublicationOutcome(v1::REPORT_STATE_PUBLISHED, 2, 2, v1::PUBLICATION_OUTCOME_WITHDRAWN),
      v1::REPORT_STATE_WITHDRAWN);
  // A correction keeps the state; an older version's outcome too.
  EXPECT_EQ(
      AfterPublicationOutcome(v1::REPORT_STATE_PUBLISHED, 2, 2, v1::PUBLICATION_OUTCOME_CORRECTED),
      v1::REPORT_STATE_PUBLISHED);
  EXPECT_EQ(
      AfterPublicationOutcome(v1::REPORT_STATE_IN_REVIEW, 3, 2, v1::PUBLICATION_OUTCOME_PUBLISHED),
      v1::REPORT_STATE_IN_REVIEW);
}

}  // namespace
}  // namespace reportflow::drafting
