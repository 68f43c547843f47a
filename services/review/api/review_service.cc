#include "services/review/api/review_service.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"
#include "proofread/version_check.h"
#include "reportflow/drafting/v1/drafting.pb.h"
#include "reportflow/publication/v1/publication.pb.h"
#include "services/common/certificate.h"
#include "services/common/log.h"
#include "services/common/notify_outbox.h"
#include "services/common/outbox.h"
#include "services/common/paging.h"
#include "services/common/proto_time.h"
#include "services/common/request_log.h"
#include "services/common/resource_name.h"
#include "services/common/sha256.h"
#include "services/common/status_macros.h"
#include "services/common/text_rules.h"
#include "services/review/api/review_names.h"
#include "services/review/api/review_proto.h"
#include "services/review/domain/notifications.h"
#include "services/review/domain/outcomes.h"
#include "services/review/domain/resubmission.h"

namespace reportflow::review {

absl::Status AuditDelivery(Transaction& tx, const OutboxMessage& message, absl::Time now) {
  // A notification changes nothing of the report: not in its audit chain.
  if (message.method == kNotifyMethod) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto version, ParseVersionName(message.subject, "subject"));
  ASSIGN_OR_RETURN(std::optional<AuditHead> head, FindAuditHead(tx, version.first));
  return AppendAudit(tx, version.first, head.has_value() ? head->unit : "",
                     {"outbox.delivered", kSystemId, kSystemName, message.subject,
                      Canonical({{"method", message.method},
                                 {"request_id", message.request_id},
                                 {"attempts", message.attempts + 1}})},
                     now)
      .status();
}

ReviewServiceImpl::ReviewServiceImpl(ServiceContext context, workflow::ShippedWorkflows workflows,
                                     SigningKey signing_key, AnchorWitness witness)
    : context_(std::move(context)),
      workflows_(std::move(workflows)),
      signing_key_(std::move(signing_key)),
      witness_(std::move(witness)),
      drafting_(std::make_unique<DraftingClient>(context_.peers)) {}

void ReviewServiceImpl::Witness(const std::optional<AuditAnchor>& anchor) const {
  if (!anchor.has_value()) {
    return;
  }
  if (absl::Status appended = witness_.Append(*anchor); !appended.ok()) {
    LogWarning("audit_witness_failed", {{"report", anchor->report_id},
                                        {"sequence", anchor->sequence},
                                        {"error", std::string(appended.message())}});
  }
}

absl::StatusOr<StoredReview> ReviewServiceImpl::Visible(Transaction& tx, const Caller& caller,
                                                        int64_t id) {
  ASSIGN_OR_RETURN(std::optional<StoredReview> stored,
                   LoadReview(tx, workflows_.definitions, id, false));
  if (!stored.has_value() || (!caller.InUnit(stored->review.unit) && !IsReaderService(caller))) {
    return absl::NotFoundError(absl::StrCat("审核 reviews/", id, " 不存在 (review not found)"));
  }
  return *std::move(stored);
}

v1::Review ReviewServiceImpl::ToProto(const StoredReview& stored, const Caller& caller) const {
  const workflow::Review& engine = stored.review;
  v1::Review proto;
  proto.set_name(stored.name());
  proto.set_report(stored.report_name());
  proto.set_report_version(stored.version_name());
  proto.set_digest(engine.digest);
  proto.set_workflow_definition(absl::StrCat(kDefinitionPrefix, engine.definition->id()));
  proto.set_state(review::ToProto(engine.state));
  const v1::WorkflowDefinition definition = DefinitionProto(*engine.definition);
  for (int i = 0; i < engine.definition->stage_count(); ++i) {
    const workflow::StageRecord& record = engine.stages[i];
    v1::Stage* stage = proto.add_stages();
    *stage->mutable_definition() = definition.stages(i);
    stage->set_state(review::ToProto(record.state));
    if (!record.actor_id.empty()) {
      stage->mutable_actor()->set_user_id(record.actor_id);
      stage->mutable_actor()->set_display_name(record.actor_name);
      SetTimestamp(record.decision_time, stage->mutable_decision_time());
    }
    stage->set_opinion(record.opinion);
    stage->set_approved_digest(record.approved_digest);
  }
  for (const PersonName& author : stored.authors) {
    type::v1::Person* person = proto.add_authors();
    person->set_user_id(author.id);
    person->set_display_name(author.name);
  }
  proto.set_unit(engine.unit);
  proto.set_title(stored.title);
  proto.mutable_submitter()->set_user_id(engine.submitter_id);
  proto.mutable_submitter()->set_display_name(stored.submitter_name);
  SetTimestamp(stored.create_time, proto.mutable_create_time());
  SetTimestamp(stored.update_time, proto.mutable_update_time());
  for (workflow::ActionKind kind :
       workflow::AllowedActions(engine, ToPerson(caller, engine.unit), context_.now())) {
    if (const v1::Action action = ActionProto(kind); action != v1::ACTION_UNSPECIFIED) {
      proto.add_allowed_actions(action);
    }
  }
  if (stored.previous_review_id != 0) {
    proto.set_previous_review(absl::StrCat("reviews/", stored.previous_review_id));
  }
  proto.set_etag(absl::StrCat("\"", stored.etag, "\""));
  return proto;
}

