#include "services/review/domain/notifications.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"
#include "services/common/text_rules.h"

namespace reportflow::review {
namespace {

namespace nv1 = notification::v1;

std::string VersionNumber(const std::string& version_name) {
  return version_name.substr(version_name.rfind('/') + 1);
}

void AddPeople(nv1::NotifyRequest& request, const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    const std::string name = absl::StrCat("people/", id);
    if (id.empty() || std::find(request.people().begin(), request.people().end(), name) !=
                          request.people().end()) {
      continue;
    }
    if (request.people_size() < 50) request.add_people(name);
  }
}

void AddDrafters(nv1::NotifyRequest& request, const workflow::Review& review) {
  std::vector<std::string> ids = {review.submitter_id};
  ids.insert(ids.end(), review.author_ids.begin(), review.author_ids.end());
  AddPeople(request, ids);
}

// Who signed a human stage of this review before it was returned.
std::vector<std::string> EarlierSigners(const workflow::Review& review) {
  std::vector<std::string> ids;
  for (int i = 0;
       i < review.definition->stage_count() && i < static_cast<int>(review.stages.size()); ++i) {
    const workflow::StageRecord& stage = review.stages[i];
    if (stage.state == workflow::StageState::kApproved && !stage.actor_id.empty() &&
        !review.definition->stage(i).role().empty()) {
      ids.push_back(stage.actor_id);
    }
  }
  return ids;
}

}  // namespace

std::vector<nv1::NotifyRequest> NotificationsAfter(const ReviewSummary& summary,
                                                   const workflow::Review& review,
                                                   const std::vector<workflow::Event>& events) {
  std::vector<nv1::NotifyRequest> out;
  const std::string link = absl::StrCat("/reviews/", summary.id);
  const std::string title = TruncateText(summary.title, 120);
  const std::string version = VersionNumber(summary.version_name);
  auto base = [&](nv1::EventKind kind, std::string event) {
    nv1::NotifyRequest request;
    request.set_event(std::move(event));
    request.set_kind(kind);
    request.set_unit(review.unit);
    request.set_subject(summary.version_name);
    request.set_link(link);
    return request;
  };
  for (const workflow::Event& event : events) {
    if (event.kind == workflow::EventKind::kReviewReturned) {
      nv1::NotifyRequest request =
          base(nv1::EVENT_KIND_REVIEW_RETURNED, absl::StrCat("n-", summary.id, "-returned"));
      request.set_title(absl::StrCat("已退回：", title, "（第 ", version, " 版）"));
      std::string text = absl::StrCat("退回理由：", review.end_reason);
      if (!summary.returned_comments.empty()) {
        absl::StrAppend(&text, "\n退回意见（", summary.returned_comments.size(), " 条）：");
        for (size_t i = 0; i < summary.returned_comments.size(); ++i) {
          absl::StrAppend(&text, "\n", i + 1, ". ", summary.returned_comments[i]);
        }
      }
      request.set_text(TruncateText(text, 1900));
      AddDrafters(request, review);
      AddPeople(request, EarlierSigners(review));
      out.push_back(std::move(request));
    } else if (event.kind == workflow::EventKind::kFindingOverridden) {
      // detail is "{finding}: {reason}".
      const std::string finding = event.detail.substr(0, event.detail.find(':'));
      const size_t colon = event.detail.find(": ");
      const std::string reason = colon == std::string::npos ? "" : event.detail.substr(colon + 2);
      nv1::NotifyRequest request = base(nv1::EVENT_KIND_FINDING_OVERRIDDEN,
                                        absl::StrCat("n-", summary.id, "-override-", finding));
      request.set_title(
          absl::StrCat("错误被豁免：", title, "（第 ", version, " 版，第 ", finding, " 项）"));
      request.set_text(
          TruncateText(absl::StrCat("机器校对第 ", finding,
                                    " 项发现被豁免，终审可不受其阻止。豁免理由：", reason),
                       1900));
      request.set_role("unit_head");
      out.push_back(std::move(request));
    } else if (event.kind == workflow::EventKind::kReviewApproved) {
      nv1::NotifyRequest request =
          base(nv1::EVENT_KIND_REVIEW_APPROVED, absl::StrCat("n-", summary.id, "-approved"));
      request.set_title(absl::StrCat("已审定：", title, "（第 ", version, " 版）"));
      request.set_text("三审三校已全部签署，审定证书已签发，将按审定原文发布。");
      request.set_role("publisher");
      AddDrafters(request, review);
      out.push_back(std::move(request));
    }
  }
  if (!review.IsTerminal() && review.active_stage >= 0 &&
      review.active_stage < review.definition->stage_count()) {
    const auto& stage = review.definition->stage(review.active_stage);
    if (!stage.role().empty()) {
      nv1::NotifyRequest request =
          base(nv1::EVENT_KIND_TASK_ACTIVE, absl::StrCat("n-", summary.id, "-", stage.key(), "-",
                                                         absl::ToUnixMicros(summary.active_since)));
      request.set_role(stage.role());
      request.set_task(absl::StrCat("reviews/", summary.id, "/tasks/", stage.key()));
      request.set_digest(review.digest);
      SetTimestamp(summary.active_since, request.mutable_activate_time());
      request.set_title(
          absl::StrCat("待审校：", title, "（第 ", version, " 版，", stage.display_name(), "）"));
      request.set_text(
          absl::StrCat("第 ", version, " 版等待", stage.display_name(),
                       "签署。请在审批工作台中阅读全文、机器校对结果与修改对比后签署或退回。"));
      out.push_back(std::move(request));
    }
  }
  return out;
}

absl::Time NextUrgeAllowed(std::optional<absl::Time> last_urge, absl::Time active_since) {
  if (!last_urge.has_value() || *last_urge < active_since) {
    return active_since;
  }
  return *last_urge + kUrgeInterval;
}

nv1::NotifyRequest UrgeNotification(const ReviewSummary& summary, const workflow::Review& review,
                                    absl::string_view urger, absl::string_view note,
                                    absl::Time now) {
  const auto& stage = review.definition->stage(review.active_stage);
  const std::string title = TruncateText(summary.title, 120);
  const std::string version = VersionNumber(summary.version_name);
  nv1::NotifyRequest request;
  request.set_event(
      absl::StrCat("n-", summary.id, "-", stage.key(), "-urge-", absl::ToUnixMicros(now)));
  request.set_kind(nv1::EVENT_KIND_TASK_URGED);
  request.set_unit(review.unit);
  request.set_subject(summary.version_name);
  request.set_link(absl::StrCat("/reviews/", summary.id));
  request.set_role(stage.role());
  request.set_title(
      absl::StrCat("催办：", title, "（第 ", version, " 版，", stage.display_name(), "）"));
  request.set_text(
      TruncateText(absl::StrCat(urger, " 催办：第 ", version, " 版仍在等待", stage.display_name(),
                                "签署。", note.empty() ? "" : absl::StrCat("附言：", note)),
                   1900));
  return request;
}

}  // namespace reportflow::review
