#include "tests/support/identity_server.h"

#include "services/identity/api/identity_service.h"

namespace reportflow::testing {

std::unique_ptr<RunningServer> StartIdentityServer(const InProcessServers& servers, Database* db) {
  identity::IdentityConfig config;
  config.token_private_key_pem = servers.private_key();
  config.password_ops = 1;
  config.password_memory_bytes = 64 << 10;
  return servers.Start(
      "identity",
      [db, config](const CallerRegistry& callers) {
        ServiceContext context;
        context.db = db;
        context.callers = &callers;
        std::vector<std::unique_ptr<grpc::Service>> services;
        services.push_back(std::make_unique<identity::IdentityServiceImpl>(context, config));
        return services;
      },
      identity::kOpenMethods);
}

}  // namespace reportflow::testing
