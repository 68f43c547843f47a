// publication-server: the ReportFlow publication service (see proto/reportflow/publication/v1/).
#include <memory>
#include <vector>

#include "embedded/publication_migrations.h"
#include "reportflow/publication/v1/publication.grpc.pb.h"
#include "services/common/server.h"

int main(int argc, char** argv) {
  reportflow::ServerSpec spec;
  spec.name = "publication";
  spec.migrations = reportflow::publication::Migrations();
  spec.make_services = [](reportflow::ServiceContext&) {
    std::vector<std::unique_ptr<grpc::Service>> services;
    // The generated base answers UNIMPLEMENTED for every method (after the
    // interceptor has authenticated the call) until the service is built.
    services.push_back(
        std::make_unique<reportflow::publication::v1::PublicationService::Service>());
    return services;
  };
  return reportflow::ServerMain(argc, argv, spec);
}
