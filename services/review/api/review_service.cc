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
#include "services/review/domain/notifications.h"

namespace reportflow::review {
namespace {

constexpr char kDefinitionPrefix[] = "workflowDefinitions/";
// The review service acting for the machine and the system.
constexpr char kSystemId[] = "svc-review";
constexpr char kSystemName[] = "审核服务";

workflow::Person SystemPerson() {
  return {kSystemId, kSystemName, {std::string(workflow::kSystemRole)}, {}};
}

bool IsHexDigest(absl::string_view digest) {
  return digest.size() == 64 && digest.find_first_not_of("0123456789abcdef") == digest.npos;
}

int CodePoints(absl::string_view text) {
  int count = 0;
  for (char c : text) {
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }
  return count;
}

v1::Severity SeverityProto(proofread::Severity severity) {
  switch (severity) {
    case proofread::Severity::kError:
      return v1::SEVERITY_ERROR;
    case proofread::Severity::kWarning:
      return v1::SEVERITY_WARNING;
    case proofread::Severity::kInfo:
      return v1::SEVERITY_INFO;
  }
  return v1::SEVERITY_UNSPECIFIED;
}

workflow::Severity ToEngine(proofread::Severity severity) {
  switch (severity) {
    case proofread::Severity::kError:
      return workflow::Severity::kError;
    case proofread::Severity::kWarning:
      return workflow::Severity::kWarning;
    case proofread::Severity::kInfo:
      return workflow::Severity::kInfo;
  }
  return workflow::Severity::kInfo;
}

v1::Action ActionProto(workflow::ActionKind kind) {
  switch (kind) {
    case workflow::ActionKind::kApprove:
      return v1::ACTION_APPROVE;
    case workflow::ActionKind::kReturn:
      return v1::ACTION_RETURN;
    case workflow::ActionKind::kWithdraw:
      return v1::ACTION_WITHDRAW;
    case workflow::ActionKind::kAddComment:
      return v1::ACTION_COMMENT;
    case workflow::ActionKind::kResolveComment:
      return v1::ACTION_RESOLVE_COMMENT;
    case workflow::ActionKind::kOverrideFinding:
      return v1::ACTION_OVERRIDE_FINDING;
    default:
      return v1::ACTION_UNSPECIFIED;
  }
}

// The audit action name of an engine event.
absl::string_view AuditAction(workflow::EventKind kind) {
  switch (kind) {
    case workflow::EventKind::kReviewStarted:
      return "review.start";
    case workflow::EventKind::kMachineCheckCompleted:
      return "machine_check.complete";
    case workflow::EventKind::kStageApproved:
      return "stage.approve";
    case workflow::EventKind::kStageReturned:
      return "stage.return";
    case workflow::EventKind::kReviewApproved:
      return "review.approve";
    case workflow::EventKind::kReviewReturned:
      return "review.return";
    case workflow::EventKind::kReviewWithdrawn:
      return "review.withdraw";
    case workflow::EventKind::kReviewCancelled:
      return "review.cancel";
    case workflow::EventKind::kFindingOverridden:
      return "finding.override";
    case workflow::EventKind::kCommentAdded:
      return "comment.add";
    case workflow::EventKind::kCommentResolved:
      return "comment.resolve";
  }
  return "unknown";
}

v1::WorkflowDefinition DefinitionProto(const workflow::Definition& definition) {
  v1::WorkflowDefinition proto;
  proto.set_name(absl::StrCat(kDefinitionPrefix, definition.id()));
  proto.set_display_name(definition.proto().display_name());
  for (int i = 0; i < definition.stage_count(); ++i) {
    const workflow::StageDefinition& stage = definition.stage(i);
    v1::StageDefinition* out = proto.add_stages();
    out->set_key(stage.key());
    out->set_display_name(stage.display_name());
    out->set_kind(static_cast<v1::StageKind>(stage.kind()));
    out->set_role(stage.role());
    out->set_blocks_on_findings(definition.IsBlocking(i));
  }
  proto.set_allow_same_person_multiple_stages(definition.AllowSamePersonMultipleStages());
  proto.set_allow_authors(definition.AllowAuthors());
  proto.set_return_policy(static_cast<v1::ReturnPolicy>(definition.return_policy()));
  proto.set_allow_override(definition.AllowOverride());
  return proto;
}

workflow::ReturnTarget ToEngine(v1::ReturnTarget target) {
  switch (target) {
    case v1::RETURN_TARGET_PREVIOUS_STAGE:
      return workflow::ReturnTarget::kPreviousStage;
    case v1::RETURN_TARGET_NAMED_STAGE:
      return workflow::ReturnTarget::kNamedStage;
    default:
      return workflow::ReturnTarget::kDrafters;
  }
}

// Checks a new comment's anchor and text against the reviewed manifest and
// fills the anchor's revision when it was left empty.
absl::Status ValidateComment(v1::Comment& comment, const std::vector<ReviewSection>& sections,
                             absl::string_view field, const Limits& limits) {
  RETURN_IF_ERROR(ValidateText(absl::StrCat(field, ".text"), comment.text(),
                               static_cast<size_t>(limits.max_text_chars), Presence::kRequired));
  const v1::Anchor& anchor = comment.anchor();
  auto section = std::find_if(sections.begin(), sections.end(), [&](const ReviewSection& s) {
    return s.section == anchor.section();
  });
  if (section == sections.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".anchor.section: 待审版本中没有章节“", QuoteInput(anchor.section()),
                     "” (must name a section of the reviewed version)"));
  }
  if (!anchor.revision().empty() && anchor.revision() != section->revision) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".anchor.revision: 待审版本中该章节的修订是 ", section->revision,
                     "，不是 ", QuoteInput(anchor.revision()), " (must be the reviewed revision)"));
  }
  if (anchor.start() < 0 || anchor.end() < anchor.start() ||
      anchor.end() > section->content_chars) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".anchor: 范围须满足 0 ≤ start ≤ end ≤ ", section->content_chars,
                     "（章节字数） (span out of the section's content)"));
  }
  comment.mutable_anchor()->set_revision(section->revision);
  return absl::OkStatus();
}

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

