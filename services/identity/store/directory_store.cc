#include "services/identity/store/directory_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace reportflow::identity {
namespace {

constexpr char kUnitColumns[] =
    "id, display_name, parent_id, kind, credit_code, state, path, workflow_definition, "
    "merged_into";
constexpr char kPersonColumns[] =
    "id, display_name, unit_id, phone, email, state, password_hash, oidc_subject, "
    "failed_attempts, DATE_FORMAT(last_failure_time, '%Y-%m-%d %H:%i:%s.%f')";
constexpr char kAssignmentColumns[] =
    "id, person_id, role, scope_unit, subtree, DATE_FORMAT(create_time, '%Y-%m-%d %H:%i:%s.%f'), "
    "DATE_FORMAT(revoke_time, '%Y-%m-%d %H:%i:%s.%f')";
constexpr char kDelegationColumns[] =
    "id, delegator_id, delegate_id, roles, scope_unit, subtree, "
    "DATE_FORMAT(start_time, '%Y-%m-%d %H:%i:%s.%f'), "
    "DATE_FORMAT(end_time, '%Y-%m-%d %H:%i:%s.%f'), reason, "
    "DATE_FORMAT(revoke_time, '%Y-%m-%d %H:%i:%s.%f')";

v1::Unit UnitOf(const Row& row) {
  v1::Unit unit;
  unit.set_name(absl::StrCat("units/", row.GetString(0)));
  unit.set_display_name(row.GetString(1));
  if (!row.IsNull(2)) unit.set_parent(absl::StrCat("units/", row.GetString(2)));
  unit.set_kind(static_cast<v1::UnitKind>(row.GetInt64(3)));
  unit.set_credit_code(row.GetString(4));
  unit.set_state(static_cast<v1::EntityState>(row.GetInt64(5)));
  for (absl::string_view id : absl::StrSplit(row.GetString(6), '/', absl::SkipEmpty())) {
    unit.add_path(std::string(id));
  }
  unit.set_workflow_definition(row.GetString(7));
  if (!row.IsNull(8)) unit.set_merged_into(absl::StrCat("units/", row.GetString(8)));
  return unit;
}

StoredPerson PersonOf(const Row& row) {
  StoredPerson stored;
  stored.id = row.GetString(0);
  v1::Person& person = stored.person;
  person.set_name(absl::StrCat("people/", stored.id));
  person.set_display_name(row.GetString(1));
  person.set_unit(absl::StrCat("units/", row.GetString(2)));
  person.set_phone(row.GetString(3));
  person.set_email(row.GetString(4));
  person.set_state(static_cast<v1::EntityState>(row.GetInt64(5)));
  stored.password_hash = row.GetString(6);
  person.set_has_password(!row.IsNull(6) && !stored.password_hash.empty());
  person.set_oidc_subject(row.GetString(7));
  stored.failed_attempts = static_cast<int>(row.GetInt64(8));
  stored.last_failure = row.GetTime(9);
  return stored;
}

v1::RoleAssignment AssignmentOf(const Row& row) {
  v1::RoleAssignment assignment;
  assignment.set_name(absl::StrCat("roleAssignments/", row.GetInt64(0)));
  assignment.set_person(absl::StrCat("people/", row.GetString(1)));
  assignment.set_role(row.GetString(2));
  assignment.set_scope(absl::StrCat("units/", row.GetString(3)));
  assignment.set_subtree(row.GetInt64(4) != 0);
  SetTimestamp(row.GetTime(5), assignment.mutable_create_time());
  SetTimestamp(row.GetTime(6), assignment.mutable_revoke_time());
  return assignment;
}

v1::Delegation DelegationOf(const Row& row) {
  v1::Delegation delegation;
  delegation.set_name(absl::StrCat("delegations/", row.GetInt64(0)));
  delegation.set_delegator(absl::StrCat("people/", row.GetString(1)));
  delegation.set_delegate(absl::StrCat("people/", row.GetString(2)));
  for (absl::string_view role : absl::StrSplit(row.GetString(3), ',', absl::SkipEmpty())) {
    delegation.add_roles(std::string(role));
  }
  delegation.set_scope(absl::StrCat("units/", row.GetString(4)));
  delegation.set_subtree(row.GetInt64(5) != 0);
  SetTimestamp(row.GetTime(6), delegation.mutable_start_time());
  SetTimestamp(row.GetTime(7), delegation.mutable_end_time());
  delegation.set_reason(row.GetString(8));
  SetTimestamp(row.GetTime(9), delegation.mutable_revoke_time());
  return delegation;
}

}  // namespace

