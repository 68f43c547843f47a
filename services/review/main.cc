// review-server: the ReportFlow review service (see proto/reportflow/review/v1/).
#include <memory>
#include <vector>

#include "embedded/review_migrations.h"
#include "reportflow/review/v1/review.grpc.pb.h"
#include "services/common/server.h"

int main(int argc, char** argv) {
  reportflow::ServerSpec spec;
  spec.name = "review";
  spec.migrations = reportflow::review::Migrations();
  spec.make_services = [](reportflow::ServiceContext&) {
    std::vector<std::unique_ptr<grpc::Service>> services;
    // The generated base answers UNIMPLEMENTED for every method (after the
    // interceptor has authenticated the call) until the service is built.
    services.push_back(std::make_unique<reportflow::review::v1::ReviewService::Service>());
    return services;
  };
  return reportflow::ServerMain(argc, argv, spec);
}