absl::Status ReviewServiceImpl::Audit(Transaction& tx, const StoredReview& stored,
                                      const Caller& caller, const workflow::Event& event) {
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
  return AppendAudit(tx, stored.report_id, stored.review.unit,
                     {std::string(AuditAction(event.kind)), event.actor_id, actor_name, subject,
                      Canonical(details)},
                     context_.now())
      .status();
}

absl::Status ReviewServiceImpl::IssueCertificate(Transaction& tx, const StoredReview& stored) {
  const workflow::Review& review = stored.review;
  v1::ApprovalCertificate certificate;
  certificate.set_name(absl::StrCat(stored.name(), "/certificate"));
  certificate.set_report(stored.report_name());
  certificate.set_report_version(stored.version_name());
  certificate.set_digest(review.digest);
  certificate.set_workflow_definition(absl::StrCat(kDefinitionPrefix, review.definition->id()));
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
  SetTimestamp(absl::FromUnixMicros(absl::ToUnixMicros(context_.now())),
               certificate.mutable_issue_time());
  SignCertificate(signing_key_, &certificate);
  RETURN_IF_ERROR(RegisterPublicKey(tx, signing_key_.id, signing_key_.public_key));
  RETURN_IF_ERROR(InsertCertificate(tx, stored.id, certificate));
  RETURN_IF_ERROR(
      AppendAudit(tx, stored.report_id, review.unit,
                  {"certificate.issue", kSystemId, kSystemName, certificate.name(),
                   Canonical({{"digest", review.digest},
                              {"public_key", certificate.public_key()},
                              {"payload_sha256", Sha256Hex(certificate.signed_payload())}})},
                  context_.now())
          .status());

  publication::v1::PublishReportRequest publish;
  publication::v1::SignedCertificate* signed_certificate = publish.mutable_certificate();
  signed_certificate->set_name(certificate.name());
  signed_certificate->set_signed_payload(certificate.signed_payload());
  signed_certificate->set_signature(certificate.signature());
  signed_certificate->set_public_key(certificate.public_key());
  publish.set_request_id(absl::StrCat("publish-", stored.report_id, "-v", stored.version_number));
  RETURN_IF_ERROR(EnqueueMessage(tx, {review.unit, kPublishReport, stored.version_name(),
                                      publish.request_id(), publish.SerializeAsString()}));

  drafting::v1::RecordReviewOutcomeRequest outcome;
  outcome.set_version(stored.version_name());
  outcome.set_outcome(drafting::v1::REVIEW_OUTCOME_APPROVED);
  outcome.set_review(stored.name());
  outcome.set_certificate(certificate.name());
  outcome.set_request_id(absl::StrCat("outcome-", stored.id, "-approved"));
  return EnqueueMessage(tx, {review.unit, kRecordReviewOutcome, stored.version_name(),
                             outcome.request_id(), outcome.SerializeAsString()});
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
    ASSIGN_OR_RETURN(int next_id, NextCommentId(tx, id));
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
    comment.mutable_author()->set_user_id(caller.user_id);
    comment.mutable_author()->set_display_name(caller.display_name);
    comment.set_resolved(false);
    comment.set_carried_from("");
    RETURN_IF_ERROR(InsertComment(tx, id, acted.new_comment_ids[i], comment, now));
  }
  RETURN_IF_ERROR(SaveReview(tx, *locked, current, person.display_name, now));
  Caller acting = caller;
  acting.display_name = person.display_name;  // the audit names the 代理 too
  for (const workflow::Event& event : events) {
    RETURN_IF_ERROR(Audit(tx, *locked, acting, event));
  }
  ASSIGN_OR_RETURN(std::optional<StoredReview> fresh,
                   LoadReview(tx, workflows_.definitions, id, false));
  acted.review = *std::move(fresh);
  RETURN_IF_ERROR(EnqueueNotifications(tx, acted.review, events));
  for (const workflow::Event& event : events) {
    drafting::v1::RecordReviewOutcomeRequest outcome;
    if (event.kind == workflow::EventKind::kReviewApproved) {
      RETURN_IF_ERROR(IssueCertificate(tx, acted.review));
      continue;
    }
    if (event.kind == workflow::EventKind::kReviewReturned) {
      outcome.set_outcome(drafting::v1::REVIEW_OUTCOME_RETURNED);
      // Every unresolved comment goes back, never a silent cut: a review
      // holds at most max_comments_per_review of them.
      ASSIGN_OR_RETURN(std::vector<v1::Comment> comments,
                       review::ListComments(
                           tx, id, 0, static_cast<int>(context_.limits.max_comments_per_review)));
      for (const v1::Comment& comment : comments) {
        if (!comment.resolved()) {
          *outcome.add_comments() = ToReturned(comment);
        }
      }
    } else if (event.kind == workflow::EventKind::kReviewWithdrawn) {
      outcome.set_outcome(drafting::v1::REVIEW_OUTCOME_WITHDRAWN);
    } else {
      continue;
    }
    outcome.set_version(acted.review.version_name());
    outcome.set_review(acted.review.name());
    outcome.set_reason(acted.review.review.end_reason);
    outcome.set_request_id(absl::StrCat(
        "outcome-", id, "-", drafting::v1::ReviewOutcome_Name(outcome.outcome()).substr(15)));
    RETURN_IF_ERROR(EnqueueMessage(
        tx, {acted.review.review.unit, kRecordReviewOutcome, acted.review.version_name(),
             outcome.request_id(), outcome.SerializeAsString()}));
  }
  // Every action ends with the chain's head signed (audit_anchor.h).
  ASSIGN_OR_RETURN(std::optional<AuditAnchor> anchor, SignHead(tx, locked->report_id, now));
  if (anchor.has_value()) acted.anchor = *std::move(anchor);
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

