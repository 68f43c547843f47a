// The identity service's gRPC handlers: the directory (units, people, role
// assignments, delegations), sign-in and sessions, and access checks for the
// other services. Each handler parses, authorizes, runs one transaction over
// the store with the pure rules of domain/, and converts.
//
// Who may do what: an administrator (role `admin`) over a unit keeps the
// directory of that unit's subtree; a legacy token issued with the `admin`
// role by `reportctl admin token` (the installation's bootstrap) keeps all of
// it. A person reads their own access; services and administrators read
// anyone's. Sign-in needs no token.
#ifndef REPORTFLOW_SERVICES_IDENTITY_API_IDENTITY_SERVICE_H_
#define REPORTFLOW_SERVICES_IDENTITY_API_IDENTITY_SERVICE_H_

#include <optional>
#include <string>

#include "reportflow/identity/v1/identity.grpc.pb.h"
#include "services/common/limits.h"
#include "services/common/server.h"
#include "services/identity/domain/oidc.h"

namespace reportflow::identity {

// The methods that answer without a token (sign-in).
inline const std::vector<std::string> kOpenMethods = {
    "/reportflow.identity.v1.IdentityService/SignIn",
    "/reportflow.identity.v1.IdentityService/SignInWithIdToken",
    "/reportflow.identity.v1.IdentityService/RefreshSession"};

struct IdentityConfig {
  // The ES256 private key (PEM) access tokens are signed with; the other
  // services verify them with its public key.
  std::string token_private_key_pem;
  absl::Duration access_ttl = absl::Minutes(5);
  absl::Duration refresh_ttl = absl::Hours(12);
  // argon2id cost (libsodium crypto_pwhash_str): the interactive profile by
  // default; tests lower it.
  uint64_t password_ops = 2;
  size_t password_memory_bytes = 64 << 20;
  // The unified identity provider, when configured.
  std::optional<OidcProvider> oidc;
};

class IdentityServiceImpl final : public v1::IdentityService::Service {
 public:
  IdentityServiceImpl(ServiceContext context, IdentityConfig config);

  grpc::Status CreateUnit(grpc::ServerContext* context, const v1::CreateUnitRequest* request,
                          v1::Unit* response) override;
  grpc::Status GetUnit(grpc::ServerContext* context, const v1::GetUnitRequest* request,
                       v1::Unit* response) override;
  grpc::Status ListUnits(grpc::ServerContext* context, const v1::ListUnitsRequest* request,
                         v1::ListUnitsResponse* response) override;
  grpc::Status RetireUnit(grpc::ServerContext* context, const v1::RetireUnitRequest* request,
                          v1::Unit* response) override;
  grpc::Status UpdateUnit(grpc::ServerContext* context, const v1::UpdateUnitRequest* request,
                          v1::Unit* response) override;
  grpc::Status CreatePerson(grpc::ServerContext* context, const v1::CreatePersonRequest* request,
                            v1::Person* response) override;
  grpc::Status GetPerson(grpc::ServerContext* context, const v1::GetPersonRequest* request,
                         v1::Person* response) override;
  grpc::Status ListPeople(grpc::ServerContext* context, const v1::ListPeopleRequest* request,
                          v1::ListPeopleResponse* response) override;
  grpc::Status DisablePerson(grpc::ServerContext* context, const v1::DisablePersonRequest* request,
                             v1::Person* response) override;
  grpc::Status SetPassword(grpc::ServerContext* context, const v1::SetPasswordRequest* request,
                           v1::Person* response) override;
  grpc::Status CreateRoleAssignment(grpc::ServerContext* context,
                                    const v1::CreateRoleAssignmentRequest* request,
                                    v1::RoleAssignment* response) override;
  grpc::Status ListRoleAssignments(grpc::ServerContext* context,
                                   const v1::ListRoleAssignmentsRequest* request,
                                   v1::ListRoleAssignmentsResponse* response) override;
  grpc::Status RevokeRoleAssignment(grpc::ServerContext* context,
                                    const v1::RevokeRoleAssignmentRequest* request,
                                    v1::RoleAssignment* response) override;
  grpc::Status CreateDelegation(grpc::ServerContext* context,
                                const v1::CreateDelegationRequest* request,
                                v1::Delegation* response) override;
  grpc::Status ListDelegations(grpc::ServerContext* context,
                               const v1::ListDelegationsRequest* request,
                               v1::ListDelegationsResponse* response) override;
  grpc::Status RevokeDelegation(grpc::ServerContext* context,
                                const v1::RevokeDelegationRequest* request,
                                v1::Delegation* response) override;
  grpc::Status SignIn(grpc::ServerContext* context, const v1::SignInRequest* request,
                      v1::Session* response) override;
  grpc::Status SignInWithIdToken(grpc::ServerContext* context,
                                 const v1::SignInWithIdTokenRequest* request,
                                 v1::Session* response) override;
  grpc::Status RefreshSession(grpc::ServerContext* context,
                              const v1::RefreshSessionRequest* request,
                              v1::Session* response) override;
  grpc::Status SignOut(grpc::ServerContext* context, const v1::SignOutRequest* request,
                       v1::SignOutResponse* response) override;
  grpc::Status GetAccess(grpc::ServerContext* context, const v1::GetAccessRequest* request,
                         v1::Access* response) override;
  grpc::Status CheckAccess(grpc::ServerContext* context, const v1::CheckAccessRequest* request,
                           v1::CheckAccessResponse* response) override;
  grpc::Status ListAccessibleUnits(grpc::ServerContext* context,
                                   const v1::ListAccessibleUnitsRequest* request,
                                   v1::ListAccessibleUnitsResponse* response) override;
  grpc::Status ListRoleHolders(grpc::ServerContext* context,
                               const v1::ListRoleHoldersRequest* request,
                               v1::ListRoleHoldersResponse* response) override;

 private:
  // OK when `caller` administers `unit_id` (or everything, for "").
  absl::Status RequireAdmin(Transaction& tx, const Caller& caller, absl::string_view unit_id);
  // OK for the services, the bootstrap token, and people holding any role
  // at the unit (an administrator of it included); PERMISSION_DENIED else.
  absl::Status RequireMember(Transaction& tx, const Caller& caller, absl::string_view unit_id);
  // A new session for `person`: access and refresh tokens.
  absl::Status NewSession(Transaction& tx, const v1::Person& person, absl::string_view person_id,
                          v1::Session* session);
  // Fills `session`'s tokens for generation `generation` of session `id`.
  absl::StatusOr<std::string> IssueTokens(const v1::Person& person, absl::string_view person_id,
                                          absl::string_view session_id, int generation,
                                          absl::Time session_expiry, v1::Session* session);
  std::string HashPassword(absl::string_view password) const;

  // Sign-in attempts from one address (the peer's host), besides the
  // per-person lockout: a guesser spreading over many names is slowed too.
  absl::Status AdmitSignIn(const grpc::ServerContext& context);

  const ServiceContext context_;
  const IdentityConfig config_;
  RateLimiter sign_in_limiter_;
};

}  // namespace reportflow::identity

#endif  // REPORTFLOW_SERVICES_IDENTITY_API_IDENTITY_SERVICE_H_