absl::Status InsertUnit(Transaction& tx, const v1::Unit& unit, absl::string_view id,
                        absl::string_view parent_id, const std::vector<std::string>& path) {
  return tx
      .Execute(
          "INSERT INTO units (id, display_name, parent_id, kind, credit_code, state, path, "
          "workflow_definition) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {id, unit.display_name(), parent_id.empty() ? SqlValue(nullptr) : SqlValue(parent_id),
           static_cast<int>(unit.kind()), unit.credit_code(),
           static_cast<int>(v1::ENTITY_STATE_ACTIVE),
           absl::StrCat("/", absl::StrJoin(path, "/"), "/"), unit.workflow_definition()})
      .status();
}

absl::StatusOr<std::optional<v1::Unit>> FindUnit(Transaction& tx, absl::string_view id) {
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query(absl::StrCat("SELECT ", kUnitColumns, " FROM units WHERE id = ?"), {id}));
  if (rows.empty()) return std::nullopt;
  v1::Unit unit = UnitOf(rows[0]);
  ASSIGN_OR_RETURN(std::vector<Row> names,
                   tx.Query("SELECT display_name, DATE_FORMAT(until_time, '%Y-%m-%d %H:%i:%s.%f') "
                            "FROM unit_names WHERE unit_id = ? ORDER BY until_time LIMIT 100",
                            {id}));
  for (const Row& name : names) {
    v1::FormerName* former = unit.add_former_names();
    former->set_display_name(name.GetString(0));
    SetTimestamp(name.GetTime(1), former->mutable_until_time());
  }
  return unit;
}

absl::Status SetMergedInto(Transaction& tx, absl::string_view id, absl::string_view merged_into) {
  return tx.Execute("UPDATE units SET merged_into = ? WHERE id = ?", {merged_into, id}).status();
}

absl::Status RenameUnit(Transaction& tx, absl::string_view id, absl::string_view display_name,
                        absl::Time now) {
  RETURN_IF_ERROR(tx.Execute("INSERT INTO unit_names (unit_id, display_name, until_time) "
                             "SELECT id, display_name, ? FROM units WHERE id = ?",
                             {SqlTime(now), id})
                      .status());
  return tx.Execute("UPDATE units SET display_name = ? WHERE id = ?", {display_name, id}).status();
}

absl::StatusOr<std::vector<v1::Unit>> ListChildUnits(Transaction& tx, absl::string_view parent_id,
                                                     absl::string_view after, int limit) {
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      parent_id.empty()
          ? tx.Query(absl::StrCat("SELECT ", kUnitColumns,
                                  " FROM units WHERE parent_id IS NULL AND id > ? ORDER BY id "
                                  "LIMIT ?"),
                     {after, limit})
          : tx.Query(absl::StrCat("SELECT ", kUnitColumns,
                                  " FROM units WHERE parent_id = ? AND id > ? ORDER BY id LIMIT ?"),
                     {parent_id, after, limit}));
  std::vector<v1::Unit> units;
  for (const Row& row : rows) units.push_back(UnitOf(row));
  return units;
}

absl::StatusOr<int64_t> CountActiveChildren(Transaction& tx, absl::string_view id) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query("SELECT COUNT(*) FROM units WHERE parent_id = ? AND state = ?",
                            {id, static_cast<int>(v1::ENTITY_STATE_ACTIVE)}));
  return rows[0].GetInt64(0);
}

absl::Status SetUnitState(Transaction& tx, absl::string_view id, v1::EntityState state) {
  return tx.Execute("UPDATE units SET state = ? WHERE id = ?", {static_cast<int>(state), id})
      .status();
}

