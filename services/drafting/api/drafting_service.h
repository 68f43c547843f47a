// The drafting service's gRPC handlers (proto/reportflow/drafting/v1/).
// Thin: each validates its request, runs one transaction through the store,
// and converts errors at the edge. Built so far: templates, CreateReport,
// GetReport, ListReports, UpdateReport, ListSections, AssignSection,
// CreateRevision, GetRevision, ListRevisions, DiffRevisions, ImportDocument,
// CheckReport (the self-check), SubmitReport, GetReportVersion, ListReportVersions,
// DiffReportVersions, RecordReviewOutcome, RecordPublicationOutcome and ListDeliveries — every
// method of the API.
//
// RecordReviewOutcome and RecordPublicationOutcome accept only the review's
// and the publication service's tokens (service:review, service:publication)
// and are idempotent on (version, outcome).
//
// SubmitReport freezes a version and writes StartReview to the outbox in the
// same transaction; the dispatcher (main.cc) delivers it to review-server,
// and ListDeliveries shows where it stands. A version shows the review's
// outcome once recorded, with a return's reason and anchored comments.
//
// Writing a section needs the `drafter` role, a report in DRAFTING or
// RETURNED (FAILED_PRECONDITION otherwise: it is read-only in review), and,
// when the section is assigned, being its assignee. A revision based on
// anything but the latest is ABORTED, naming who submitted the latest and when.
// A section key the report's template does not have is INVALID_ARGUMENT.
//
// Access: a caller sees only reports of the units in their token; another
// unit's report is NOT_FOUND, so existence does not leak. The review and
// publication services' tokens read reports and versions of every unit. Creating a report
// needs the `drafter` role for the report's unit.
#ifndef REPORTFLOW_SERVICES_DRAFTING_API_DRAFTING_SERVICE_H_
#define REPORTFLOW_SERVICES_DRAFTING_API_DRAFTING_SERVICE_H_

#include <map>
#include <string>

#include "reportflow/drafting/v1/drafting.grpc.pb.h"
#include "services/common/server.h"

namespace reportflow::drafting {

class DraftingServiceImpl final : public v1::DraftingService::Service {
 public:
  // `templates` by resource name, from ShippedTemplates().
  DraftingServiceImpl(ServiceContext context, std::map<std::string, v1::Template> templates)
      : context_(std::move(context)), templates_(std::move(templates)) {}

  grpc::Status ListTemplates(grpc::ServerContext* context, const v1::ListTemplatesRequest* request,
                             v1::ListTemplatesResponse* response) override;
  grpc::Status GetTemplate(grpc::ServerContext* context, const v1::GetTemplateRequest* request,
                           v1::Template* response) override;
  grpc::Status CreateReport(grpc::ServerContext* context, const v1::CreateReportRequest* request,
                            v1::Report* response) override;
  grpc::Status GetReport(grpc::ServerContext* context, const v1::GetReportRequest* request,
                         v1::Report* response) override;
  grpc::Status ListReports(grpc::ServerContext* context, const v1::ListReportsRequest* request,
                           v1::ListReportsResponse* response) override;
  grpc::Status ListSections(grpc::ServerContext* context, const v1::ListSectionsRequest* request,
                            v1::ListSectionsResponse* response) override;
  grpc::Status GetSection(grpc::ServerContext* context, const v1::GetSectionRequest* request,
                          v1::Section* response) override;
  grpc::Status RetryDelivery(grpc::ServerContext* context, const v1::RetryDeliveryRequest* request,
                             type::v1::Delivery* response) override;
  grpc::Status CreateRevision(grpc::ServerContext* context,
                              const v1::CreateRevisionRequest* request,
                              v1::Revision* response) override;
  grpc::Status GetRevision(grpc::ServerContext* context, const v1::GetRevisionRequest* request,
                           v1::Revision* response) override;
  grpc::Status ListRevisions(grpc::ServerContext* context, const v1::ListRevisionsRequest* request,
                             v1::ListRevisionsResponse* response) override;
  grpc::Status DiffRevisions(grpc::ServerContext* context, const v1::DiffRevisionsRequest* request,
                             v1::DiffRevisionsResponse* response) override;
  grpc::Status ImportDocument(grpc::ServerContext* context,
                              const v1::ImportDocumentRequest* request,
                              v1::ImportDocumentResponse* response) override;
  grpc::Status CheckReport(grpc::ServerContext* context, const v1::CheckReportRequest* request,
                           v1::CheckReportResponse* response) override;
  grpc::Status SubmitReport(grpc::ServerContext* context, const v1::SubmitReportRequest* request,
                            v1::SubmitReportResponse* response) override;
  grpc::Status GetReportVersion(grpc::ServerContext* context,
                                const v1::GetReportVersionRequest* request,
                                v1::ReportVersion* response) override;
  grpc::Status UpdateReport(grpc::ServerContext* context, const v1::UpdateReportRequest* request,
                            v1::Report* response) override;
  grpc::Status AssignSection(grpc::ServerContext* context, const v1::AssignSectionRequest* request,
                             v1::Section* response) override;
  grpc::Status ListReportVersions(grpc::ServerContext* context,
                                  const v1::ListReportVersionsRequest* request,
                                  v1::ListReportVersionsResponse* response) override;
  grpc::Status DiffReportVersions(grpc::ServerContext* context,
                                  const v1::DiffReportVersionsRequest* request,
                                  v1::DiffReportVersionsResponse* response) override;
  grpc::Status RecordReviewOutcome(grpc::ServerContext* context,
                                   const v1::RecordReviewOutcomeRequest* request,
                                   v1::Report* response) override;
  grpc::Status RecordPublicationOutcome(grpc::ServerContext* context,
                                        const v1::RecordPublicationOutcomeRequest* request,
                                        v1::Report* response) override;
  grpc::Status ListDeliveries(grpc::ServerContext* context,
                              const v1::ListDeliveriesRequest* request,
                              v1::ListDeliveriesResponse* response) override;
  // In supervision.cc: the finance bureau's view of a region, and the
  // running deadlines for the notification service's warnings.
  grpc::Status ListRegionReports(grpc::ServerContext* context,
                                 const v1::ListRegionReportsRequest* request,
                                 v1::ListRegionReportsResponse* response) override;
  grpc::Status ListOpenDeadlines(grpc::ServerContext* context,
                                 const v1::ListOpenDeadlinesRequest* request,
                                 v1::ListOpenDeadlinesResponse* response) override;

 private:
  const ServiceContext context_;
  const std::map<std::string, v1::Template> templates_;
};

}  // namespace reportflow::drafting

#endif  // REPORTFLOW_SERVICES_DRAFTING_API_DRAFTING_SERVICE_H_