absl::Status ReviewServiceImpl::CreateReview(Transaction& tx,
                                             const drafting::v1::ReportVersion& version,
                                             const drafting::v1::Template& report_template,
                                             std::shared_ptr<const workflow::Definition> definition,
                                             int64_t* review_id) {
  const absl::Time now = context_.now();
  ASSIGN_OR_RETURN(auto name, ParseVersionName(version.name(), "report_version"));
  ASSIGN_OR_RETURN(ReportReviews existing, LockReportReviews(tx, name.first));
  ASSIGN_OR_RETURN(std::optional<int64_t> raced, FindReviewOfVersion(tx, name.first, name.second));
  if (raced.has_value()) {
    *review_id = *raced;
    return absl::OkStatus();
  }

  NewReview row;
  row.report_id = name.first;
  row.version_number = name.second;
  row.title = version.title();
  row.submitter_name = version.submitter().display_name();
  row.previous_review_id = existing.latest;
  workflow::ReviewInput input;
  input.definition = definition;
  input.unit = version.unit();
  input.report_version = version.name();
  input.digest = version.digest();
  input.submitter_id = version.submitter().user_id();
  std::set<std::string> authors;
  for (const drafting::v1::ManifestEntry& entry : version.manifest()) {
    row.sections.push_back({entry.section(), entry.revision(), entry.content_sha256(),
                            entry.title(), CodePoints(entry.content())});
    for (const type::v1::Person& author : entry.authors()) {
      if (authors.insert(author.user_id()).second) {
        row.authors.push_back({author.user_id(), author.display_name()});
        input.author_ids.push_back(author.user_id());
      }
    }
  }
  ASSIGN_OR_RETURN(workflow::Transition started, workflow::StartReview(input));
  row.review = started.review;
  ASSIGN_OR_RETURN(*review_id, InsertReview(tx, row, now));
  ASSIGN_OR_RETURN(std::optional<StoredReview> stored,
                   LoadReview(tx, workflows_.definitions, *review_id, true));
  Caller system{kSystemId, kSystemName, {std::string(workflow::kSystemRole)}, {}};
  for (const workflow::Event& event : started.events) {
    RETURN_IF_ERROR(Audit(tx, *stored, system, event));
  }

  // What the previous review of this report saw, for carrying items over.
  std::vector<ReviewSection> previous_sections;
  std::vector<v1::Finding> previous_findings;
  std::vector<v1::Comment> previous_comments;
  if (existing.latest != 0) {
    ASSIGN_OR_RETURN(previous_sections, ListReviewSections(tx, existing.latest));
    ASSIGN_OR_RETURN(previous_findings, review::ListFindings(tx, existing.latest, 0, 100000));
    ASSIGN_OR_RETURN(previous_comments, review::ListComments(tx, existing.latest, 0, 100000));
  }
  auto unchanged = [&](const std::string& section) {
    const std::string* before = nullptr;
    for (const ReviewSection& s : previous_sections) {
      if (s.section == section) before = &s.content_sha256;
    }
    for (const ReviewSection& s : row.sections) {
      if (s.section == section) return before != nullptr && *before == s.content_sha256;
    }
    return false;
  };
  const std::string previous_name = absl::StrCat("reviews/", existing.latest);

  // The machine checks (机器预检).
  std::vector<workflow::Finding> engine_findings;
  int finding_id = 0;
  int counts[3] = {0, 0, 0};
  const std::vector<proofread::SectionFinding> all_found =
      proofread::CheckVersion(version, report_template);
  if (static_cast<int64_t>(all_found.size()) > context_.limits.max_findings_per_review) {
    return absl::ResourceExhaustedError(
        absl::StrCat("机器预检发现 ", all_found.size(), " 处问题，超过每次审核 ",
                     context_.limits.max_findings_per_review,
                     " 处的上限：文稿多半含有大段占位符或异常文本，请修正后重新提交 (limit "
                     "max_findings_per_review)"));
  }
  for (const proofread::SectionFinding& found : all_found) {
    v1::Finding finding;
    finding.set_rule(found.finding.rule);
    finding.set_severity(SeverityProto(found.finding.severity));
    finding.set_section(found.section);
    finding.set_line(found.line);
    finding.set_column(found.finding.column);
    // Bounded whatever the text held: a finding quotes the report.
    finding.set_excerpt(TruncateText(found.finding.excerpt, 500));
    finding.set_message(TruncateText(found.finding.message, 2000));
    finding.set_suggestion(TruncateText(found.finding.suggestion, 2000));
    if (unchanged(found.section)) {
      for (const v1::Finding& before : previous_findings) {
        if (before.rule() == finding.rule() && before.section() == finding.section() &&
            before.excerpt() == finding.excerpt()) {
          finding.set_carried_from(before.carried_from().empty() ? previous_name
                                                                 : before.carried_from());
        }
      }
    }
    RETURN_IF_ERROR(InsertFinding(tx, *review_id, ++finding_id, finding));
    engine_findings.push_back(
        {absl::StrCat(finding_id), ToEngine(found.finding.severity), false, "", ""});
    ++counts[static_cast<int>(found.finding.severity)];
  }
  workflow::Review after = stored->review;
  if (!definition->IsHuman(0)) {
    ASSIGN_OR_RETURN(workflow::Transition checked,
                     workflow::Apply(stored->review, SystemPerson(),
                                     workflow::Action::CompleteMachineCheck(engine_findings), now));
    after = checked.review;
    RETURN_IF_ERROR(SaveReview(tx, *stored, after, kSystemName, now));
    for (workflow::Event event : checked.events) {
      event.detail =
          Canonical({{"errors", counts[0]}, {"warnings", counts[1]}, {"infos", counts[2]}});
      RETURN_IF_ERROR(Audit(tx, *stored, system, event));
    }
  }

  // Unresolved comments on sections that did not change carry over.
  int comment_id = 0;
  for (v1::Comment comment : previous_comments) {
    if (comment.resolved() || !unchanged(comment.anchor().section())) {
      continue;
    }
    if (comment.carried_from().empty()) {
      comment.set_carried_from(previous_name);
    }
    RETURN_IF_ERROR(InsertComment(tx, *review_id, ++comment_id, comment, now));
  }

  // An open review of an older version is superseded.
  for (int64_t open : existing.open) {
    ASSIGN_OR_RETURN(std::optional<StoredReview> old,
                     LoadReview(tx, workflows_.definitions, open, true));
    ASSIGN_OR_RETURN(workflow::Transition cancelled,
                     workflow::Apply(old->review, SystemPerson(),
                                     workflow::Action::Cancel(absl::StrCat(
                                         "已被新提交的版本 ", version.name(), " 取代")),
                                     now));
    RETURN_IF_ERROR(SaveReview(tx, *old, cancelled.review, kSystemName, now));
    for (const workflow::Event& event : cancelled.events) {
      RETURN_IF_ERROR(Audit(tx, *old, system, event));
    }
  }
  // The first stage that waits for a person is announced (read back only
  // when there is a notification service to tell).
  if (context_.peers.notification_address.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::optional<StoredReview> created,
                   LoadReview(tx, workflows_.definitions, *review_id, false));
  return created.has_value() ? EnqueueNotifications(tx, *created, {}) : absl::OkStatus();
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
                                                     const std::vector<workflow::Event>& events) {
  if (context_.peers.notification_address.empty()) {
    return absl::OkStatus();  // no notification service in this deployment
  }
  ReviewSummary summary{stored.id, stored.version_name(), stored.title, stored.active_since, {}};
  const bool returned = std::any_of(events.begin(), events.end(), [](const workflow::Event& e) {
    return e.kind == workflow::EventKind::kReviewReturned;
  });
  if (returned) {
    // The comments that go back with the return, as the drafters will read them.
    ASSIGN_OR_RETURN(
        std::vector<v1::Comment> comments,
        review::ListComments(tx, stored.id, 0,
                             static_cast<int>(context_.limits.max_comments_per_review)));
    for (const v1::Comment& comment : comments) {
      if (comment.resolved() || summary.returned_comments.size() >= 20) continue;
      summary.returned_comments.push_back(absl::StrCat(TruncateText(comment.text(), 200), "（",
                                                       comment.author().display_name(), "）"));
    }
  }
  for (const notification::v1::NotifyRequest& request :
       NotificationsAfter(summary, stored.review, events)) {
    RETURN_IF_ERROR(EnqueueNotify(tx, context_.peers, request));
  }
  return absl::OkStatus();
}