AuditRecord ReviewServiceImpl::AuditOf(const StoredReview& stored, const Caller& caller,
                                       const workflow::Event& event) const {
  std::string subject = stored.name();
  std::string actor_name = event.actor_id == caller.user_id ? caller.display_name : "";
  if (event.actor_id == kSystemId) {
    actor_name = kSystemName;
  }
  nlohmann::json details = {{"review", stored.name()},
                            {"report_version", stored.version_name()},
                            {"digest", stored.review.digest}};
  if (!event.stage_key.empty()) {
    subject = absl::StrCat(stored.name(), "/tasks/", event.stage_key);
    details["stage"] = event.stage_key;
  }
  if (event.kind == workflow::EventKind::kFindingOverridden) {
    subject = absl::StrCat(stored.name(), "/findings/", event.detail);
  } else if (event.kind == workflow::EventKind::kCommentAdded ||
             event.kind == workflow::EventKind::kCommentResolved) {
    subject = absl::StrCat(stored.name(), "/comments/", event.detail);
  }
  if (!event.detail.empty()) {
    details["detail"] = event.detail;
  }
  return {std::string(AuditAction(event.kind)), event.actor_id, actor_name, subject,
          Canonical(details)};
}

absl::StatusOr<AuditRecord> ReviewServiceImpl::IssueCertificate(Transaction& tx,
                                                                const StoredReview& stored) {
  const EndedReview ended = Ended(stored);
  v1::ApprovalCertificate certificate = CertificateOf(ended, stored.review, context_.now());
  SignCertificate(signing_key_, &certificate);
  RETURN_IF_ERROR(RegisterPublicKey(tx, signing_key_.id, signing_key_.public_key));
  RETURN_IF_ERROR(InsertCertificate(tx, stored.id, certificate));
  const publication::v1::PublishReportRequest publish = PublishMessage(ended, certificate);
  RETURN_IF_ERROR(EnqueueMessage(tx, {stored.review.unit, kPublishReport, stored.version_name(),
                                      publish.request_id(), publish.SerializeAsString()}));
  const drafting::v1::RecordReviewOutcomeRequest outcome =
      OutcomeMessage(ended, drafting::v1::REVIEW_OUTCOME_APPROVED, "", {}, certificate.name());
  RETURN_IF_ERROR(
      EnqueueMessage(tx, {stored.review.unit, kRecordReviewOutcome, stored.version_name(),
                          outcome.request_id(), outcome.SerializeAsString()}));
  return AuditRecord{"certificate.issue", kSystemId, kSystemName, certificate.name(),
                     Canonical({{"digest", stored.review.digest},
                                {"public_key", certificate.public_key()},
                                {"payload_sha256", Sha256Hex(certificate.signed_payload())}})};
}

