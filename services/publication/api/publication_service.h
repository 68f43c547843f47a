// The publication service's gRPC handlers (proto/reportflow/publication/v1):
// PublishReport verifies the certificate with the configured review key and
// the version's digest with drafting, renders the page and queues its push;
// WithdrawPublication replaces a page by a notice; VerifyPublication reads
// the portal's copy back (api/portal_checks.h); the rest read. Every
// change is one transaction with its audit entry and outbox messages (portal
// pushes, outcomes reported to drafting); api/delivery.h sends them.
#ifndef REPORTFLOW_SERVICES_PUBLICATION_API_PUBLICATION_SERVICE_H_
#define REPORTFLOW_SERVICES_PUBLICATION_API_PUBLICATION_SERVICE_H_

#include <memory>
#include <string>

#include "reportflow/publication/v1/publication.grpc.pb.h"
#include "services/common/drafting_client.h"
#include "services/common/server.h"
#include "services/publication/portal/sink.h"
#include "services/publication/store/publication_store.h"

namespace reportflow::publication {

// Outbox methods: portal pushes by kind, and the outcome sent to drafting.
inline constexpr char kPushPage[] = "portal/page";
inline constexpr char kPushWithdrawal[] = "portal/withdrawal";
inline constexpr char kPushCorrection[] = "portal/correction";
inline constexpr char kPushIndex[] = "portal/index";
// The approved content pushed again after a check found the portal's copy
// changed (api/portal_checks.h).
inline constexpr char kPushRepair[] = "portal/repair";
inline constexpr char kRecordPublicationOutcome[] =
    "reportflow.drafting.v1.DraftingService/RecordPublicationOutcome";

// What the service is configured with.
struct PublicationConfig {
  // The review service's Ed25519 public key (32 raw bytes); certificates
  // signed by any other key are refused.
  std::string review_public_key;
  // The configured portal sink (for its name and page locations).
  std::shared_ptr<PortalSink> sink;
  // How often every page on the portal is read back and compared.
  absl::Duration portal_check_interval = kDefaultPortalCheckInterval;
};

// "publications/{id}".
std::string PublicationName(int64_t id);

// Enqueues a portal push of `bundle` for `record` (method kPush…), keyed by
// `key` (its Idempotency-Key on every attempt).
absl::Status EnqueuePush(Transaction& tx, const PublicationRecord& record, absl::string_view method,
                         PortalBundle bundle, absl::string_view key);

// The API form of a stored publication on `today` (for its deadline status).
v1::Publication PublicationProto(const PublicationRecord& record, const PortalSink& sink,
                                 absl::CivilDay today);

// Enqueues a push of the unit-year index of `record` (rendered when it is
// delivered, from the publications as they are then), keyed by `event`.
absl::Status EnqueueIndexPush(Transaction& tx, const PublicationRecord& record,
                              absl::string_view event);

// Enqueues RecordPublicationOutcome for `record`'s version, keyed by `event`.
absl::Status EnqueueOutcome(Transaction& tx, const PublicationRecord& record, int outcome,
                            absl::string_view url, absl::string_view reason,
                            absl::string_view event);

class PublicationServiceImpl final : public v1::PublicationService::Service {
 public:
  PublicationServiceImpl(ServiceContext context, PublicationConfig config);

  grpc::Status PublishReport(grpc::ServerContext* context, const v1::PublishReportRequest* request,
                             v1::Publication* response) override;
  grpc::Status GetPublication(grpc::ServerContext* context,
                              const v1::GetPublicationRequest* request,
                              v1::Publication* response) override;
  grpc::Status ListPublications(grpc::ServerContext* context,
                                const v1::ListPublicationsRequest* request,
                                v1::ListPublicationsResponse* response) override;
  grpc::Status WithdrawPublication(grpc::ServerContext* context,
                                   const v1::WithdrawPublicationRequest* request,
                                   v1::Publication* response) override;
  grpc::Status ListPortalPushes(grpc::ServerContext* context,
                                const v1::ListPortalPushesRequest* request,
                                v1::ListPortalPushesResponse* response) override;
  grpc::Status RetryPortalPush(grpc::ServerContext* context,
                               const v1::RetryPortalPushRequest* request,
                               v1::PortalPush* response) override;
  grpc::Status ListDeliveries(grpc::ServerContext* context,
                              const v1::ListDeliveriesRequest* request,
                              v1::ListDeliveriesResponse* response) override;
  grpc::Status VerifyPublication(grpc::ServerContext* context,
                                 const v1::VerifyPublicationRequest* request,
                                 v1::Publication* response) override;

 private:
  absl::Status Publish(const Caller& caller, const v1::PublishReportRequest& request,
                       v1::Publication* response);
  // The publication `name` names, visible to `caller` (NOT_FOUND otherwise).
  absl::StatusOr<PublicationRecord> Visible(Transaction& tx, const Caller& caller,
                                            absl::string_view name, bool for_update);
  absl::Status Refuse(const Caller& caller, absl::string_view report,
                      const v1::SignedCertificate& certificate, const absl::Status& why);
  absl::CivilDay Today() const;

  ServiceContext context_;
  const PublicationConfig config_;
  DraftingClient drafting_;
};

}  // namespace reportflow::publication

#endif  // REPORTFLOW_SERVICES_PUBLICATION_API_PUBLICATION_SERVICE_H_
