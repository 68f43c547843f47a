// The review service's gRPC handlers (proto/reportflow/review/v1/): 三审三校
// persisted in MySQL and driven by the workflow engine (workflow/engine.h).
//
// Every action — approve, return, withdraw, comment, resolve, override — is
// one transaction: the review row is locked (SELECT … FOR UPDATE), the engine
// decides, the change, its audit entries and its outgoing messages are
// written, and the answer is stored under the request id (AIP-155). Two
// replicas racing on one stage therefore serialize on the row lock: the
// second sees the stage already approved and gets FAILED_PRECONDITION.
//
// StartReview accepts only the drafting service's token and is idempotent on
// (report, version). It fetches the version from drafting, recomputes its
// digest (a mismatch is FAILED_PRECONDITION, audited), runs the machine
// checks (the automatic stage 机器预检), carries over unresolved comments
// whose section revision did not change, and cancels any open review of an
// older version of the report.
//
// Outcomes leave through the outbox: a return or withdrawal becomes
// drafting.RecordReviewOutcome; 终审's approval issues the Ed25519-signed
// approval certificate and sends it to publication (PublishReport) and the
// outcome to drafting. Every action and delivery is appended to the report's
// hash-chained audit log.
//
// Access: people see reviews of their own units (another unit's review is
// NOT_FOUND); certificates and public keys are readable with any valid token.
#ifndef REPORTFLOW_SERVICES_REVIEW_API_REVIEW_SERVICE_H_
#define REPORTFLOW_SERVICES_REVIEW_API_REVIEW_SERVICE_H_

#include <functional>
#include <memory>
#include <optional>

#include "reportflow/review/v1/review.grpc.pb.h"
#include "services/common/directory_client.h"
#include "services/common/drafting_client.h"
#include "services/common/outbox.h"
#include "services/common/request_log.h"
#include "services/common/server.h"
#include "services/common/signing.h"
#include "services/review/store/anchor_witness.h"
#include "services/review/store/audit_store.h"
#include "services/review/store/review_store.h"
#include "workflow/definition.h"

namespace reportflow::review {

// Outbox methods the review service sends.
inline constexpr char kRecordReviewOutcome[] =
    "reportflow.drafting.v1.DraftingService/RecordReviewOutcome";
inline constexpr char kPublishReport[] =
    "reportflow.publication.v1.PublicationService/PublishReport";
// And, when a notification service is configured, kNotifyMethod
// (services/common/notify_outbox.h).

// Appends an `outbox.delivered` audit entry for a delivered message, in the
// dispatcher's transaction (OutboxDispatcher's DeliveredHook).
absl::Status AuditDelivery(Transaction& tx, const OutboxMessage& message, absl::Time now);

class ReviewServiceImpl final : public v1::ReviewService::Service {
 public:
  // `witness` keeps the signed audit heads outside the database (off when
  // it has no directory).
  ReviewServiceImpl(ServiceContext context, workflow::ShippedWorkflows workflows,
                    SigningKey signing_key, AnchorWitness witness = AnchorWitness(""));

  grpc::Status ListWorkflowDefinitions(grpc::ServerContext* context,
                                       const v1::ListWorkflowDefinitionsRequest* request,
                                       v1::ListWorkflowDefinitionsResponse* response) override;
  grpc::Status GetWorkflowDefinition(grpc::ServerContext* context,
                                     const v1::GetWorkflowDefinitionRequest* request,
                                     v1::WorkflowDefinition* response) override;
  grpc::Status StartReview(grpc::ServerContext* context, const v1::StartReviewRequest* request,
                           v1::Review* response) override;
  grpc::Status GetReview(grpc::ServerContext* context, const v1::GetReviewRequest* request,
                         v1::Review* response) override;
  grpc::Status ListReviews(grpc::ServerContext* context, const v1::ListReviewsRequest* request,
                           v1::ListReviewsResponse* response) override;
  grpc::Status ListTasks(grpc::ServerContext* context, const v1::ListTasksRequest* request,
                         v1::ListTasksResponse* response) override;
  grpc::Status ApproveTask(grpc::ServerContext* context, const v1::ApproveTaskRequest* request,
                           v1::Review* response) override;
  grpc::Status ReturnTask(grpc::ServerContext* context, const v1::ReturnTaskRequest* request,
                          v1::Review* response) override;
  grpc::Status WithdrawReview(grpc::ServerContext* context,
                              const v1::WithdrawReviewRequest* request,
                              v1::Review* response) override;
  grpc::Status CreateComment(grpc::ServerContext* context, const v1::CreateCommentRequest* request,
                             v1::Comment* response) override;
  grpc::Status ListComments(grpc::ServerContext* context, const v1::ListCommentsRequest* request,
                            v1::ListCommentsResponse* response) override;
  grpc::Status ResolveComment(grpc::ServerContext* context,
                              const v1::ResolveCommentRequest* request,
                              v1::Comment* response) override;
  grpc::Status ListFindings(grpc::ServerContext* context, const v1::ListFindingsRequest* request,
                            v1::ListFindingsResponse* response) override;
  grpc::Status OverrideFinding(grpc::ServerContext* context,
                               const v1::OverrideFindingRequest* request,
                               v1::Finding* response) override;
  grpc::Status GetApprovalCertificate(grpc::ServerContext* context,
                                      const v1::GetApprovalCertificateRequest* request,
                                      v1::ApprovalCertificate* response) override;
  grpc::Status ListPublicKeys(grpc::ServerContext* context,
                              const v1::ListPublicKeysRequest* request,
                              v1::ListPublicKeysResponse* response) override;
  grpc::Status ListAuditEvents(grpc::ServerContext* context,
                               const v1::ListAuditEventsRequest* request,
                               v1::ListAuditEventsResponse* response) override;
  grpc::Status VerifyAuditChain(grpc::ServerContext* context,
                                const v1::VerifyAuditChainRequest* request,
                                v1::VerifyAuditChainResponse* response) override;
  // In urges.cc: 催办 and the reminder ticker's page of waiting stages.
  grpc::Status UrgeTask(grpc::ServerContext* context, const v1::UrgeTaskRequest* request,
                        v1::UrgeTaskResponse* response) override;
  grpc::Status ListWaitingTasks(grpc::ServerContext* context,
                                const v1::ListWaitingTasksRequest* request,
                                v1::ListWaitingTasksResponse* response) override;
  grpc::Status ListDeliveries(grpc::ServerContext* context,
                              const v1::ListDeliveriesRequest* request,
                              v1::ListDeliveriesResponse* response) override;
  grpc::Status RetryDelivery(grpc::ServerContext* context, const v1::RetryDeliveryRequest* request,
                             type::v1::Delivery* response) override;