grpc::Status ReviewServiceImpl::StartReview(grpc::ServerContext* context,
                                            const v1::StartReviewRequest* request,
                                            v1::Review* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    if (!caller.IsService("drafting")) {
      return absl::PermissionDeniedError(
          "只有起草服务可以发起审核 (requires the drafting service's token)");
    }
    ASSIGN_OR_RETURN(auto name, ParseVersionName(request->report_version(), "report_version"));
    if (!IsHexDigest(request->digest())) {
      return absl::InvalidArgumentError(
          "digest: 应为 64 位小写十六进制 SHA-256 (lowercase hex SHA-256)");
    }
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    std::string definition_id(workflow::kDefaultDefinition);
    if (!request->workflow_definition().empty()) {
      if (!absl::StartsWith(request->workflow_definition(), kDefinitionPrefix)) {
        return Malformed("workflow_definition", "workflowDefinitions/{definition}",
                         request->workflow_definition());
      }
      definition_id = request->workflow_definition().substr(strlen(kDefinitionPrefix));
    }
    auto definition = workflows_.definitions.find(definition_id);
    if (definition == workflows_.definitions.end()) {
      return absl::InvalidArgumentError(absl::StrCat("workflow_definition: 没有流程定义 “",
                                                     definition_id, "” (unknown definition)"));
    }
    auto existing = [&]() -> absl::StatusOr<std::optional<v1::Review>> {
      return context_.db->Transact<std::optional<v1::Review>>(
          [&](Transaction& tx) -> absl::StatusOr<std::optional<v1::Review>> {
            ASSIGN_OR_RETURN(std::optional<int64_t> id,
                             FindReviewOfVersion(tx, name.first, name.second));
            if (!id.has_value()) {
              return std::nullopt;
            }
            ASSIGN_OR_RETURN(StoredReview stored, Visible(tx, caller, *id));
            if (stored.review.digest != request->digest()) {
              return absl::FailedPreconditionError(
                  absl::StrCat("版本 ", request->report_version(), " 已按摘要 ",
                               stored.review.digest.substr(0, 12), "… 审核，不是 ",
                               request->digest().substr(0, 12), "… (digest mismatch)"));
            }
            return ToProto(stored, caller);
          });
    };
    ASSIGN_OR_RETURN(std::optional<v1::Review> found, existing());
    if (found.has_value()) {
      *response = *std::move(found);
      return absl::OkStatus();
    }

    absl::StatusOr<drafting::v1::ReportVersion> version =
        drafting_->GetVerifiedVersion(request->report_version(), request->digest());
    if (version.status().code() == absl::StatusCode::kFailedPrecondition) {
      // Refused: the version is not what drafting froze. Audited.
      RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
        return AppendAudit(tx, name.first, "",
                           {"review.start_refused", caller.user_id, caller.display_name,
                            request->report_version(),
                            Canonical({{"digest", request->digest()},
                                       {"reason", std::string(version.status().message())}})},
                           context_.now())
            .status();
      }));
      return version.status();
    }
    if (!version.ok()) {
      return version.status();
    }
    // The template gives the parts and completeness rules; without it the
    // checks still run, section by section.
    drafting::v1::Template report_template;
    if (absl::StatusOr<drafting::v1::Report> report =
            drafting_->GetReport(absl::StrCat("reports/", name.first));
        report.ok()) {
      if (absl::StatusOr<drafting::v1::Template> found_template =
              drafting_->GetTemplate(report->template_());
          found_template.ok()) {
        report_template = *std::move(found_template);
      }
    }
    // Without a definition named in the request, the unit's setting in the
    // directory decides (a small unit signs with gov-three-signers).
    std::shared_ptr<const workflow::Definition> chosen = definition->second;
    if (request->workflow_definition().empty() && !context_.peers.identity_address.empty()) {
      absl::StatusOr<std::string> setting = UnitWorkflowDefinition(context_.peers, version->unit());
      if (!setting.ok()) {
        return setting.status();
      }
      if (!setting->empty()) {
        auto unit_definition = workflows_.definitions.find(*setting);
        if (unit_definition == workflows_.definitions.end()) {
          return absl::FailedPreconditionError(
              absl::StrCat("单位 ", version->unit(), " 设定的审校流程 “", *setting,
                           "” 不存在，请管理员更正单位设置 (unknown workflow definition)"));
        }
        chosen = unit_definition->second;
      }
    }
    int64_t review_id = 0;
    RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
      return CreateReview(tx, *version, report_template, chosen, &review_id);
    }));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(StoredReview stored, Visible(tx, caller, review_id));
      *response = ToProto(stored, caller);
      return absl::OkStatus();
    });
  });
}

