#include "services/review/api/review_proto.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/common/text_rules.h"

namespace reportflow::review {

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

int NextCommentId(const workflow::Review& review) {
  int64_t last = 0;
  for (const workflow::Comment& comment : review.comments) {
    int64_t id = 0;
    if (absl::SimpleAtoi(comment.id, &id)) last = std::max(last, id);
  }
  return static_cast<int>(last + 1);
}

StoredReview Saved(const StoredReview& before, const workflow::Review& after, absl::Time now) {
  const absl::Time stored_now = absl::FromUnixMicros(absl::ToUnixMicros(now));
  StoredReview saved = before;
  if (after.active_stage != before.review.active_stage) saved.active_since = stored_now;
  saved.review = after;
  saved.etag = before.etag + 1;
  saved.update_time = stored_now;
  return saved;
}

EndedReview Ended(const StoredReview& stored) {
  return {stored.id, stored.report_id, stored.version_number};
}

}  // namespace reportflow::review