absl::StatusOr<std::vector<std::pair<std::string, std::vector<std::string>>>> UnitsUnder(
    Transaction& tx, absl::string_view scope_id, bool subtree, int limit) {
  std::vector<std::pair<std::string, std::vector<std::string>>> units;
  ASSIGN_OR_RETURN(std::vector<Row> scope,
                   tx.Query("SELECT path FROM units WHERE id = ? AND state = ?",
                            {scope_id, static_cast<int>(v1::ENTITY_STATE_ACTIVE)}));
  if (scope.empty()) return units;
  auto add = [&](const std::string& id, const std::string& path) {
    std::vector<std::string> parts = absl::StrSplit(path, '/', absl::SkipEmpty());
    units.emplace_back(id, std::move(parts));
  };
  if (!subtree) {
    add(std::string(scope_id), scope[0].GetString(0));
    return units;
  }
  // Paths hold only [a-z0-9-/]: no LIKE wildcard can occur in them.
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query("SELECT id, path FROM units WHERE path LIKE ? AND state = ? LIMIT ?",
                            {absl::StrCat(scope[0].GetString(0), "%"),
                             static_cast<int>(v1::ENTITY_STATE_ACTIVE), limit}));
  for (const Row& row : rows) add(row.GetString(0), row.GetString(1));
  return units;
}

absl::Status InsertPerson(Transaction& tx, absl::string_view id, const v1::Person& person,
                          absl::string_view unit_id, absl::string_view password_hash) {
  return tx
      .Execute(
          "INSERT INTO people (id, display_name, unit_id, phone, email, state, "
          "password_hash, oidc_subject) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {id, person.display_name(), unit_id, person.phone(), person.email(),
           static_cast<int>(v1::ENTITY_STATE_ACTIVE),
           password_hash.empty() ? SqlValue(nullptr) : SqlValue(password_hash),
           person.oidc_subject().empty() ? SqlValue(nullptr) : SqlValue(person.oidc_subject())})
      .status();
}

absl::StatusOr<std::optional<StoredPerson>> FindPerson(Transaction& tx, absl::string_view id,
                                                       bool for_update) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query(absl::StrCat("SELECT ", kPersonColumns, " FROM people WHERE id = ?",
                                         for_update ? " FOR UPDATE" : ""),
                            {id}));
  if (rows.empty()) return std::nullopt;
  return PersonOf(rows[0]);
}

absl::StatusOr<std::optional<StoredPerson>> FindPersonByOidcSubject(Transaction& tx,
                                                                    absl::string_view subject) {
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query(absl::StrCat("SELECT ", kPersonColumns, " FROM people WHERE oidc_subject = ?"),
               {subject}));
  if (rows.empty()) return std::nullopt;
  return PersonOf(rows[0]);
}

absl::StatusOr<std::vector<v1::Person>> ListPeopleOf(Transaction& tx, absl::string_view unit_id,
                                                     absl::string_view after, int limit) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query(absl::StrCat("SELECT ", kPersonColumns,
                                         " FROM people WHERE unit_id = ? AND id > ? ORDER BY id "
                                         "LIMIT ?"),
                            {unit_id, after, limit}));
  std::vector<v1::Person> people;
  for (const Row& row : rows) people.push_back(PersonOf(row).person);
  return people;
}

absl::Status SetPersonState(Transaction& tx, absl::string_view id, v1::EntityState state) {
  return tx.Execute("UPDATE people SET state = ? WHERE id = ?", {static_cast<int>(state), id})
      .status();
}

absl::Status SetPasswordHash(Transaction& tx, absl::string_view id, absl::string_view hash) {
  return tx
      .Execute("UPDATE people SET password_hash = ?, failed_attempts = 0 WHERE id = ?", {hash, id})
      .status();
}

absl::Status RecordSignInFailure(Transaction& tx, absl::string_view id, absl::Time now) {
  return tx
      .Execute(
          "UPDATE people SET failed_attempts = failed_attempts + 1, last_failure_time = ? "
          "WHERE id = ?",
          {SqlTime(now), id})
      .status();
}

absl::Status ClearSignInFailures(Transaction& tx, absl::string_view id) {
  return tx
      .Execute("UPDATE people SET failed_attempts = 0 WHERE id = ? AND failed_attempts <> 0", {id})
      .status();
}