grpc::Status ReviewServiceImpl::GetReview(grpc::ServerContext* context,
                                          const v1::GetReviewRequest* request,
                                          v1::Review* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(auto name, ParseReviewName(request->name(), "name", ""));
    std::string previous_version;
    RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      ASSIGN_OR_RETURN(StoredReview stored, Visible(tx, caller, name.first));
      *response = ToProto(stored, caller);
      if (request->view() != v1::REVIEW_VIEW_FULL) {
        return absl::OkStatus();
      }
      ASSIGN_OR_RETURN(std::vector<v1::Finding> findings,
                       review::ListFindings(tx, stored.id, 0, 100000));
      for (v1::Finding& finding : findings) *response->add_findings() = std::move(finding);
      ASSIGN_OR_RETURN(std::vector<v1::Comment> comments,
                       review::ListComments(tx, stored.id, 0, 100000));
      for (v1::Comment& comment : comments) *response->add_comments() = std::move(comment);
      if (stored.previous_review_id != 0) {
        ASSIGN_OR_RETURN(std::optional<StoredReview> previous,
                         LoadReview(tx, workflows_.definitions, stored.previous_review_id, false));
        if (previous.has_value()) previous_version = previous->version_name();
      }
      return absl::OkStatus();
    }));
    if (request->view() != v1::REVIEW_VIEW_FULL) {
      return absl::OkStatus();
    }
    // The content, exactly the version under review (digest checked).
    ASSIGN_OR_RETURN(drafting::v1::ReportVersion version,
                     drafting_->GetVerifiedVersion(response->report_version(), response->digest()));
    drafting::v1::DiffReportVersionsResponse diff;
    if (!previous_version.empty()) {
      ASSIGN_OR_RETURN(diff, drafting_->DiffVersions(previous_version, response->report_version()));
    }
    for (const drafting::v1::ManifestEntry& entry : version.manifest()) {
      v1::ReviewedSection* section = response->add_sections();
      section->set_section(entry.section());
      section->set_revision(entry.revision());
      section->set_title(entry.title());
      section->set_content(entry.content());
      for (const drafting::v1::SectionDiff& changed : diff.sections()) {
        if (changed.section() == entry.section() && changed.changed()) {
          *section->mutable_diff() = changed.diff();
        }
      }
    }
    return absl::OkStatus();
  });
}

grpc::Status ReviewServiceImpl::ListReviews(grpc::ServerContext* context,
                                            const v1::ListReviewsRequest* request,
                                            v1::ListReviewsResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(int page_size, PageSize(request->page_size(), 100));
    ASSIGN_OR_RETURN(int64_t before, NumberToken(request->page_token(), 1));
    std::string report_id;
    if (!request->report().empty()) {
      ASSIGN_OR_RETURN(report_id, ParseReportName(request->report(), "report"));
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      ASSIGN_OR_RETURN(
          std::vector<int64_t> ids,
          ListReviewIds(tx, caller.Units(), report_id, request->state(), before, page_size + 1));
      for (const int64_t id : PageOf(ids, page_size)) {
        ASSIGN_OR_RETURN(StoredReview stored, Visible(tx, caller, id));
        *response->add_reviews() = ToProto(stored, caller);
      }
      response->set_next_page_token(
          NextPageToken(ids, page_size, [](int64_t last) { return absl::StrCat(last); }));
      return absl::OkStatus();
    });
  });
}

grpc::Status ReviewServiceImpl::ListTasks(grpc::ServerContext* context,
                                          const v1::ListTasksRequest* request,
                                          v1::ListTasksResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(int page_size, PageSize(request->page_size(), 100));
    // The token is the position of the last task returned.
    ASSIGN_OR_RETURN(auto position, ParsePositionToken(request->page_token()));
    absl::Time after_time = position.first;
    int64_t after_id = position.second;
    const absl::Time now = context_.now();
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      absl::Time position_time = after_time;
      int64_t position_id = after_id;
      // Candidates the caller may not act on (a stage they already signed
      // elsewhere, a version they wrote) are skipped; at most 10 batches.
      for (int batch = 0; batch < 10 && response->tasks_size() < page_size; ++batch) {
        ASSIGN_OR_RETURN(std::vector<InboxRow> rows,
                         ListInbox(tx, caller.Units(), caller.Roles(), position_time, position_id,
                                   page_size + 1));
        for (const InboxRow& row : rows) {
          if (response->tasks_size() == page_size) {
            response->set_next_page_token(PositionToken(position_time, position_id));
            return absl::OkStatus();
          }
          position_time = row.active_since;
          position_id = row.review_id;
          ASSIGN_OR_RETURN(std::optional<StoredReview> stored,
                           LoadReview(tx, workflows_.definitions, row.review_id, false));
          const std::vector<workflow::ActionKind> allowed =
              workflow::AllowedActions(stored->review, ToPerson(caller, stored->review.unit), now);
          if (std::find(allowed.begin(), allowed.end(), workflow::ActionKind::kApprove) ==
                  allowed.end() &&
              std::find(allowed.begin(), allowed.end(), workflow::ActionKind::kReturn) ==
                  allowed.end()) {
            continue;
          }
          const int index = stored->review.active_stage;
          v1::Task* task = response->add_tasks();
          task->set_name(absl::StrCat(stored->name(), "/tasks/",
                                      stored->review.definition->stage(index).key()));
          task->set_review(stored->name());
          task->set_report_version(stored->version_name());
          task->set_title(stored->title);
          task->set_unit(stored->review.unit);
          *task->mutable_stage() = DefinitionProto(*stored->review.definition).stages(index);
          task->set_digest(stored->review.digest);
          SetTimestamp(row.active_since, task->mutable_activate_time());
        }
        if (static_cast<int>(rows.size()) <= page_size) {
          return absl::OkStatus();  // the last candidates
        }
      }
      if (response->tasks_size() > 0 || position_id != after_id) {
        response->set_next_page_token(
            absl::StrCat(absl::ToUnixMicros(position_time), "-", position_id));
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status ReviewServiceImpl::ApproveTask(grpc::ServerContext* context,
                                            const v1::ApproveTaskRequest* request,
                                            v1::Review* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(auto task, ParseReviewName(request->name(), "name", "tasks"));
    if (request->digest().empty()) {
      return absl::InvalidArgumentError(
          "digest: 必填，须为所审版本的摘要 (required: the digest of the version you read)");
    }
    RETURN_IF_ERROR(ValidateText("opinion", request->opinion(),
                                 static_cast<size_t>(context_.limits.max_text_chars)));
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    std::optional<AuditAnchor> anchor;
    RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
      anchor.reset();  // a retried transaction starts over
      return Idempotent(
          tx, caller.user_id, request->request_id(), "ApproveTask", response,
          [&]() -> absl::Status {
            if (request->has_activate_time()) {
              RETURN_IF_ERROR(CheckActivation(tx, caller, task.first, task.second,
                                              FromTimestamp(request->activate_time())));
            }
            ASSIGN_OR_RETURN(
                Acted acted,
                Act(tx, caller, task.first,
                    {workflow::Action::Approve(task.second, request->digest(), request->opinion())},
                    {}));
            anchor = acted.anchor;
            *response = ToProto(acted.review, caller);
            return absl::OkStatus();
          });
    }));
    Witness(anchor);
    return absl::OkStatus();
  });
}

