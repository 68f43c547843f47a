#include "tests/support/identity_server.h"

#include "gtest/gtest.h"
#include "reportflow/identity/v1/identity.grpc.pb.h"
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

void SeedDirectory(const InProcessServers& servers, const RunningServer& identity,
                   const std::vector<SeedUnit>& units, const std::vector<SeedPerson>& people) {
  auto stub = identity::v1::IdentityService::NewStub(InProcessServers::Channel(identity));
  auto admin = [&] { return servers.As("u-admin", "管理员", {"admin"}, {}); };
  for (const SeedUnit& unit : units) {
    identity::v1::CreateUnitRequest request;
    request.mutable_unit()->set_name("units/" + unit.id);
    request.mutable_unit()->set_display_name(unit.display_name);
    if (!unit.parent.empty()) request.mutable_unit()->set_parent("units/" + unit.parent);
    request.mutable_unit()->set_kind(unit.region ? identity::v1::UNIT_KIND_REGION
                                                 : identity::v1::UNIT_KIND_BUDGET_UNIT);
    identity::v1::Unit created;
    const grpc::Status status = stub->CreateUnit(admin().get(), request, &created);
    EXPECT_TRUE(status.ok()) << unit.id << ": " << status.error_message();
  }
  for (const SeedPerson& person : people) {
    identity::v1::CreatePersonRequest create;
    create.mutable_person()->set_name("people/" + person.id);
    create.mutable_person()->set_display_name(person.display_name);
    create.mutable_person()->set_unit("units/" + person.unit);
    create.mutable_person()->set_email(person.email);
    identity::v1::Person made;
    grpc::Status status = stub->CreatePerson(admin().get(), create, &made);
    EXPECT_TRUE(status.ok()) << person.id << ": " << status.error_message();
    identity::v1::CreateRoleAssignmentRequest grant;
    grant.mutable_role_assignment()->set_person("people/" + person.id);
    grant.mutable_role_assignment()->set_role(person.role);
    grant.mutable_role_assignment()->set_scope("units/" + person.unit);
    identity::v1::RoleAssignment assignment;
    status = stub->CreateRoleAssignment(admin().get(), grant, &assignment);
    EXPECT_TRUE(status.ok()) << person.id << ": " << status.error_message();
  }
}

}  // namespace reportflow::testing