absl::StatusOr<v1::RoleAssignment> InsertAssignment(Transaction& tx, absl::string_view person_id,
                                                    absl::string_view role,
                                                    absl::string_view scope_unit, bool subtree) {
  RETURN_IF_ERROR(tx.Execute("INSERT INTO role_assignments (person_id, role, scope_unit, subtree) "
                             "VALUES (?, ?, ?, ?)",
                             {person_id, role, scope_unit, subtree})
                      .status());
  ASSIGN_OR_RETURN(std::vector<Row> id, tx.Query("SELECT LAST_INSERT_ID()"));
  ASSIGN_OR_RETURN(std::optional<v1::RoleAssignment> inserted,
                   FindAssignment(tx, id[0].GetInt64(0)));
  return *inserted;
}

absl::StatusOr<std::optional<v1::RoleAssignment>> FindAssignment(Transaction& tx, int64_t id) {
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query(absl::StrCat("SELECT ", kAssignmentColumns, " FROM role_assignments WHERE id = ?"),
               {id}));
  if (rows.empty()) return std::nullopt;
  return AssignmentOf(rows[0]);
}

absl::StatusOr<std::vector<v1::RoleAssignment>> ListAssignments(Transaction& tx,
                                                                absl::string_view person_id,
                                                                absl::string_view scope_unit,
                                                                bool include_revoked) {
  const std::string revoked = include_revoked ? "" : " AND revoke_time IS NULL";
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   !person_id.empty()
                       ? tx.Query(absl::StrCat("SELECT ", kAssignmentColumns,
                                               " FROM role_assignments WHERE person_id = ?",
                                               revoked, " ORDER BY id LIMIT 10000"),
                                  {person_id})
                       : tx.Query(absl::StrCat("SELECT ", kAssignmentColumns,
                                               " FROM role_assignments WHERE scope_unit = ?",
                                               revoked, " ORDER BY id LIMIT 10000"),
                                  {scope_unit}));
  std::vector<v1::RoleAssignment> assignments;
  for (const Row& row : rows) assignments.push_back(AssignmentOf(row));
  return assignments;
}

absl::Status RevokeAssignment(Transaction& tx, int64_t id, absl::Time now) {
  return tx
      .Execute("UPDATE role_assignments SET revoke_time = ? WHERE id = ? AND revoke_time IS NULL",
               {SqlTime(now), id})
      .status();
}

absl::StatusOr<std::vector<Grant>> GrantsOf(Transaction& tx, absl::string_view person_id) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query("SELECT role, scope_unit, subtree FROM role_assignments "
                            "WHERE person_id = ? AND revoke_time IS NULL LIMIT 10000",
                            {person_id}));
  std::vector<Grant> grants;
  for (const Row& row : rows) {
    grants.push_back({row.GetString(0), row.GetString(1), row.GetInt64(2) != 0});
  }
  return grants;
}

namespace {

// A delegation from columns 2..8 of GivenRules' and ReceivedRules' queries:
// roles, scope, subtree, start, end, revoked, and the other person's state
// (a delegation to or from a disabled person counts as revoked).
DelegationRule RuleOf(const Row& row) {
  DelegationRule rule;
  for (absl::string_view role : absl::StrSplit(row.GetString(2), ',', absl::SkipEmpty())) {
    rule.roles.emplace_back(role);
  }
  rule.scope_unit = row.GetString(3);
  rule.subtree = row.GetInt64(4) != 0;
  rule.start = row.GetTime(5);
  rule.end = row.GetTime(6);
  rule.revoked = row.GetInt64(7) != 0 || row.GetInt64(8) != v1::ENTITY_STATE_ACTIVE;
  return rule;
}

// "?,?,?" for `n` placeholders and the ids as parameters.
std::string Placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) absl::StrAppend(&out, i == 0 ? "?" : ",?");
  return out;
}

std::vector<SqlValue> Values(const std::vector<std::string>& ids) {
  return std::vector<SqlValue>(ids.begin(), ids.end());
}

}  // namespace

