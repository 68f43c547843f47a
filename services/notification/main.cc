// notification-server: the ReportFlow notification service (see
// proto/reportflow/notification/v1/): events from the other services become
// notifications of the people who hold the role, in the console.
#include <memory>
#include <vector>

#include "embedded/notification_migrations.h"
#include "services/common/server.h"
#include "services/notification/api/notification_service.h"

int main(int argc, char** argv) {
  reportflow::ServerSpec spec;
  spec.name = "notification";
  spec.migrations = reportflow::notification::Migrations();
  spec.make_services = [&](reportflow::ServiceContext& context) {
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(
        std::make_unique<reportflow::notification::NotificationServiceImpl>(context));
    return services;
  };
  return reportflow::ServerMain(argc, argv, spec);
}
