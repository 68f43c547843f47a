// Comments anchored to the reviewed text: CreateComment, ListComments,
// ResolveComment.
#include "absl/strings/str_cat.h"
#include "services/common/paging.h"
#include "services/common/proto_time.h"
#include "services/common/request_log.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/review/api/review_names.h"
#include "services/review/api/review_proto.h"
#include "services/review/api/review_service.h"

namespace reportflow::review {

grpc::Status ReviewServiceImpl::CreateComment(grpc::ServerContext* context,
                                              const v1::CreateCommentRequest* request,
                                              v1::Comment* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(auto name, ParseReviewName(request->parent(), "parent", ""));
    RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
    return Mutate(caller, request->request_id(), "CreateComment", response,
                  [&](Transaction& tx) -> absl::StatusOr<std::optional<AuditAnchor>> {
                    ASSIGN_OR_RETURN(Acted acted,
                                     Act(tx, caller, name.first, {}, {request->comment()}));
                    *response = acted.new_comments.at(0);
                    return acted.anchor;
                  });
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
    return Mutate(caller, request->request_id(), "ResolveComment", response,
                  [&](Transaction& tx) -> absl::StatusOr<std::optional<AuditAnchor>> {
                    ASSIGN_OR_RETURN(
                        Acted acted,
                        Act(tx, caller, name.first,
                            {workflow::Action::ResolveComment(absl::StrCat(name.second))}, {}));
                    ASSIGN_OR_RETURN(std::vector<v1::Comment> comments,
                                     review::ListComments(tx, name.first, name.second - 1, 1));
                    *response = comments.at(0);
                    return acted.anchor;
                  });
  });
}

}  // namespace reportflow::review