absl::StatusOr<std::vector<std::pair<std::string, Grant>>> AssignmentsOfRole(
    Transaction& tx, absl::string_view role, const std::vector<std::string>& scope_ids) {
  std::vector<std::pair<std::string, Grant>> out;
  if (scope_ids.empty()) return out;
  std::vector<SqlValue> params = Values(scope_ids);
  params.emplace_back(std::string(role));
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query(absl::StrCat("SELECT a.person_id, a.scope_unit, a.subtree "
                            "FROM role_assignments a JOIN people p ON p.id = a.person_id "
                            "WHERE a.scope_unit IN (",
                            Placeholders(scope_ids.size()),
                            ") AND a.revoke_time IS NULL AND a.role = ? AND p.state = ",
                            static_cast<int>(v1::ENTITY_STATE_ACTIVE),
                            " ORDER BY a.person_id LIMIT 10000"),
               params));
  for (const Row& row : rows) {
    out.emplace_back(row.GetString(0),
                     Grant{std::string(role), row.GetString(1), row.GetInt64(2) != 0});
  }
  return out;
}

absl::StatusOr<v1::Delegation> InsertDelegation(Transaction& tx, const DelegationRule& rule) {
  RETURN_IF_ERROR(
      tx.Execute("INSERT INTO delegations (delegator_id, delegate_id, roles, "
                 "scope_unit, subtree, start_time, end_time, reason) VALUES "
                 "(?, ?, ?, ?, ?, ?, ?, ?)",
                 {rule.delegator, rule.delegate, absl::StrJoin(rule.roles, ","), rule.scope_unit,
                  rule.subtree, SqlTime(rule.start), SqlTime(rule.end), rule.reason})
          .status());
  ASSIGN_OR_RETURN(std::vector<Row> id, tx.Query("SELECT LAST_INSERT_ID()"));
  ASSIGN_OR_RETURN(std::optional<v1::Delegation> inserted, FindDelegation(tx, id[0].GetInt64(0)));
  return *inserted;
}

absl::StatusOr<std::optional<v1::Delegation>> FindDelegation(Transaction& tx, int64_t id) {
  ASSIGN_OR_RETURN(std::vector<Row> rows, tx.Query(absl::StrCat("SELECT ", kDelegationColumns,
                                                                " FROM delegations WHERE id = ?"),
                                                   {id}));
  if (rows.empty()) return std::nullopt;
  return DelegationOf(rows[0]);
}

absl::StatusOr<std::vector<v1::Delegation>> ListDelegationsOf(Transaction& tx,
                                                              absl::string_view person_id,
                                                              std::optional<absl::Time> active_at) {
  std::vector<v1::Delegation> delegations;
  for (const char* column : {"delegator_id", "delegate_id"}) {
    ASSIGN_OR_RETURN(
        std::vector<Row> rows,
        active_at.has_value()
            ? tx.Query(
                  absl::StrCat("SELECT ", kDelegationColumns, " FROM delegations WHERE ", column,
                               " = ? AND end_time > ? AND start_time <= ? AND revoke_time "
                               "IS NULL ORDER BY id DESC LIMIT 1000"),
                  {person_id, SqlTime(*active_at), SqlTime(*active_at)})
            : tx.Query(absl::StrCat("SELECT ", kDelegationColumns, " FROM delegations WHERE ",
                                    column, " = ? ORDER BY id DESC LIMIT 1000"),
                       {person_id}));
    for (const Row& row : rows) delegations.push_back(DelegationOf(row));
  }
  return delegations;
}

absl::Status RevokeDelegation(Transaction& tx, int64_t id, absl::Time now) {
  return tx
      .Execute("UPDATE delegations SET revoke_time = ? WHERE id = ? AND revoke_time IS NULL",
               {SqlTime(now), id})
      .status();
}

absl::StatusOr<std::vector<DelegationRule>> GivenRules(
    Transaction& tx, const std::vector<std::string>& delegator_ids, absl::Time now) {
  std::vector<DelegationRule> rules;
  if (delegator_ids.empty()) return rules;
  std::vector<SqlValue> params = Values(delegator_ids);
  params.emplace_back(SqlTime(now));
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query(
          absl::StrCat("SELECT d.delegator_id, d.delegate_id, d.roles, d.scope_unit, d.subtree, "
                       "DATE_FORMAT(d.start_time, '%Y-%m-%d %H:%i:%s.%f'), "
                       "DATE_FORMAT(d.end_time, '%Y-%m-%d %H:%i:%s.%f'), "
                       "d.revoke_time IS NOT NULL, p.state "
                       "FROM delegations d JOIN people p ON p.id = d.delegate_id "
                       "WHERE d.delegator_id IN (",
                       Placeholders(delegator_ids.size()),
                       ") AND d.end_time > ? ORDER BY d.id LIMIT 1000"),
          params));
  for (const Row& row : rows) {
    DelegationRule rule = RuleOf(row);  // a disabled delegate holds nothing
    rule.delegator = row.GetString(0);
    rule.delegate = row.GetString(1);
    rules.push_back(std::move(rule));
  }
  return rules;
}

