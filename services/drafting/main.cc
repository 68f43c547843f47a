// drafting-server: the ReportFlow drafting service (see proto/reportflow/drafting/v1/).
#include <memory>
#include <vector>

#include "embedded/drafting_migrations.h"
#include "reportflow/drafting/v1/drafting.grpc.pb.h"
#include "services/common/server.h"

int main(int argc, char** argv) {
  reportflow::ServerSpec spec;
  spec.name = "drafting";
  spec.migrations = reportflow::drafting::Migrations();
  spec.make_services = [](reportflow::ServiceContext&) {
    std::vector<std::unique_ptr<grpc::Service>> services;
    // The generated base answers UNIMPLEMENTED for every method (after the
    // interceptor has authenticated the call) until the service is built.
    services.push_back(std::make_unique<reportflow::drafting::v1::DraftingService::Service>());
    return services;
  };
  return reportflow::ServerMain(argc, argv, spec);
}
