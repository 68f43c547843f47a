// Tasks: the inbox (ListTasks) and the stage decisions, ApproveTask and
// ReturnTask.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/paging.h"
#include "services/common/proto_time.h"
#include "services/common/request_log.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/text_rules.h"
#include "services/review/api/review_names.h"
#include "services/review/api/review_proto.h"
#include "services/review/api/review_service.h"

namespace reportflow::review {

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
    return Mutate(
        caller, request->request_id(), "ApproveTask", response,
        [&](Transaction& tx) -> absl::StatusOr<std::optional<AuditAnchor>> {
          if (request->has_activate_time()) {
            RETURN_IF_ERROR(CheckActivation(tx, caller, task.first, task.second,
                                            FromTimestamp(request->activate_time())));
          }
          ASSIGN_OR_RETURN(
              Acted acted,
              Act(tx, caller, task.first,
                  {workflow::Action::Approve(task.second, request->digest(), request->opinion())},
                  {}));
          *response = ToProto(acted.review, caller);
          return acted.anchor;
        });
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
    return Mutate(caller, request->request_id(), "ReturnTask", response,
                  [&](Transaction& tx) -> absl::StatusOr<std::optional<AuditAnchor>> {
                    ASSIGN_OR_RETURN(
                        Acted acted,
                        Act(tx, caller, task.first,
                            {workflow::Action::Return(task.second, ToEngine(request->target()),
                                                      request->reason(), request->target_stage())},
                            comments));
                    *response = ToProto(acted.review, caller);
                    return acted.anchor;
                  });
  });
}

}  // namespace reportflow::review
