// Machine-check findings: ListFindings and OverrideFinding (a written
// reason, audited).
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
    return Mutate(
        caller, request->request_id(), "OverrideFinding", response,
        [&](Transaction& tx) -> absl::StatusOr<std::optional<AuditAnchor>> {
          ASSIGN_OR_RETURN(
              Acted acted,
              Act(tx, caller, name.first,
                  {workflow::Action::OverrideFinding(absl::StrCat(name.second), request->reason())},
                  {}));
          ASSIGN_OR_RETURN(std::vector<v1::Finding> findings,
                           review::ListFindings(tx, name.first, name.second - 1, 1));
          *response = findings.at(0);
          return acted.anchor;
        });
  });
}

}  // namespace reportflow::review