grpc::Status ReviewServiceImpl::ReturnTask(grpc::ServerContext* context,
                                           const v1::ReturnTaskRequest* request,
                                           v1::Review* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(auto task, ParseReviewName(request->name(), "name", "tasks"));
    if (request->target() == v1::RETURN_TARGET_UNSPECIFIED) {
      return absl::InvalidArgumentError(
          "target: 必填：退回起草人、上一环节或指定环节 (required: DRAFTERS, PREVIOUS_STAGE or "
          "NAMED_STAGE)");
    }
    if (request->target() == v1::RETURN_TARGET_NAMED_STAGE && request->target_stage().empty()) {
      return absl::InvalidArgumentError(
          "target_stage: 退回指定环节时必填 (required with NAMED_STAGE)");
    }
    RETURN_IF_ERROR(ValidateText("target_stage", request->target_stage(), 64));
    RETURN_IF_ERROR(ValidateText("reason", request->reason(),
                                 static_cast<size_t>(context_.limits.max_text_chars),
                                 Presence::kRequired));
    if (request->comments_size() > context_.limits.max_comments_per_request) {
      return absl::InvalidArgumentError(absl::StrCat(
          "comments: 一次至多 ", context_.limits.max_comments_per_request, " 条意见，收到 ",
          request->comments_size(), " 条 (limit max_comments_per_request)"));
    }
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    std::vector<v1::Comment> comments(request->comments().begin(), request->comments().end());
    std::optional<AuditAnchor> anchor;
    RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
      anchor.reset();  // a retried transaction starts over
      return Idempotent(
          tx, caller.user_id, request->request_id(), "ReturnTask", response, [&]() -> absl::Status {
            ASSIGN_OR_RETURN(
                Acted acted,
                Act(tx, caller, task.first,
                    {workflow::Action::Return(task.second, ToEngine(request->target()),
                                              request->reason(), request->target_stage())},
                    comments));
            anchor = acted.anchor;
            *response = ToProto(acted.review, caller);
            return absl::OkStatus();
          });
    }));
    Witness(anchor);
    return absl::OkStatus();
  });
}

grpc::Status ReviewServiceImpl::WithdrawReview(grpc::ServerContext* context,
                                               const v1::WithdrawReviewRequest* request,
                                               v1::Review* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(auto name, ParseReviewName(request->name(), "name", ""));
    RETURN_IF_ERROR(ValidateText("reason", request->reason(),
                                 static_cast<size_t>(context_.limits.max_text_chars)));
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    std::optional<AuditAnchor> anchor;
    RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
      anchor.reset();  // a retried transaction starts over
      return Idempotent(
          tx, caller.user_id, request->request_id(), "WithdrawReview", response,
          [&]() -> absl::Status {
            ASSIGN_OR_RETURN(Acted acted, Act(tx, caller, name.first,
                                              {workflow::Action::Withdraw(request->reason())}, {}));
            anchor = acted.anchor;
            *response = ToProto(acted.review, caller);
            return absl::OkStatus();
          });
    }));
    Witness(anchor);
    return absl::OkStatus();
  });
}

grpc::Status ReviewServiceImpl::CreateComment(grpc::ServerContext* context,
                                              const v1::CreateCommentRequest* request,
                                              v1::Comment* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(auto name, ParseReviewName(request->parent(), "parent", ""));
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    std::optional<AuditAnchor> anchor;
    RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
      anchor.reset();  // a retried transaction starts over
      return Idempotent(
          tx, caller.user_id, request->request_id(), "CreateComment", response,
          [&]() -> absl::Status {
            ASSIGN_OR_RETURN(Acted acted, Act(tx, caller, name.first, {}, {request->comment()}));
            anchor = acted.anchor;
            ASSIGN_OR_RETURN(std::vector<v1::Comment> comments,
                             review::ListComments(tx, name.first, acted.new_comment_ids[0] - 1, 1));
            *response = comments.at(0);
            return absl::OkStatus();
          });
    }));
    Witness(anchor);
    return absl::OkStatus();
  });
}

grpc::Status ReviewServiceImpl::ListComments(grpc::ServerContext* context,
                                             const v1::ListCommentsRequest* request,
                                             v1::ListCommentsResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(auto name, ParseReviewName(request->parent(), "parent", ""));
    ASSIGN_OR_RETURN(int page_size, PageSize(request->page_size(), 200));
    ASSIGN_OR_RETURN(int64_t after, NumberToken(request->page_token(), 1));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      RETURN_IF_ERROR(Visible(tx, caller, name.first).status());
      ASSIGN_OR_RETURN(
          std::vector<v1::Comment> comments,
          review::ListComments(tx, name.first, static_cast<int>(after), page_size + 1));
      for (const v1::Comment& comment : PageOf(comments, page_size)) {
        *response->add_comments() = comment;
      }
      response->set_next_page_token(NextPageToken(
          comments, page_size, [](const v1::Comment& last) { return NameTail(last.name()); }));
      return absl::OkStatus();
    });
  });
}

