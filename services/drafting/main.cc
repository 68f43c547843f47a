// drafting-server: the ReportFlow drafting service (see proto/reportflow/drafting/v1/).
#include <cstdio>
#include <memory>
#include <vector>

#include "embedded/drafting_migrations.h"
#include "services/common/outbox.h"
#include "services/common/server.h"
#include "services/drafting/api/delivery.h"
#include "services/drafting/api/drafting_service.h"
#include "services/drafting/domain/templates.h"

int main(int argc, char** argv) {
  absl::StatusOr<std::map<std::string, reportflow::drafting::v1::Template>> templates =
      reportflow::drafting::ShippedTemplates();
  if (!templates.ok()) {
    std::fprintf(stderr, "drafting-server: shipped templates: %s\n",
                 templates.status().ToString().c_str());
    return 1;
  }
  reportflow::ServerSpec spec;
  spec.name = "drafting";
  spec.migrations = reportflow::drafting::Migrations();
  spec.make_services = [&](reportflow::ServiceContext& context) {
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(
        std::make_unique<reportflow::drafting::DraftingServiceImpl>(context, *templates));
    return services;
  };
  // The outbox dispatcher delivers StartReview to the review service.
  std::unique_ptr<reportflow::OutboxDispatcher> dispatcher;
  spec.start_background = [&](reportflow::ServiceContext& context) -> std::function<void()> {
    dispatcher = std::make_unique<reportflow::OutboxDispatcher>(
        context.db, reportflow::drafting::MakeDeliverer(context.peers), absl::Seconds(1), nullptr,
        nullptr,
        reportflow::ParkPolicy{static_cast<int>(context.limits.outbox_park_after_attempts),
                               &reportflow::drafting::ReleaseRefusedVersion});
    // Four threads: StartReview of different reports side by side (a
    // report has one version in review at a time).
    dispatcher->Start(4);
    return [&] { dispatcher->Stop(); };
  };
  return reportflow::ServerMain(argc, argv, spec);
}