absl::StatusOr<ReviewServiceImpl::Acted> ReviewServiceImpl::Act(
    Transaction& tx, const Caller& caller, int64_t id, std::vector<workflow::Action> actions,
    std::vector<v1::Comment> new_comments) {
  ASSIGN_OR_RETURN(std::optional<StoredReview> locked,
                   LoadReview(tx, workflows_.definitions, id, true));
  if (!locked.has_value() || !caller.InUnit(locked->review.unit)) {
    return absl::NotFoundError(absl::StrCat("审核 reviews/", id, " 不存在 (review not found)"));
  }
  const absl::Time now = context_.now();
  Acted acted;
  if (!new_comments.empty()) {
    ASSIGN_OR_RETURN(std::vector<ReviewSection> sections, ListReviewSections(tx, id));
    const int next_id = NextCommentId(locked->review);
    if (next_id - 1 + static_cast<int64_t>(new_comments.size()) >
        context_.limits.max_comments_per_review) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "本次审核已有 ", next_id - 1, " 条意见，再添 ", new_comments.size(), " 条将超过每次审核 ",
          context_.limits.max_comments_per_review,
          " 条的上限；请合并意见或退回后在新版本中继续 (limit max_comments_per_review)"));
    }
    std::vector<workflow::Action> with_comments;
    for (size_t i = 0; i < new_comments.size(); ++i) {
      RETURN_IF_ERROR(ValidateComment(new_comments[i], sections,
                                      new_comments.size() == 1 && actions.empty()
                                          ? "comment"
                                          : absl::StrCat("comments[", i, "]"),
                                      context_.limits));
      acted.new_comment_ids.push_back(next_id + static_cast<int>(i));
      with_comments.push_back(workflow::Action::AddComment(
          absl::StrCat(acted.new_comment_ids.back()), new_comments[i].blocking()));
    }
    with_comments.insert(with_comments.end(), actions.begin(), actions.end());
    actions = std::move(with_comments);
  }
  workflow::Person person = ToPerson(caller, locked->review.unit);
  // Who signs: "王强（代 李娜）" when the stage's role is lent (代理).
  for (const workflow::Action& action : actions) {
    if (action.kind == workflow::ActionKind::kApprove ||
        action.kind == workflow::ActionKind::kReturn) {
      const int stage = locked->review.definition->StageIndex(action.stage_key);
      if (stage >= 0) {
        person.display_name =
            caller.ActingName(locked->review.definition->stage(stage).role(), locked->review.unit);
      }
    }
  }
  workflow::Review current = locked->review;
  std::vector<workflow::Event> events;
  for (const workflow::Action& action : actions) {
    ASSIGN_OR_RETURN(workflow::Transition transition,
                     workflow::Apply(current, person, action, now));
    current = std::move(transition.review);
    events.insert(events.end(), transition.events.begin(), transition.events.end());
  }
  for (size_t i = 0; i < new_comments.size(); ++i) {
    v1::Comment& comment = new_comments[i];
    comment.set_name(absl::StrCat("reviews/", id, "/comments/", acted.new_comment_ids[i]));
    comment.mutable_author()->set_user_id(caller.user_id);
    comment.mutable_author()->set_display_name(caller.display_name);
    comment.set_resolved(false);
    comment.set_carried_from("");
    RETURN_IF_ERROR(InsertComment(tx, id, acted.new_comment_ids[i], comment, now));
    SetTimestamp(absl::FromUnixMicros(absl::ToUnixMicros(now)), comment.mutable_create_time());
  }
  acted.new_comments = std::move(new_comments);
  RETURN_IF_ERROR(SaveReview(tx, *locked, current, person.display_name, now));
  // The answer is built from what was written, not read back.
  acted.review = Saved(*locked, current, now);
  Caller acting = caller;
  acting.display_name = person.display_name;  // the audit names the 代理 too
  std::vector<AuditRecord> records;
  for (const workflow::Event& event : events) {
    records.push_back(AuditOf(*locked, acting, event));
  }

  // Outcomes: the certificate and publication on approval; what goes back
  // to drafting on a return or withdrawal.
  std::vector<v1::Comment> returned;
  for (const workflow::Event& event : events) {
    if (event.kind == workflow::EventKind::kReviewApproved) {
      ASSIGN_OR_RETURN(AuditRecord issued, IssueCertificate(tx, acted.review));
      records.push_back(std::move(issued));
      continue;
    }
    drafting::v1::ReviewOutcome outcome = drafting::v1::REVIEW_OUTCOME_WITHDRAWN;
    if (event.kind == workflow::EventKind::kReviewReturned) {
      outcome = drafting::v1::REVIEW_OUTCOME_RETURNED;
      // Every unresolved comment goes back, never a silent cut: a review
      // holds at most max_comments_per_review of them.
      ASSIGN_OR_RETURN(std::vector<v1::Comment> comments,
                       review::ListComments(
                           tx, id, 0, static_cast<int>(context_.limits.max_comments_per_review)));
      for (v1::Comment& comment : comments) {
        if (!comment.resolved()) returned.push_back(std::move(comment));
      }
    } else if (event.kind != workflow::EventKind::kReviewWithdrawn) {
      continue;
    }
    const drafting::v1::RecordReviewOutcomeRequest message =
        OutcomeMessage(Ended(acted.review), outcome, acted.review.review.end_reason, returned, "");
    RETURN_IF_ERROR(EnqueueMessage(
        tx, {acted.review.review.unit, kRecordReviewOutcome, acted.review.version_name(),
             message.request_id(), message.SerializeAsString()}));
  }
  RETURN_IF_ERROR(EnqueueNotifications(tx, acted.review, events, returned));
  // The audit entries in one append, and the chain's new head signed
  // (audit_anchor.h): every action ends so.
  ASSIGN_OR_RETURN(std::vector<AuditEntry> entries,
                   AppendAudits(tx, locked->report_id, locked->review.unit, records, now));
  if (!entries.empty()) {
    acted.anchor = SignAnchor(signing_key_, locked->report_id, entries.back().sequence,
                              entries.back().hash, now);
    RETURN_IF_ERROR(InsertAnchor(tx, *acted.anchor));
  }
  return acted;
}