grpc::Status ReviewServiceImpl::ResolveComment(grpc::ServerContext* context,
                                               const v1::ResolveCommentRequest* request,
                                               v1::Comment* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(auto name, ParseNumberedChild(request->name(), "name", "comments"));
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    std::optional<AuditAnchor> anchor;
    RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
      anchor.reset();  // a retried transaction starts over
      return Idempotent(
          tx, caller.user_id, request->request_id(), "ResolveComment", response,
          [&]() -> absl::Status {
            ASSIGN_OR_RETURN(
                Acted acted,
                Act(tx, caller, name.first,
                    {workflow::Action::ResolveComment(absl::StrCat(name.second))}, {}));
            anchor = acted.anchor;
            ASSIGN_OR_RETURN(std::vector<v1::Comment> comments,
                             review::ListComments(tx, name.first, name.second - 1, 1));
            *response = comments.at(0);
            return absl::OkStatus();
          });
    }));
    Witness(anchor);
    return absl::OkStatus();
  });
}

grpc::Status ReviewServiceImpl::ListFindings(grpc::ServerContext* context,
                                             const v1::ListFindingsRequest* request,
                                             v1::ListFindingsResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(auto name, ParseReviewName(request->parent(), "parent", ""));
    ASSIGN_OR_RETURN(int page_size, PageSize(request->page_size(), 500));
    ASSIGN_OR_RETURN(int64_t after, NumberToken(request->page_token(), 1));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      RETURN_IF_ERROR(Visible(tx, caller, name.first).status());
      ASSIGN_OR_RETURN(
          std::vector<v1::Finding> findings,
          review::ListFindings(tx, name.first, static_cast<int>(after), page_size + 1));
      for (const v1::Finding& finding : PageOf(findings, page_size)) {
        *response->add_findings() = finding;
      }
      response->set_next_page_token(NextPageToken(
          findings, page_size, [](const v1::Finding& last) { return NameTail(last.name()); }));
      return absl::OkStatus();
    });
  });
}

grpc::Status ReviewServiceImpl::OverrideFinding(grpc::ServerContext* context,
                                                const v1::OverrideFindingRequest* request,
                                                v1::Finding* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(auto name, ParseNumberedChild(request->name(), "name", "findings"));
    RETURN_IF_ERROR(ValidateText("reason", request->reason(),
                                 static_cast<size_t>(context_.limits.max_text_chars),
                                 Presence::kRequired));
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    std::optional<AuditAnchor> anchor;
    RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
      anchor.reset();  // a retried transaction starts over
      return Idempotent(
          tx, caller.user_id, request->request_id(), "OverrideFinding", response,
          [&]() -> absl::Status {
            ASSIGN_OR_RETURN(Acted acted, Act(tx, caller, name.first,
                                              {workflow::Action::OverrideFinding(
                                                  absl::StrCat(name.second), request->reason())},
                                              {}));
            anchor = acted.anchor;
            ASSIGN_OR_RETURN(std::vector<v1::Finding> findings,
                             review::ListFindings(tx, name.first, name.second - 1, 1));
            *response = findings.at(0);
            return absl::OkStatus();
          });
    }));
    Witness(anchor);
    return absl::OkStatus();
  });
}

grpc::Status ReviewServiceImpl::GetApprovalCertificate(
    grpc::ServerContext* context, const v1::GetApprovalCertificateRequest* request,
    v1::ApprovalCertificate* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    const std::vector<absl::string_view> parts = absl::StrSplit(request->name(), '/');
    int64_t id = 0;
    if (parts.size() != 3 || parts[0] != "reviews" || !ParseIdNumber(parts[1], &id) ||
        parts[2] != "certificate") {
      return Malformed("name", "reviews/{review}/certificate", request->name());
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      // Who signed what is the unit's business: another unit's review is
      // NOT_FOUND, exactly like a missing one.
      RETURN_IF_ERROR(Visible(tx, caller, id).status());
      ASSIGN_OR_RETURN(std::optional<v1::ApprovalCertificate> certificate, FindCertificate(tx, id));
      if (!certificate.has_value()) {
        return absl::NotFoundError(
            absl::StrCat("审核 reviews/", id, " 尚无审定证书（未经终审通过） (no certificate)"));
      }
      *response = *std::move(certificate);
      return absl::OkStatus();
    });
  });
}

grpc::Status ReviewServiceImpl::ListPublicKeys(grpc::ServerContext* context,
                                               const v1::ListPublicKeysRequest* request,
                                               v1::ListPublicKeysResponse* response) {
  return context_.Handle(context, [&](const Caller&) -> absl::Status {
    ASSIGN_OR_RETURN(int page_size, PageSize(request->page_size(), 100));
    ASSIGN_OR_RETURN(int64_t offset, NumberToken(request->page_token(), 1));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      RETURN_IF_ERROR(RegisterPublicKey(tx, signing_key_.id, signing_key_.public_key));
      ASSIGN_OR_RETURN(std::vector<v1::PublicKey> keys, review::ListPublicKeys(tx));
      for (int64_t i = offset; i < static_cast<int64_t>(keys.size()) && i < offset + page_size;
           ++i) {
        *response->add_public_keys() = keys[i];
      }
      if (static_cast<int64_t>(keys.size()) > offset + page_size) {
        response->set_next_page_token(absl::StrCat(offset + page_size));
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status ReviewServiceImpl::ListAuditEvents(grpc::ServerContext* context,
                                                const v1::ListAuditEventsRequest* request,
                                                v1::ListAuditEventsResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::string report_id, ParseReportName(request->parent(), "parent"));
    ASSIGN_OR_RETURN(int page_size, PageSize(request->page_size(), 500));
    ASSIGN_OR_RETURN(int64_t after, NumberToken(request->page_token(), 1));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      ASSIGN_OR_RETURN(std::optional<AuditHead> head, FindAuditHead(tx, report_id));
      if (!head.has_value() || (!caller.InUnit(head->unit) && !IsReaderService(caller))) {
        return absl::NotFoundError(
            absl::StrCat("报告 ", request->parent(), " 没有审核记录 (no audit log)"));
      }
      ASSIGN_OR_RETURN(std::vector<AuditEntry> entries,
                       ListAudit(tx, report_id, after, page_size + 1));
      for (const AuditEntry& entry : PageOf(entries, page_size)) {
        v1::AuditEvent* event = response->add_audit_events();
        event->set_name(absl::StrCat(request->parent(), "/auditEvents/", entry.sequence));
        event->set_sequence(entry.sequence);
        event->set_action(entry.action);
        event->mutable_actor()->set_user_id(entry.actor_id);
        event->mutable_actor()->set_display_name(entry.actor_name);
        event->set_subject(entry.subject);
        event->set_details_json(entry.details_json);
        SetTimestamp(entry.create_time, event->mutable_create_time());
        event->set_previous_hash(entry.previous_hash);
        event->set_hash(entry.hash);
      }
      response->set_next_page_token(NextPageToken(
          entries, page_size, [](const AuditEntry& last) { return absl::StrCat(last.sequence); }));
      return absl::OkStatus();
    });
  });
}

