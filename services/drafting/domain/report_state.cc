#include "services/drafting/domain/report_state.h"

#include "absl/strings/str_cat.h"

namespace reportflow::drafting {

absl::Status CheckEditableState(absl::string_view report, v1::ReportState state) {
  if (state == v1::REPORT_STATE_IN_REVIEW || state == v1::REPORT_STATE_APPROVED) {
    return absl::FailedPreconditionError(absl::StrCat(
        "报告 ", report, " 正在审校或已审定待发布，当前只读 (report is not editable in state ",
        v1::ReportState_Name(state), ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<ReviewOutcomeStep> AfterReviewOutcome(v1::ReportState state, int latest, int version,
                                                     v1::ReviewOutcome recorded,
                                                     v1::ReviewOutcome outcome,
                                                     absl::string_view version_name) {
  if (recorded == outcome) {
    return ReviewOutcomeStep{true, state};
  }
  if (state != v1::REPORT_STATE_IN_REVIEW || latest != version ||
      recorded != v1::REVIEW_OUTCOME_UNSPECIFIED) {
    return absl::FailedPreconditionError(
        absl::StrCat("版本 ", version_name, " 不在审校中（报告状态 ", v1::ReportState_Name(state),
                     "，最新版本 ", latest, "） (the version is not under review)"));
  }
  return ReviewOutcomeStep{false, outcome == v1::REVIEW_OUTCOME_APPROVED
                                      ? v1::REPORT_STATE_APPROVED
                                      : v1::REPORT_STATE_RETURNED};
}

v1::ReportState AfterPublicationOutcome(v1::ReportState state, int latest, int version,
                                        v1::PublicationOutcome outcome) {
  if (latest != version) return state;
  switch (outcome) {
    case v1::PUBLICATION_OUTCOME_PUBLISHED:
      return v1::REPORT_STATE_PUBLISHED;
    case v1::PUBLICATION_OUTCOME_WITHDRAWN:
      return v1::REPORT_STATE_WITHDRAWN;
    default:
      return state;
  }
}

}  // namespace reportflow::drafting
