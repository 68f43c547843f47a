// The province's unified identity (统一身份认证) by OpenID Connect: an ID
// token (a JWT signed RS256 or ES256) verified against the provider's JWKS
// (the keys file a deployment downloads from the provider and configures),
// its issuer, audience and expiry checked. Pure: no network; the JWKS is
// given as text.
#ifndef REPORTFLOW_SERVICES_IDENTITY_DOMAIN_OIDC_H_
#define REPORTFLOW_SERVICES_IDENTITY_DOMAIN_OIDC_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace reportflow::identity {

// One verification key of the provider, as PEM, with its key id.
struct ProviderKey {
  std::string kid;
  std::string pem;
};

// What a deployment configures about its provider.
struct OidcProvider {
  std::string issuer;
  std::string audience;  // our client id
  std::vector<ProviderKey> keys;
};

// The keys of a JWKS document (RSA "n"/"e" and EC P-256 "x"/"y" keys;
// others are skipped). INVALID_ARGUMENT when it is not a JWKS or holds no
// usable key.
absl::StatusOr<std::vector<ProviderKey>> ParseJwks(absl::string_view jwks_json);

// The subject of a valid ID token: signed by one of the provider's keys (by
// `kid`, RS256 or ES256 only), `iss` the provider's, `aud` holding the
// audience, not expired at `now` (a minute of skew). UNAUTHENTICATED saying
// which check failed.
absl::StatusOr<std::string> VerifyIdToken(const OidcProvider& provider, absl::string_view id_token,
                                          absl::Time now);

}  // namespace reportflow::identity

#endif  // REPORTFLOW_SERVICES_IDENTITY_DOMAIN_OIDC_H_
