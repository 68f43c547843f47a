// identity-server: the ReportFlow identity service (see
// proto/reportflow/identity/v1/): the directory, sign-in and access checks.
#include <sodium.h>

#include <cstdio>
#include <memory>
#include <vector>

#include "CLI/CLI.hpp"
#include "embedded/identity_migrations.h"
#include "services/common/grpc_client.h"
#include "services/common/server.h"
#include "services/identity/api/identity_service.h"

int main(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::fprintf(stderr, "identity-server: libsodium failed to initialise\n");
    return 1;
  }
  std::string signing_key_file;
  int access_minutes = 5;
  int refresh_hours = 12;
  std::string oidc_issuer;
  std::string oidc_audience;
  std::string oidc_jwks_file;
  int password_memory_kib = 64 * 1024;
  reportflow::identity::IdentityConfig config;

  reportflow::ServerSpec spec;
  spec.name = "identity";
  spec.migrations = reportflow::identity::Migrations();
  spec.open_methods = reportflow::identity::kOpenMethods;
  spec.resolve_directory_callers = false;  // it is the directory
  spec.add_flags = [&](CLI::App& app) {
    app.add_option("--token-signing-key", signing_key_file,
                   "PEM ES256 private key that signs access tokens (the other services verify "
                   "them with its public key, their --jwt-public-key)")
        ->envname("RF_TOKEN_SIGNING_KEY")
        ->required();
    app.add_option("--access-token-minutes", access_minutes, "access token lifetime")
        ->envname("RF_ACCESS_TOKEN_MINUTES")
        ->capture_default_str();
    app.add_option("--refresh-hours", refresh_hours, "longest session (refresh tokens rotate)")
        ->envname("RF_REFRESH_HOURS")
        ->capture_default_str();
    app.add_option("--oidc-issuer", oidc_issuer, "the unified identity provider's issuer")
        ->envname("RF_OIDC_ISSUER");
    app.add_option("--oidc-audience", oidc_audience, "this system's client id at the provider")
        ->envname("RF_OIDC_AUDIENCE");
    app.add_option("--oidc-jwks-file", oidc_jwks_file, "the provider's JWKS (its keys), as a file")
        ->envname("RF_OIDC_JWKS_FILE");
    app.add_option("--password-hash-memory-kib", password_memory_kib,
                   "argon2id memory per password hash (tests lower it)")
        ->envname("RF_PASSWORD_HASH_MEMORY_KIB")
        ->capture_default_str();
  };
  spec.configure = [&]() -> absl::Status {
    absl::StatusOr<std::string> key = reportflow::ReadWholeFile(signing_key_file);
    if (!key.ok()) return key.status();
    config.token_private_key_pem = *key;
    config.access_ttl = absl::Minutes(access_minutes);
    config.refresh_ttl = absl::Hours(refresh_hours);
    config.password_memory_bytes = static_cast<size_t>(password_memory_kib) * 1024;
    if (password_memory_kib < 64 * 1024) config.password_ops = 1;
    if (!oidc_jwks_file.empty()) {
      absl::StatusOr<std::string> jwks = reportflow::ReadWholeFile(oidc_jwks_file);
      if (!jwks.ok()) return jwks.status();
      absl::StatusOr<std::vector<reportflow::identity::ProviderKey>> keys =
          reportflow::identity::ParseJwks(*jwks);
      if (!keys.ok()) return keys.status();
      if (oidc_issuer.empty() || oidc_audience.empty()) {
        return absl::InvalidArgumentError(
            "--oidc-jwks-file needs --oidc-issuer and --oidc-audience");
      }
      config.oidc = reportflow::identity::OidcProvider{oidc_issuer, oidc_audience, *keys};
    }
    return absl::OkStatus();
  };
  spec.make_services = [&](reportflow::ServiceContext& context) {
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(
        std::make_unique<reportflow::identity::IdentityServiceImpl>(context, config));
    return services;
  };
  return reportflow::ServerMain(argc, argv, spec);
}
