// The directory in MySQL: units, people, role assignments, delegations and
// sign-in sessions, as the API's messages. Every query is served by an index
// (primary keys, parent, unit, person, scope, delegate/delegator); a subtree
// is a prefix of `units.path`.
#ifndef REPORTFLOW_SERVICES_IDENTITY_STORE_DIRECTORY_STORE_H_
#define REPORTFLOW_SERVICES_IDENTITY_STORE_DIRECTORY_STORE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "reportflow/identity/v1/identity.pb.h"
#include "services/common/database.h"
#include "services/identity/domain/directory.h"

namespace reportflow::identity {

// A unit's row: the message and the parent's id.
absl::Status InsertUnit(Transaction& tx, const v1::Unit& unit, absl::string_view id,
                        absl::string_view parent_id, const std::vector<std::string>& path);
absl::StatusOr<std::optional<v1::Unit>> FindUnit(Transaction& tx, absl::string_view id);
// Children of `parent_id` ("" for the roots) with ids after `after`, at most
// `limit`.
absl::StatusOr<std::vector<v1::Unit>> ListChildUnits(Transaction& tx, absl::string_view parent_id,
                                                     absl::string_view after, int limit);
absl::StatusOr<int64_t> CountActiveChildren(Transaction& tx, absl::string_view id);
absl::Status SetUnitState(Transaction& tx, absl::string_view id, v1::EntityState state);
// Records that a retired unit went into `merged_into`.
absl::Status SetMergedInto(Transaction& tx, absl::string_view id, absl::string_view merged_into);
// Renames a unit, keeping the former name until `now`.
absl::Status RenameUnit(Transaction& tx, absl::string_view id, absl::string_view display_name,
                        absl::Time now);

// A person's row, with what sign-in needs.
struct StoredPerson {
  v1::Person person;
  std::string id;
  std::string password_hash;
  int failed_attempts = 0;
  absl::Time last_failure = absl::InfinitePast();
};
absl::Status InsertPerson(Transaction& tx, absl::string_view id, const v1::Person& person,
                          absl::string_view unit_id, absl::string_view password_hash);
// `for_update` locks the row (sign-in counts failures under the lock).
absl::StatusOr<std::optional<StoredPerson>> FindPerson(Transaction& tx, absl::string_view id,
                                                       bool for_update = false);
absl::StatusOr<std::optional<StoredPerson>> FindPersonByOidcSubject(Transaction& tx,
                                                                    absl::string_view subject);
absl::StatusOr<std::vector<v1::Person>> ListPeopleOf(Transaction& tx, absl::string_view unit_id,
                                                     absl::string_view after, int limit);
absl::Status SetPersonState(Transaction& tx, absl::string_view id, v1::EntityState state);
absl::Status SetPasswordHash(Transaction& tx, absl::string_view id, absl::string_view hash);
// Counts a failed sign-in at `now`, or clears the count after a success.
absl::Status RecordSignInFailure(Transaction& tx, absl::string_view id, absl::Time now);
absl::Status ClearSignInFailures(Transaction& tx, absl::string_view id);

// The active units a grant over `scope_id` reaches: the unit itself, and
// with `subtree` every active unit below it (a prefix range of the path
// index). Each with its path. At most `limit`.
absl::StatusOr<std::vector<std::pair<std::string, std::vector<std::string>>>> UnitsUnder(
    Transaction& tx, absl::string_view scope_id, bool subtree, int limit);

// Role assignments.
absl::StatusOr<v1::RoleAssignment> InsertAssignment(Transaction& tx, absl::string_view person_id,
                                                    absl::string_view role,
                                                    absl::string_view scope_unit, bool subtree);
absl::StatusOr<std::optional<v1::RoleAssignment>> FindAssignment(Transaction& tx, int64_t id);
// Of a person (when `person_id` is set) or over a unit.
absl::StatusOr<std::vector<v1::RoleAssignment>> ListAssignments(Transaction& tx,
                                                                absl::string_view person_id,
                                                                absl::string_view scope_unit,
                                                                bool include_revoked);
absl::Status RevokeAssignment(Transaction& tx, int64_t id, absl::Time now);
// A person's assignments in force, as grants.
absl::StatusOr<std::vector<Grant>> GrantsOf(Transaction& tx, absl::string_view person_id);

// Active assignments of `role` over any of `scope_ids` (a unit and its
// ancestors, so at most the tree's depth) held by active people, as
// (person, grant), by the scope index.
absl::StatusOr<std::vector<std::pair<std::string, Grant>>> AssignmentsOfRole(
    Transaction& tx, absl::string_view role, const std::vector<std::string>& scope_ids);

// Delegations.
absl::StatusOr<v1::Delegation> InsertDelegation(Transaction& tx, const DelegationRule& rule);
absl::StatusOr<std::optional<v1::Delegation>> FindDelegation(Transaction& tx, int64_t id);
// Given or received by a person; with `active_at`, only those in force then.
absl::StatusOr<std::vector<v1::Delegation>> ListDelegationsOf(Transaction& tx,
                                                              absl::string_view person_id,
                                                              std::optional<absl::Time> active_at);
absl::Status RevokeDelegation(Transaction& tx, int64_t id, absl::Time now);
// Delegations received by a person and not ended at `now`, as rules (with
// the delegators' display names).
absl::StatusOr<std::vector<DelegationRule>> ReceivedRules(Transaction& tx,
                                                          absl::string_view person_id,
                                                          absl::Time now);

// Delegations given by `delegator_ids` and not ended at `now`, as rules (by
// the delegator index); one to a disabled delegate counts as revoked.
absl::StatusOr<std::vector<DelegationRule>> GivenRules(
    Transaction& tx, const std::vector<std::string>& delegator_ids, absl::Time now);
// Display names of `ids` (missing ones are left out).
absl::StatusOr<std::map<std::string, std::string>> DisplayNames(
    Transaction& tx, const std::vector<std::string>& ids);

// Sessions.
struct StoredSession {
  std::string id;
  std::string person_id;
  int generation = 0;
  std::string refresh_sha256;
  bool active = false;
  absl::Time expire_time;
};
absl::Status InsertSession(Transaction& tx, const StoredSession& session);
absl::StatusOr<std::optional<StoredSession>> LockSession(Transaction& tx, absl::string_view id);
absl::Status RotateSession(Transaction& tx, absl::string_view id, int generation,
                           absl::string_view refresh_sha256);
absl::Status RevokeSession(Transaction& tx, absl::string_view id, absl::string_view reason);
absl::Status RevokeSessionsOf(Transaction& tx, absl::string_view person_id,
                              absl::string_view reason);

}  // namespace reportflow::identity

#endif  // REPORTFLOW_SERVICES_IDENTITY_STORE_DIRECTORY_STORE_H_