absl::StatusOr<std::optional<AuditAnchor>> ReviewServiceImpl::SignHead(Transaction& tx,
                                                                       absl::string_view report_id,
                                                                       absl::Time now) {
  ASSIGN_OR_RETURN(std::optional<AuditHead> head, FindAuditHead(tx, report_id));
  if (!head.has_value()) return std::optional<AuditAnchor>();
  AuditAnchor anchor =
      SignAnchor(signing_key_, report_id, head->last_sequence, head->last_hash, now);
  RETURN_IF_ERROR(InsertAnchor(tx, anchor));
  return std::optional<AuditAnchor>(std::move(anchor));
}

absl::Status ReviewServiceImpl::CheckActivation(Transaction& tx, const Caller& caller, int64_t id,
                                                absl::string_view stage, absl::Time activated) {
  ASSIGN_OR_RETURN(std::optional<StoredReview> locked,
                   LoadReview(tx, workflows_.definitions, id, true));
  if (!locked.has_value() || !caller.InUnit(locked->review.unit)) {
    return absl::NotFoundError(absl::StrCat("审核 reviews/", id, " 不存在 (review not found)"));
  }
  const workflow::Review& review = locked->review;
  const bool same = !review.IsTerminal() && review.active_stage >= 0 &&
                    review.active_stage < review.definition->stage_count() &&
                    review.definition->stage(review.active_stage).key() == stage &&
                    absl::ToUnixMicros(locked->active_since) == absl::ToUnixMicros(activated);
  if (!same) {
    return absl::FailedPreconditionError(
        "该环节在链接发出后已有变化（已签署、退回或有新版本），链接已失效；请在审批工作台中办理 "
        "(the stage is no longer the activation the link was sent for)");
  }
  return absl::OkStatus();
}

absl::Status ReviewServiceImpl::EnqueueNotifications(Transaction& tx, const StoredReview& stored,
                                                     const std::vector<workflow::Event>& events,
                                                     const std::vector<v1::Comment>& returned) {
  if (context_.peers.notification_address.empty()) {
    return absl::OkStatus();  // no notification service in this deployment
  }
  ReviewSummary summary{stored.id, stored.version_name(), stored.title, stored.active_since, {}};
  // The comments that go back with a return, as the drafters will read them.
  for (const v1::Comment& comment : returned) {
    if (summary.returned_comments.size() >= 20) break;
    summary.returned_comments.push_back(absl::StrCat(TruncateText(comment.text(), 200), "（",
                                                     comment.author().display_name(), "）"));
  }
  for (const notification::v1::NotifyRequest& request :
       NotificationsAfter(summary, stored.review, events)) {
    RETURN_IF_ERROR(EnqueueNotify(tx, context_.peers, request));
  }
  return absl::OkStatus();
}

}  // namespace reportflow::review
