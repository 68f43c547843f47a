// The directory's rules, pure: who holds which role where, what a delegation
// may lend, what a password must be, when a sign-in is locked out.
//
// Units form a tree; a unit's path is the ids from the root down to it. A
// role assignment holds over its scope unit, and with `subtree` over every
// unit whose path passes through the scope. A delegation lends some of the
// delegator's roles over a scope for a window; it counts only while the
// delegator still holds the role there and the delegate is active.
#ifndef REPORTFLOW_SERVICES_IDENTITY_DOMAIN_DIRECTORY_H_
#define REPORTFLOW_SERVICES_IDENTITY_DOMAIN_DIRECTORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace reportflow::identity {

// A grant over a scope: an assignment, or one role of a delegation.
struct Grant {
  std::string role;
  std::string scope_unit;
  bool subtree = false;
};

// A delegation as the rules see it.
struct DelegationRule {
  std::string delegator;
  std::string delegator_name;
  std::string delegate;
  std::vector<std::string> roles;
  std::string scope_unit;
  bool subtree = false;
  absl::Time start;
  absl::Time end;
  bool revoked = false;
  std::string reason;
};

// Whether `grant` covers the unit whose path (root first, the unit last) is
// `unit_path`.
bool Covers(const Grant& grant, const std::vector<std::string>& unit_path);

// A role held at a unit, and through whom.
struct HeldRole {
  std::string role;
  // Empty for the person's own assignment; the delegator otherwise.
  std::string delegator;
  std::string delegator_name;
};

// The roles a person holds at the unit of `unit_path` at `now`: from their
// own `assignments`, and from each active delegation received whose scope
// covers the unit and whose delegator holds the role there
// (`delegator_assignments`, the delegators' own assignments; a delegated
// role is never lent on). An own role wins over the same role delegated.
std::vector<HeldRole> RolesAt(
    const std::vector<std::string>& unit_path, const std::vector<Grant>& assignments,
    const std::vector<DelegationRule>& received,
    const std::vector<std::pair<std::string, Grant>>& delegator_assignments, absl::Time now);

// A person who holds a role at a unit, and through whom.
struct RoleHolder {
  std::string person;
  // Empty for an own assignment; the delegator otherwise.
  std::string delegator;
  std::string delegator_name;
};

// Who holds `role` at the unit of `unit_path` at `now`: each person of
// `assignments` (person, grant) whose grant of that role covers the unit,
// then each delegate of a delegation in `given` that is in force, lends the
// role over a scope covering the unit, and comes from one of those holders
// (a delegated role is never lent on). Each person once; own before
// delegated; in the order given.
std::vector<RoleHolder> HoldersAt(absl::string_view role, const std::vector<std::string>& unit_path,
                                  const std::vector<std::pair<std::string, Grant>>& assignments,
                                  const std::vector<DelegationRule>& given, absl::Time now);

// Why a new delegation is refused (INVALID_ARGUMENT / FAILED_PRECONDITION
// naming the field), or OK: not to oneself, not to a disabled person, at
// least one role, never a service role, a window that ends after it starts
// and after `now`, at most 366 days, and only roles the delegator holds over
// the scope (`delegator_grants`).
absl::Status ValidateDelegation(const DelegationRule& delegation, bool delegate_active,
                                const std::vector<Grant>& delegator_grants,
                                const std::vector<std::string>& scope_path, absl::Time now);

// The password policy (GB/T 22239 level-2 practice): at least 10
// characters, at most 128 bytes, letters and digits both, not containing
// the person's id. INVALID_ARGUMENT naming `field` and the rule.
absl::Status CheckPasswordPolicy(absl::string_view password, absl::string_view person_id,
                                 absl::string_view field = "password");

// Sign-in lockout: after kMaxFailures consecutive failures, locked for
// kLockout from the last one.
inline constexpr int kMaxFailures = 5;
inline constexpr absl::Duration kLockout = absl::Minutes(15);

// Until when a person with `failures` consecutive failures, the last at
// `last_failure`, is locked; nullopt when not locked at `now`.
std::optional<absl::Time> LockedUntil(int failures, absl::Time last_failure, absl::Time now);

// Ids of people: 1..64 of [a-z0-9-], starting with a letter or digit.
absl::Status ValidatePersonId(absl::string_view field, absl::string_view id);

// Roles: 1..64 of [a-z0-9_]; `service:` roles are never a person's.
absl::Status ValidateRole(absl::string_view field, absl::string_view role);

}  // namespace reportflow::identity

#endif  // REPORTFLOW_SERVICES_IDENTITY_DOMAIN_DIRECTORY_H_
