#include "services/review/domain/outcomes.h"

#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"

namespace reportflow::review {
namespace {

drafting::v1::ReturnedComment ToReturned(const v1::Comment& comment) {
  drafting::v1::ReturnedComment returned;
  returned.set_section(comment.anchor().section());
  returned.set_revision(comment.anchor().revision());
  returned.set_start(comment.anchor().start());
  returned.set_end(comment.anchor().end());
  returned.set_text(comment.text());
  *returned.mutable_author() = comment.author();
  return returned;
}

}  // namespace

std::string EndedReview::name() const { return absl::StrCat("reviews/", id); }
std::string EndedReview::version_name() const {
  return absl::StrCat("reports/", report_id, "/versions/", version_number);
}

drafting::v1::RecordReviewOutcomeRequest OutcomeMessage(const EndedReview& review,
                                                        drafting::v1::ReviewOutcome outcome,
                                                        absl::string_view reason,
                                                        const std::vector<v1::Comment>& returned,
                                                        absl::string_view certificate) {
  drafting::v1::RecordReviewOutcomeRequest message;
  message.set_version(review.version_name());
  message.set_outcome(outcome);
  message.set_review(review.name());
  message.set_reason(std::string(reason));
  message.set_certificate(std::string(certificate));
  for (const v1::Comment& comment : returned) {
    if (!comment.resolved()) *message.add_comments() = ToReturned(comment);
  }
  // The keys every earlier release used: an outcome already in an outbox
  // is never sent twice.
  message.set_request_id(outcome == drafting::v1::REVIEW_OUTCOME_APPROVED
                             ? absl::StrCat("outcome-", review.id, "-approved")
                             : absl::StrCat("outcome-", review.id, "-",
                                            drafting::v1::ReviewOutcome_Name(outcome).substr(15)));
  return message;
}

v1::ApprovalCertificate CertificateOf(const EndedReview& ended, const workflow::Review& review,
                                      absl::Time issue_time) {
  v1::ApprovalCertificate certificate;
  certificate.set_name(absl::StrCat(ended.name(), "/certificate"));
  certificate.set_report(absl::StrCat("reports/", ended.report_id));
  certificate.set_report_version(ended.version_name());
  certificate.set_digest(review.digest);
  certificate.set_workflow_definition(
      absl::StrCat("workflowDefinitions/", review.definition->id()));
  certificate.set_unit(review.unit);
  for (int i = 0; i < review.definition->stage_count(); ++i) {
    const workflow::StageDefinition& definition = review.definition->stage(i);
    const workflow::StageRecord& record = review.stages[i];
    v1::CertifiedStage* stage = certificate.add_stages();
    stage->set_key(definition.key());
    stage->set_display_name(definition.display_name());
    stage->set_role(definition.role());
    stage->mutable_signer()->set_user_id(record.actor_id);
    stage->mutable_signer()->set_display_name(record.actor_name);
    SetTimestamp(record.decision_time, stage->mutable_sign_time());
    stage->set_opinion(record.opinion);
  }
  SetTimestamp(absl::FromUnixMicros(absl::ToUnixMicros(issue_time)),
               certificate.mutable_issue_time());
  return certificate;
}

publication::v1::PublishReportRequest PublishMessage(const EndedReview& review,
                                                     const v1::ApprovalCertificate& certificate) {
  publication::v1::PublishReportRequest publish;
  publication::v1::SignedCertificate* signed_certificate = publish.mutable_certificate();
  signed_certificate->set_name(certificate.name());
  signed_certificate->set_signed_payload(certificate.signed_payload());
  signed_certificate->set_signature(certificate.signature());
  signed_certificate->set_public_key(certificate.public_key());
  publish.set_request_id(absl::StrCat("publish-", review.report_id, "-v", review.version_number));
  return publish;
}

}  // namespace reportflow::review
