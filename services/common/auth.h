// Bearer-token authentication: ES256-signed JWTs carrying the caller's user
// id, display name, roles and units.
//
// A token's claims: `iss` = "reportflow", `sub` (user id), `name`, `roles` and
// `units` (arrays of strings), `iat`, `exp` (seconds since the epoch).
// Services call each other with tokens of their own, whose roles include
// "service:<name>" (e.g. "service:drafting").
//
// `reportctl admin init` creates the signing key pair and `reportctl admin
// token` issues tokens for a local installation; a real deployment plugs in
// its identity provider by issuing tokens with the same claims.
#ifndef REPORTFLOW_SERVICES_COMMON_AUTH_H_
#define REPORTFLOW_SERVICES_COMMON_AUTH_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace reportflow {

// The issuer every ReportFlow token names.
inline constexpr absl::string_view kTokenIssuer = "reportflow";

// Well-known roles. Stage roles of the review workflow are defined by the
// workflow definitions; these are the ones every installation has.
inline constexpr absl::string_view kRoleDrafter = "drafter";
inline constexpr absl::string_view kRolePublisher = "publisher";
inline constexpr absl::string_view kRoleAdmin = "admin";
// The unit's head (单位主要负责人): told of overridden findings and of tasks
// overdue past the escalation days.
inline constexpr absl::string_view kRoleUnitHead = "unit_head";
// A finance bureau's supervisor (财政监督) over a region's subtree: sees its
// units' reports' progress, never their drafts.
inline constexpr absl::string_view kRoleSupervisor = "supervisor";
inline constexpr absl::string_view kServiceRolePrefix = "service:";

// What the directory says a signed-in person holds, unit by unit (from the
// identity service's ListAccessibleUnits, subtrees expanded), shared by the
// calls of a cache period.
struct DirectoryAccess {
  struct Role {
    std::string role;
    // The delegator's display name when the role is lent (代理); "" if own.
    std::string delegator_name;
  };
  absl::flat_hash_map<std::string, std::vector<Role>> roles_by_unit;
  // The keys of roles_by_unit, and every role held somewhere.
  std::vector<std::string> units;
  std::vector<std::string> roles;
};

// The authenticated caller of an RPC.
struct Caller {
  std::string user_id;
  std::string display_name;
  // From the token (people with a token of `reportctl admin token`, and the
  // services); for a signed-in person see `access`.
  std::vector<std::string> roles;
  std::vector<std::string> units;
  // Set for a token the identity service issued by sign-in ("dir" claim):
  // roles and units are not in the token but in the directory; the server
  // fills `access` from the identity service before the handler runs.
  bool directory = false;
  std::shared_ptr<const DirectoryAccess> access;

  // Whether the caller holds `role` (at some unit).
  bool HasRole(absl::string_view role) const;
  // Whether the caller belongs to `unit` (holds some role there).
  bool InUnit(absl::string_view unit) const;
  // Whether the caller holds `role` at `unit`: a token's roles hold at all of
  // its units; the directory's only where granted.
  bool HasRoleIn(absl::string_view role, absl::string_view unit) const;
  // The roles the caller holds at `unit`.
  std::vector<std::string> RolesIn(absl::string_view unit) const;
  // The name to record for an action in `role` at `unit`: "王强（代 李娜）"
  // when the role is lent, the display name otherwise.
  std::string ActingName(absl::string_view role, absl::string_view unit) const;
  // Every unit the caller belongs to, and every role held somewhere.
  const std::vector<std::string>& Units() const;
  const std::vector<std::string>& Roles() const;
  // Whether the caller is the named service ("drafting", "review", ...).
  bool IsService(absl::string_view service) const;
};

// What a token says; the input of IssueToken.
struct TokenClaims {
  std::string user_id;
  std::string display_name;
  std::vector<std::string> roles;
  std::vector<std::string> units;
  // A signed-in person's token: roles and units live in the directory.
  bool directory = false;
};

// A P-256 key pair in PEM (PKCS#8 private key, SubjectPublicKeyInfo public key).
struct KeyPair {
  std::string private_key_pem;
  std::string public_key_pem;
};

// Generates a fresh ES256 (ECDSA P-256) key pair.
absl::StatusOr<KeyPair> GenerateSigningKeyPair();

// Issues a token for `claims`, valid from `now` for `ttl`, signed with
// `private_key_pem`. INVALID_ARGUMENT for empty user id or non-positive ttl.
absl::StatusOr<std::string> IssueToken(absl::string_view private_key_pem, const TokenClaims& claims,
                                       absl::Time now, absl::Duration ttl);

// Verifies tokens against one public key. Thread-safe.
class TokenVerifier {
 public:
  // INVALID_ARGUMENT when `public_key_pem` is not a PEM P-256 public key.
  static absl::StatusOr<TokenVerifier> Create(std::string public_key_pem);

  // Returns the caller a token names, or UNAUTHENTICATED saying why: bad
  // signature or another key, an algorithm other than ES256, wrong issuer,
  // expired at `now`, issued in the future, or a missing claim.
  absl::StatusOr<Caller> Verify(absl::string_view token, absl::Time now) const;

  // Extracts the token from an `authorization` header value ("Bearer <token>")
  // and verifies it. UNAUTHENTICATED when the header is missing or malformed.
  absl::StatusOr<Caller> VerifyAuthorizationHeader(absl::string_view header, absl::Time now) const;

 private:
  explicit TokenVerifier(std::string public_key_pem) : public_key_pem_(std::move(public_key_pem)) {}
  std::string public_key_pem_;
};

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_AUTH_H_
