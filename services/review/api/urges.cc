// 催办 and the reminder ticker's view of the waiting stages: UrgeTask and
// ListWaitingTasks of ReviewServiceImpl (review_service.h).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/notify_outbox.h"
#include "services/common/paging.h"
#include "services/common/proto_time.h"
#include "services/common/request_log.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/text_rules.h"
#include "services/review/api/review_names.h"
#include "services/review/api/review_service.h"
#include "services/review/domain/notifications.h"

namespace reportflow::review {

grpc::Status ReviewServiceImpl::UrgeTask(grpc::ServerContext* context,
                                         const v1::UrgeTaskRequest* request,
                                         v1::UrgeTaskResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(auto task, ParseReviewName(request->name(), "name", "tasks"));
    RETURN_IF_ERROR(ValidateText("note", request->note(), 200));
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    return Mutate(
        caller, request->request_id(), "UrgeTask", response,
        [&](Transaction& tx) -> absl::StatusOr<std::optional<AuditAnchor>> {
          ASSIGN_OR_RETURN(std::optional<StoredReview> stored,
                           LoadReview(tx, workflows_.definitions, task.first, true));
          // Authorization before existence: another unit's review is
          // NOT_FOUND, exactly like a missing one.
          if (!stored.has_value() || !caller.InUnit(stored->review.unit)) {
            return absl::NotFoundError(
                absl::StrCat("审核 reviews/", task.first, " 不存在 (review not found)"));
          }
          const std::string& unit = stored->review.unit;
          if (!caller.HasRoleIn(kRoleDrafter, unit) && !caller.HasRoleIn(kRolePublisher, unit)) {
            return absl::PermissionDeniedError(
                "催办需要本单位的起草人或发布员角色 (requires role drafter or publisher)");
          }
          const workflow::Review& review = stored->review;
          if (review.IsTerminal() || review.active_stage < 0 ||
              review.active_stage >= review.definition->stage_count() ||
              review.definition->stage(review.active_stage).key() != task.second ||
              review.definition->stage(review.active_stage).role().empty()) {
            return absl::FailedPreconditionError(absl::StrCat(
                "环节 ", task.second, " 当前不在等待签署，无需催办 (the stage is not waiting)"));
          }
          const absl::Time now = context_.now();
          ASSIGN_OR_RETURN(std::optional<absl::Time> last, LastUrgeTime(tx, stored->id));
          const absl::Time allowed = NextUrgeAllowed(last, stored->active_since);
          if (now < allowed) {
            return absl::ResourceExhaustedError(absl::StrCat(
                "该环节已于 ", absl::FormatTime("%H:%M", *last, absl::FixedTimeZone(8 * 3600)),
                " 催办过，", absl::FormatTime("%H:%M", allowed, absl::FixedTimeZone(8 * 3600)),
                " 后才能再次催办 (urged less than 4 hours ago)"));
          }
          RETURN_IF_ERROR(RecordUrge(tx, stored->id, now));
          const std::string acting = caller.display_name;
          nlohmann::json details = {{"review", stored->name()},
                                    {"report_version", stored->version_name()},
                                    {"stage", task.second}};
          if (!request->note().empty()) details["detail"] = request->note();
          RETURN_IF_ERROR(
              AppendAudit(
                  tx, stored->report_id, unit,
                  {"task.urge", caller.user_id, acting, request->name(), Canonical(details)}, now)
                  .status());
          RETURN_IF_ERROR(EnqueueNotify(tx, context_.peers,
                                        UrgeNotification({stored->id, stored->version_name(),
                                                          stored->title, stored->active_since},
                                                         review, acting, request->note(), now)));
          ASSIGN_OR_RETURN(std::optional<AuditAnchor> anchor, SignHead(tx, stored->report_id, now));
          response->set_task(request->name());
          SetTimestamp(now, response->mutable_urge_time());
          SetTimestamp(now + kUrgeInterval, response->mutable_next_allowed_time());
          return anchor;
        });
  });
}

grpc::Status ReviewServiceImpl::ListWaitingTasks(grpc::ServerContext* context,
                                                 const v1::ListWaitingTasksRequest* request,
                                                 v1::ListWaitingTasksResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    if (!caller.IsService("notification")) {
      return absl::PermissionDeniedError(
          "ListWaitingTasks 只供通知服务调用 (notification service only)");
    }
    ASSIGN_OR_RETURN(int page_size,
                     PageSize(request->page_size() == 0 ? 100 : request->page_size(), 500));
    ASSIGN_OR_RETURN(auto position, ParsePositionToken(request->page_token()));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      ASSIGN_OR_RETURN(std::vector<InboxRow> rows,
                       ListWaiting(tx, position.first, position.second, page_size + 1));
      for (size_t i = 0; i < rows.size() && static_cast<int>(i) < page_size; ++i) {
        ASSIGN_OR_RETURN(std::optional<StoredReview> stored,
                         LoadReview(tx, workflows_.definitions, rows[i].review_id, false));
        if (!stored.has_value()) continue;
        const workflow::Review& review = stored->review;
        if (review.IsTerminal() || review.active_stage < 0 ||
            review.active_stage >= review.definition->stage_count()) {
          continue;
        }
        const auto& stage = review.definition->stage(review.active_stage);
        if (stage.role().empty()) continue;  // the machine's own stage
        v1::WaitingTask* out = response->add_tasks();
        out->set_name(absl::StrCat(stored->name(), "/tasks/", stage.key()));
        out->set_unit(review.unit);
        out->set_report_version(stored->version_name());
        out->set_title(stored->title);
        out->set_role(stage.role());
        out->set_stage_display_name(stage.display_name());
        SetTimestamp(rows[i].active_since, out->mutable_activate_time());
      }
      if (static_cast<int>(rows.size()) > page_size) {
        const InboxRow& last = rows[page_size - 1];
        response->set_next_page_token(PositionToken(last.active_since, last.review_id));
      }
      return absl::OkStatus();
    });
  });
}

}  // namespace reportflow::review