 private:
  // What an action changed, for its handler's answer.
  struct Acted {
    StoredReview review;
    std::vector<int> new_comment_ids;
    // The comments added, as stored (name, author, create time).
    std::vector<v1::Comment> new_comments;
    // The signed head of the report's audit chain after the action.
    std::optional<AuditAnchor> anchor;
  };
  // The shape of every mutation: parse and authorize before, then this runs
  // `act` in one transaction under the request id (AIP-155: a repeat gets
  // the stored answer, `act` runs once), and witnesses the signed audit
  // head `act` returns once the transaction has committed.
  template <typename Response>
  absl::Status Mutate(
      const Caller& caller, absl::string_view request_id, absl::string_view method,
      Response* response,
      const std::function<absl::StatusOr<std::optional<AuditAnchor>>(Transaction&)>& act) {
    std::optional<AuditAnchor> anchor;
    absl::Status status = context_.db->Transact([&](Transaction& tx) -> absl::Status {
      anchor.reset();  // a retried transaction starts over
      return Idempotent(tx, caller.user_id, request_id, method, response, [&]() -> absl::Status {
        absl::StatusOr<std::optional<AuditAnchor>> acted = act(tx);
        if (!acted.ok()) return acted.status();
        anchor = *std::move(acted);
        return absl::OkStatus();
      });
    });
    if (status.ok()) Witness(anchor);
    return status;
  }
  // Appends a committed action's signed head to the witness; a failure is
  // logged (the action stands, and the database keeps the head).
  void Witness(const std::optional<AuditAnchor>& anchor) const;
  // Locks review `id`, applies `actions` in order as `caller`, writes the
  // result with its audit entries, new comments and outgoing messages.
  absl::StatusOr<Acted> Act(Transaction& tx, const Caller& caller, int64_t id,
                            std::vector<workflow::Action> actions,
                            std::vector<v1::Comment> new_comments);
  // For an action link's approval: the stage `stage` of review `id` must
  // still be active since `activated` (locks the review); NOT_FOUND outside
  // the caller's units, FAILED_PRECONDITION when it changed.
  absl::Status CheckActivation(Transaction& tx, const Caller& caller, int64_t id,
                               absl::string_view stage, absl::Time activated);
  // Signs the head of `report_id`'s audit chain and stores the anchor
  // (every action ends so, audit_anchor.h); nullopt for an empty chain.
  absl::StatusOr<std::optional<AuditAnchor>> SignHead(Transaction& tx, absl::string_view report_id,
                                                      absl::Time now);
  // The review `id` if `caller` may see it; NOT_FOUND otherwise.
  absl::StatusOr<StoredReview> Visible(Transaction& tx, const Caller& caller, int64_t id);
  // The API form (BASIC view) with the caller's allowed actions.
  v1::Review ToProto(const StoredReview& stored, const Caller& caller) const;
  // Issues, signs and stores the certificate of an approved review, and
  // enqueues PublishReport and the APPROVED outcome; returns the audit
  // record of the issue.
  absl::StatusOr<AuditRecord> IssueCertificate(Transaction& tx, const StoredReview& stored);
  // The audit record of an engine event on `stored` by `caller`.
  AuditRecord AuditOf(const StoredReview& stored, const Caller& caller,
                      const workflow::Event& event) const;
  // Enqueues what the people concerned are told after `events` left the
  // review as `stored` (domain/notifications.h), when a notification
  // service is configured; `returned`: the comments a return sends back.
  absl::Status EnqueueNotifications(Transaction& tx, const StoredReview& stored,
                                    const std::vector<workflow::Event>& events,
                                    const std::vector<v1::Comment>& returned);
  absl::Status CreateReview(Transaction& tx, const drafting::v1::ReportVersion& version,
                            const drafting::v1::Template& report_template,
                            std::shared_ptr<const workflow::Definition> definition,
                            int64_t* review_id);

  const ServiceContext context_;
  const workflow::ShippedWorkflows workflows_;
  const SigningKey signing_key_;
  const AnchorWitness witness_;
  std::unique_ptr<DraftingClient> drafting_;
};

}  // namespace reportflow::review

#endif  // REPORTFLOW_SERVICES_REVIEW_API_REVIEW_SERVICE_H_
