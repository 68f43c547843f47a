#include "services/review/domain/outcomes.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "workflow/definition.h"

namespace reportflow::review {
namespace {

const EndedReview kEnded{12, "r-3", 2};

v1::Comment MakeComment(const std::string& text, bool resolved) {
  v1::Comment comment;
  comment.mutable_anchor()->set_section("p2-overview");
  comment.mutable_anchor()->set_revision("reports/r-3/sections/p2-overview/revisions/4");
  comment.mutable_anchor()->set_start(3);
  comment.mutable_anchor()->set_end(9);
  comment.set_text(text);
  comment.set_resolved(resolved);
  comment.mutable_author()->set_user_id("u-wangqiang");
  comment.mutable_author()->set_display_name("王强");
  return comment;
}

TEST(OutcomeMessage, AReturnCarriesItsReasonAndTheUnresolvedCommentsUnderAStableKey) {
  const drafting::v1::RecordReviewOutcomeRequest message =
      OutcomeMessage(kEnded, drafting::v1::REVIEW_OUTCOME_RETURNED, "数字不符",
                     {MakeComment("缺少“万元”", false), MakeComment("已改", true)}, "");
  EXPECT_EQ(message.version(), "reports/r-3/versions/2");
  EXPECT_EQ(message.review(), "reviews/12");
  EXPECT_EQ(message.reason(), "数字不符");
  EXPECT_EQ(message.request_id(), "outcome-12-RETURNED");
  ASSERT_EQ(message.comments_size(), 1);
  EXPECT_EQ(message.comments(0).text(), "缺少“万元”");
  EXPECT_EQ(message.comments(0).section(), "p2-overview");
  EXPECT_EQ(message.comments(0).start(), 3);
  EXPECT_EQ(message.comments(0).end(), 9);
  EXPECT_EQ(message.comments(0).author().display_name(), "王强");
}

TEST(OutcomeMessage, ApprovalAndWithdrawalKeepTheKeysOfEarlierReleases) {
  EXPECT_EQ(OutcomeMessage(kEnded, drafting::v1::REVIEW_OUTCOME_APPROVED, "", {},
                           "reviews/12/certificate")
                .request_id(),
            "outcome-12-approved");
  EXPECT_EQ(OutcomeMessage(kEnded, drafting::v1::REVIEW_OUTCOME_APPROVED, "", {},
                           "reviews/12/certificate")
                .certificate(),
            "reviews/12/certificate");
  EXPECT_EQ(
      OutcomeMessage(kEnded, drafting::v1::REVIEW_OUTCOME_WITHDRAWN, "撤回", {}, "").request_id(),
      "outcome-12-WITHDRAWN");
}

TEST(CertificateOf, NamesEveryStageWithItsSignerTimeAndOpinion) {
  absl::StatusOr<workflow::ShippedWorkflows> shipped = workflow::LoadShippedWorkflows();
  ASSERT_TRUE(shipped.ok());
  workflow::Review review;
  review.definition = shipped->definitions.at("gov-interleaved");
  review.unit = "jinkouhe-gov-office";
  review.digest = std::string(64, 'b');
  const absl::Time signed_at = absl::FromUnixSeconds(1764554400);
  for (int i = 0; i < review.definition->stage_count(); ++i) {
    workflow::StageRecord record;
    record.state = workflow::StageState::kApproved;
    record.actor_id = absl::StrCat("u-", i);
    record.actor_name = absl::StrCat("签署人", i);
    record.decision_time = signed_at + absl::Minutes(i);
    record.opinion = "同意";
    review.stages.push_back(record);
  }
  const v1::ApprovalCertificate certificate =
      CertificateOf(kEnded, review, absl::FromUnixNanos(1764554500123456789));
  EXPECT_EQ(certificate.name(), "reviews/12/certificate");
  EXPECT_EQ(certificate.report(), "reports/r-3");
  EXPECT_EQ(certificate.report_version(), "reports/r-3/versions/2");
  EXPECT_EQ(certificate.digest(), std::string(64, 'b'));
  EXPECT_EQ(certificate.workflow_definition(), "workflowDefinitions/gov-interleaved");
  EXPECT_EQ(certificate.unit(), "jinkouhe-gov-office");
  ASSERT_EQ(certificate.stages_size(), review.definition->stage_count());
  EXPECT_EQ(certificate.stages(1).key(), review.definition->stage(1).key());
  EXPECT_EQ(certificate.stages(1).signer().display_name(), "签署人1");
  EXPECT_EQ(certificate.stages(1).sign_time().seconds(), 1764554400 + 60);
  EXPECT_EQ(certificate.stages(1).opinion(), "同意");
  // Microseconds, as stored.
  EXPECT_EQ(certificate.issue_time().nanos(), 123456000);
}

TEST(PublishMessage, CarriesTheSignedCertificateKeyedByTheVersion) {
  v1::ApprovalCertificate certificate;
  certificate.set_name("reviews/12/certificate");
  certificate.set_signed_payload("payload");
  certificate.set_signature("signature");
  certificate.set_public_key("key");
  const publication::v1::PublishReportRequest publish = PublishMessage(kEnded, certificate);
  EXPECT_EQ(publish.request_id(), "publish-r-3-v2");
  EXPECT_EQ(publish.certificate().name(), "reviews/12/certificate");
  EXPECT_EQ(publish.certificate().signed_payload(), "payload");
  EXPECT_EQ(publish.certificate().signature(), "signature");
  EXPECT_EQ(publish.certificate().public_key(), "key");
}

}  // namespace
}  // namespace reportflow::review