grpc::Status ReviewServiceImpl::VerifyAuditChain(grpc::ServerContext* context,
                                                 const v1::VerifyAuditChainRequest* request,
                                                 v1::VerifyAuditChainResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::string report_id, ParseReportName(request->parent(), "parent"));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      ASSIGN_OR_RETURN(std::optional<AuditHead> head, FindAuditHead(tx, report_id));
      if (!head.has_value() || (!caller.InUnit(head->unit) && !IsReaderService(caller))) {
        return absl::NotFoundError(
            absl::StrCat("报告 ", request->parent(), " 没有审核记录 (no audit log)"));
      }
      ASSIGN_OR_RETURN(std::vector<AuditAnchor> anchors, ListAnchors(tx, report_id));
      ASSIGN_OR_RETURN(std::optional<AuditAnchor> witnessed, witness_.Latest(report_id));
      const AnchorCheck anchor_check(std::move(anchors), std::move(witnessed),
                                     signing_key_.public_key);
      int64_t sequence = 0;
      std::string hash = kGenesisHash;
      std::optional<ChainBreak> broken = anchor_check.Start();
      while (!broken.has_value()) {
        ASSIGN_OR_RETURN(std::vector<AuditEntry> entries, ListAudit(tx, report_id, sequence, 500));
        if (entries.empty()) {
          break;
        }
        broken = VerifyChainSegment(entries, sequence, hash);
        for (size_t i = 0; i < entries.size() && !broken.has_value(); ++i) {
          broken = anchor_check.Entry(entries[i]);
        }
        if (!broken.has_value()) {
          sequence = entries.back().sequence;
          hash = entries.back().hash;
          response->set_checked_events(sequence);
        }
      }
      if (!broken.has_value()) {
        broken = anchor_check.Finish(sequence);
      }
      if (!broken.has_value() && (sequence != head->last_sequence || hash != head->last_hash)) {
        broken = ChainBreak{sequence + 1, absl::StrCat("链尾应为第 ", head->last_sequence,
                                                       " 条记录，实际只到第 ", sequence, " 条")};
      }
      response->set_anchored_events(anchor_check.anchored_sequence());
      response->set_valid(!broken.has_value());
      if (broken.has_value()) {
        response->set_checked_events(broken->sequence);
        response->set_first_invalid_event(
            absl::StrCat(request->parent(), "/auditEvents/", broken->sequence));
        response->set_reason(broken->reason);
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status ReviewServiceImpl::ListDeliveries(grpc::ServerContext* context,
                                               const v1::ListDeliveriesRequest* request,
                                               v1::ListDeliveriesResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    return ListDeliveriesInto(*context_.db, caller.Units(), *request, response);
  });
}

grpc::Status ReviewServiceImpl::RetryDelivery(grpc::ServerContext* context,
                                              const v1::RetryDeliveryRequest* request,
                                              type::v1::Delivery* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    if (!caller.HasRole(kRoleAdmin) && !caller.HasRole(kRoleDrafter)) {
      return absl::PermissionDeniedError(
          "重试投递需要起草人或管理员角色 (requires role drafter or admin)");
    }
    ASSIGN_OR_RETURN(*response,
                     reportflow::RetryDelivery(*context_.db, caller.Units(), request->name()));
    return absl::OkStatus();
  });
}

grpc::Status ReviewServiceImpl::ListWorkflowDefinitions(
    grpc::ServerContext* context, const v1::ListWorkflowDefinitionsRequest* request,
    v1::ListWorkflowDefinitionsResponse* response) {
  return context_.Handle(context, [&](const Caller&) -> absl::Status {
    RETURN_IF_ERROR(PageSize(request->page_size(), 100).status());
    std::vector<std::string> ids;
    for (const auto& [id, definition] : workflows_.definitions) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    for (const std::string& id : ids) {
      *response->add_workflow_definitions() = DefinitionProto(*workflows_.definitions.at(id));
    }
    return absl::OkStatus();
  });
}

grpc::Status ReviewServiceImpl::GetWorkflowDefinition(
    grpc::ServerContext* context, const v1::GetWorkflowDefinitionRequest* request,
    v1::WorkflowDefinition* response) {
  return context_.Handle(context, [&](const Caller&) -> absl::Status {
    if (!absl::StartsWith(request->name(), kDefinitionPrefix)) {
      return Malformed("name", "workflowDefinitions/{definition}", request->name());
    }
    auto found = workflows_.definitions.find(request->name().substr(strlen(kDefinitionPrefix)));
    if (found == workflows_.definitions.end()) {
      return absl::NotFoundError(
          absl::StrCat("流程定义 ", request->name(), " 不存在 (definition not found)"));
    }
    *response = DefinitionProto(*found->second);
    return absl::OkStatus();
  });
}

}  // namespace reportflow::review