absl::StatusOr<std::map<std::string, std::string>> DisplayNames(
    Transaction& tx, const std::vector<std::string>& ids) {
  std::map<std::string, std::string> names;
  if (ids.empty()) return names;
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query(absl::StrCat("SELECT id, display_name FROM people WHERE id IN (",
                                         Placeholders(ids.size()), ")"),
                            Values(ids)));
  for (const Row& row : rows) names[row.GetString(0)] = row.GetString(1);
  return names;
}

absl::StatusOr<std::vector<DelegationRule>> ReceivedRules(Transaction& tx,
                                                          absl::string_view person_id,
                                                          absl::Time now) {
  ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query("SELECT d.delegator_id, p.display_name, d.roles, d.scope_unit, d.subtree, "
               "DATE_FORMAT(d.start_time, '%Y-%m-%d %H:%i:%s.%f'), "
               "DATE_FORMAT(d.end_time, '%Y-%m-%d %H:%i:%s.%f'), d.revoke_time IS NOT NULL, "
               "p.state FROM delegations d JOIN people p ON p.id = d.delegator_id "
               "WHERE d.delegate_id = ? AND d.end_time > ? LIMIT 1000",
               {person_id, SqlTime(now)}));
  std::vector<DelegationRule> rules;
  for (const Row& row : rows) {
    DelegationRule rule = RuleOf(row);  // a disabled delegator lends nothing
    rule.delegator = row.GetString(0);
    rule.delegator_name = row.GetString(1);
    rule.delegate = std::string(person_id);
    rules.push_back(std::move(rule));
  }
  return rules;
}

absl::Status InsertSession(Transaction& tx, const StoredSession& session) {
  return tx
      .Execute(
          "INSERT INTO sessions (id, person_id, generation, refresh_sha256, state, "
          "expire_time) VALUES (?, ?, ?, ?, 1, ?)",
          {session.id, session.person_id, session.generation, session.refresh_sha256,
           SqlTime(session.expire_time)})
      .status();
}

absl::StatusOr<std::optional<StoredSession>> LockSession(Transaction& tx, absl::string_view id) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   tx.Query("SELECT id, person_id, generation, refresh_sha256, state, "
                            "DATE_FORMAT(expire_time, '%Y-%m-%d %H:%i:%s.%f') FROM sessions "
                            "WHERE id = ? FOR UPDATE",
                            {id}));
  if (rows.empty()) return std::nullopt;
  StoredSession session;
  session.id = rows[0].GetString(0);
  session.person_id = rows[0].GetString(1);
  session.generation = static_cast<int>(rows[0].GetInt64(2));
  session.refresh_sha256 = rows[0].GetString(3);
  session.active = rows[0].GetInt64(4) == 1;
  session.expire_time = rows[0].GetTime(5);
  return session;
}

absl::Status RotateSession(Transaction& tx, absl::string_view id, int generation,
                           absl::string_view refresh_sha256) {
  return tx
      .Execute("UPDATE sessions SET generation = ?, refresh_sha256 = ? WHERE id = ?",
               {generation, refresh_sha256, id})
      .status();
}

absl::Status RevokeSession(Transaction& tx, absl::string_view id, absl::string_view reason) {
  return tx
      .Execute("UPDATE sessions SET state = 2, revoke_reason = ? WHERE id = ? AND state = 1",
               {reason, id})
      .status();
}

absl::Status RevokeSessionsOf(Transaction& tx, absl::string_view person_id,
                              absl::string_view reason) {
  return tx
      .Execute(
          "UPDATE sessions SET state = 2, revoke_reason = ? WHERE person_id = ? AND "
          "state = 1",
          {reason, person_id})
      .status();
}

}  // namespace reportflow::identity
