#include "services/identity/api/identity_service.h"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/common/grpc_status.h"
#include "services/common/proto_time.h"
#include "services/common/sha256.h"
#include "services/common/status_macros.h"
#include "services/common/text_rules.h"
#include "services/identity/domain/directory.h"
#include "services/identity/store/directory_store.h"

namespace reportflow::identity {
namespace {

// "units/511113" → "511113"; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<std::string> IdOf(absl::string_view name, absl::string_view collection,
                                 absl::string_view field) {
  absl::string_view id = name;
  if (!absl::ConsumePrefix(&id, absl::StrCat(collection, "/")) || id.empty() ||
      absl::StrContains(id, '/')) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": 应为 ", collection, "/{id}，收到“",
                                                   QuoteInput(name),
                                                   "” (malformed resource name)"));
  }
  return std::string(id);
}

absl::StatusOr<int64_t> NumberOf(absl::string_view name, absl::string_view collection,
                                 absl::string_view field) {
  ASSIGN_OR_RETURN(std::string id, IdOf(name, collection, field));
  int64_t number = 0;
  if (id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos ||
      !absl::SimpleAtoi(id, &number) || number <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": 应为 ", collection, "/{数字} (malformed resource name)"));
  }
  return number;
}

absl::Status NotFound(absl::string_view what, absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(what, " ", QuoteInput(name), " 不存在 (not found)"));
}

// What a person holds: their grants, the delegations they received, and
// the delegators' grants (a delegation lends only what the delegator holds).
struct Holdings {
  std::vector<Grant> own;
  std::vector<DelegationRule> received;
  std::vector<std::pair<std::string, Grant>> delegator_grants;

  std::vector<HeldRole> At(const std::vector<std::string>& path, absl::Time now) const {
    return RolesAt(path, own, received, delegator_grants, now);
  }
};

absl::StatusOr<Holdings> LoadHoldings(Transaction& tx, absl::string_view person_id,
                                      absl::Time now) {
  Holdings holdings;
  ASSIGN_OR_RETURN(holdings.own, GrantsOf(tx, person_id));
  ASSIGN_OR_RETURN(holdings.received, ReceivedRules(tx, person_id, now));
  std::set<std::string> delegators;
  for (const DelegationRule& rule : holdings.received) delegators.insert(rule.delegator);
  for (const std::string& delegator : delegators) {
    ASSIGN_OR_RETURN(std::vector<Grant> grants, GrantsOf(tx, delegator));
    for (Grant& grant : grants) holdings.delegator_grants.emplace_back(delegator, std::move(grant));
  }
  return holdings;
}

// The roles `person_id` holds at the unit of `path` now.
absl::StatusOr<std::vector<HeldRole>> HeldAt(Transaction& tx, absl::string_view person_id,
                                             const std::vector<std::string>& path, absl::Time now) {
  ASSIGN_OR_RETURN(Holdings holdings, LoadHoldings(tx, person_id, now));
  return holdings.At(path, now);
}

bool IsPeerService(const Caller& caller) {
  return caller.IsService("drafting") || caller.IsService("review") ||
         caller.IsService("publication") || caller.IsService("notification");
}

std::vector<std::string> PathOf(const v1::Unit& unit) {
  return {unit.path().begin(), unit.path().end()};
}

}  // namespace

IdentityServiceImpl::IdentityServiceImpl(ServiceContext context, IdentityConfig config)
    : context_(std::move(context)),
      config_(std::move(config)),
      sign_in_limiter_(context_.limits.sign_ins_per_minute) {}

absl::Status IdentityServiceImpl::AdmitSignIn(const grpc::ServerContext& context) {
  // "ipv4:127.0.0.1:51234" → "ipv4:127.0.0.1": the address, not the port.
  std::string peer = context.peer();
  const size_t port = peer.rfind(':');
  if (port != std::string::npos && port > peer.find(':')) peer.resize(port);
  absl::Status admitted = sign_in_limiter_.Admit(peer, context_.now());
  if (!admitted.ok()) {
    return absl::ResourceExhaustedError(
        "登录尝试过于频繁，请稍后再试 (too many sign-in attempts from this address; limit "
        "sign_ins_per_minute)");
  }
  return absl::OkStatus();
}

absl::Status IdentityServiceImpl::RequireAdmin(Transaction& tx, const Caller& caller,
                                               absl::string_view unit_id) {
  if (!caller.directory && caller.HasRole(kRoleAdmin)) {
    return absl::OkStatus();  // the installation's bootstrap token
  }
  if (!unit_id.empty()) {
    ASSIGN_OR_RETURN(std::optional<v1::Unit> unit, FindUnit(tx, unit_id));
    if (unit.has_value()) {
      ASSIGN_OR_RETURN(std::vector<HeldRole> held,
                       HeldAt(tx, caller.user_id, PathOf(*unit), context_.now()));
      if (std::any_of(held.begin(), held.end(),
                      [](const HeldRole& role) { return role.role == kRoleAdmin; })) {
        return absl::OkStatus();
      }
    }
  }
  return absl::PermissionDeniedError("需要该单位的管理员角色 (requires role admin over the unit)");
}

absl::Status IdentityServiceImpl::RequireMember(Transaction& tx, const Caller& caller,
                                                absl::string_view unit_id) {
  if (IsPeerService(caller) || (!caller.directory && caller.HasRole(kRoleAdmin))) {
    return absl::OkStatus();  // the services, and the installation's bootstrap token
  }
  ASSIGN_OR_RETURN(std::optional<v1::Unit> unit, FindUnit(tx, unit_id));
  if (unit.has_value()) {
    ASSIGN_OR_RETURN(std::vector<HeldRole> held,
                     HeldAt(tx, caller.user_id, PathOf(*unit), context_.now()));
    if (!held.empty()) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "只能查看本人担任角色的单位的人员 (people of a unit where you hold a role)");
}

std::string IdentityServiceImpl::HashPassword(absl::string_view password) const {
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), config_.password_ops,
                        config_.password_memory_bytes) != 0) {
    return "";
  }
  return hash;
}

absl::StatusOr<std::string> IdentityServiceImpl::IssueTokens(
    const v1::Person& person, absl::string_view person_id, absl::string_view session_id,
    int generation, absl::Time session_expiry, v1::Session* session) {
  const absl::Time now = context_.now();
  TokenClaims claims;
  claims.user_id = std::string(person_id);
  claims.display_name = person.display_name();
  claims.directory = true;
  ASSIGN_OR_RETURN(std::string access,
                   IssueToken(config_.token_private_key_pem, claims, now, config_.access_ttl));
  unsigned char secret[32];
  randombytes_buf(secret, sizeof(secret));
  const std::string refresh = absl::StrCat(
      session_id, ".", generation, ".",
      absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(secret), sizeof(secret))));
  session->set_access_token(access);
  SetTimestamp(absl::FromUnixSeconds(absl::ToUnixSeconds(now + config_.access_ttl)),
               session->mutable_access_expire_time());
  session->set_refresh_token(refresh);
  SetTimestamp(session_expiry, session->mutable_refresh_expire_time());
  *session->mutable_person() = person;
  return Sha256Hex(refresh);
}

absl::Status IdentityServiceImpl::NewSession(Transaction& tx, const v1::Person& person,
                                             absl::string_view person_id, v1::Session* session) {
  unsigned char raw[16];
  randombytes_buf(raw, sizeof(raw));
  StoredSession stored;
  stored.id = absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(raw), sizeof(raw)));
  stored.person_id = std::string(person_id);
  stored.generation = 1;
  stored.expire_time =
      absl::FromUnixMicros(absl::ToUnixMicros(context_.now() + config_.refresh_ttl));
  ASSIGN_OR_RETURN(stored.refresh_sha256,
                   IssueTokens(person, person_id, stored.id, 1, stored.expire_time, session));
  return InsertSession(tx, stored);
}

grpc::Status IdentityServiceImpl::CreateUnit(grpc::ServerContext* context,
                                             const v1::CreateUnitRequest* request,
                                             v1::Unit* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    const v1::Unit& unit = request->unit();
    ASSIGN_OR_RETURN(std::string id, IdOf(unit.name(), "units", "unit.name"));
    RETURN_IF_ERROR(ValidateUnitId("unit.name", id));
    RETURN_IF_ERROR(ValidateText("unit.display_name", unit.display_name(),
                                 static_cast<size_t>(context_.limits.max_name_chars),
                                 Presence::kRequired));
    if (unit.kind() == v1::UNIT_KIND_UNSPECIFIED) {
      return absl::InvalidArgumentError(
          "unit.kind: 必填：REGION（行政区划）或 BUDGET_UNIT（预算单位） (required)");
    }
    if (!unit.credit_code().empty() &&
        (unit.credit_code().size() != 18 ||
         !std::all_of(unit.credit_code().begin(), unit.credit_code().end(),
                      [](char c) { return absl::ascii_isdigit(c) || absl::ascii_isupper(c); }))) {
      return absl::InvalidArgumentError(
          "unit.credit_code: 统一社会信用代码应为 18 位数字或大写字母 (18 characters)");
    }
    if (!unit.workflow_definition().empty() &&
        (unit.workflow_definition().size() > 64 ||
         !std::all_of(unit.workflow_definition().begin(), unit.workflow_definition().end(),
                      [](char c) {
                        return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-';
                      }))) {
      return absl::InvalidArgumentError(
          "unit.workflow_definition: 应为审校流程标识，如 gov-three-signers (must match "
          "[a-z0-9-]{1,64})");
    }
    std::string parent_id;
    if (!unit.parent().empty()) {
      ASSIGN_OR_RETURN(parent_id, IdOf(unit.parent(), "units", "unit.parent"));
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      RETURN_IF_ERROR(RequireAdmin(tx, caller, parent_id));
      std::vector<std::string> path;
      if (!parent_id.empty()) {
        ASSIGN_OR_RETURN(std::optional<v1::Unit> parent, FindUnit(tx, parent_id));
        if (!parent.has_value()) return NotFound("上级单位", unit.parent());
        if (parent->state() != v1::ENTITY_STATE_ACTIVE) {
          return absl::FailedPreconditionError("unit.parent: 上级单位已撤销 (parent is retired)");
        }
        path = PathOf(*parent);
      }
      path.push_back(id);
      absl::Status inserted = InsertUnit(tx, unit, id, parent_id, path);
      if (inserted.code() == absl::StatusCode::kAlreadyExists) {
        return absl::AlreadyExistsError(
            absl::StrCat("单位 units/", id, " 已存在 (already exists)"));
      }
      RETURN_IF_ERROR(inserted);
      ASSIGN_OR_RETURN(std::optional<v1::Unit> created, FindUnit(tx, id));
      *response = *created;
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::GetUnit(grpc::ServerContext* context,
                                          const v1::GetUnitRequest* request, v1::Unit* response) {
  return context_.Handle(context, [&](const Caller&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, IdOf(request->name(), "units", "name"));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(std::optional<v1::Unit> unit, FindUnit(tx, id));
      if (!unit.has_value()) return NotFound("单位", request->name());
      *response = *unit;
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::ListUnits(grpc::ServerContext* context,
                                            const v1::ListUnitsRequest* request,
                                            v1::ListUnitsResponse* response) {
  return context_.Handle(context, [&](const Caller&) -> absl::Status {
    std::string parent_id;
    if (!request->parent().empty()) {
      ASSIGN_OR_RETURN(parent_id, IdOf(request->parent(), "units", "parent"));
    }
    if (request->page_size() < 0) {
      return absl::InvalidArgumentError("page_size: 不能为负数 (must not be negative)");
    }
    const int size = request->page_size() == 0 ? 100 : std::min(request->page_size(), 500);
    RETURN_IF_ERROR(ValidateText("page_token", request->page_token(), 48));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      ASSIGN_OR_RETURN(std::vector<v1::Unit> units,
                       ListChildUnits(tx, parent_id, request->page_token(), size + 1));
      for (size_t i = 0; i < units.size() && static_cast<int>(i) < size; ++i) {
        *response->add_units() = units[i];
      }
      if (static_cast<int>(units.size()) > size) {
        response->set_next_page_token(units[size - 1].name().substr(6));
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::RetireUnit(grpc::ServerContext* context,
                                             const v1::RetireUnitRequest* request,
                                             v1::Unit* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, IdOf(request->name(), "units", "name"));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      RETURN_IF_ERROR(RequireAdmin(tx, caller, id));
      ASSIGN_OR_RETURN(std::optional<v1::Unit> unit, FindUnit(tx, id));
      if (!unit.has_value()) return NotFound("单位", request->name());
      ASSIGN_OR_RETURN(int64_t children, CountActiveChildren(tx, id));
      if (children > 0) {
        return absl::FailedPreconditionError(absl::StrCat(
            "单位下还有 ", children, " 个在用的下级单位，请先撤销或合并它们 (active children)"));
      }
      RETURN_IF_ERROR(SetUnitState(tx, id, v1::ENTITY_STATE_INACTIVE));
      if (!request->merged_into().empty()) {
        ASSIGN_OR_RETURN(std::string into, IdOf(request->merged_into(), "units", "merged_into"));
        ASSIGN_OR_RETURN(std::optional<v1::Unit> target, FindUnit(tx, into));
        if (!target.has_value() || target->state() != v1::ENTITY_STATE_ACTIVE || into == id) {
          return absl::FailedPreconditionError(
              "merged_into: 应为另一个在用的单位 (must be another active unit)");
        }
        RETURN_IF_ERROR(SetMergedInto(tx, id, into));
      }
      ASSIGN_OR_RETURN(unit, FindUnit(tx, id));
      *response = *unit;
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::UpdateUnit(grpc::ServerContext* context,
                                             const v1::UpdateUnitRequest* request,
                                             v1::Unit* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, IdOf(request->unit().name(), "units", "unit.name"));
    if (request->update_mask().paths_size() != 1 ||
        request->update_mask().paths(0) != "display_name") {
      return absl::InvalidArgumentError(
          "update_mask: 只能更新 display_name (only display_name is updatable)");
    }
    RETURN_IF_ERROR(ValidateText("unit.display_name", request->unit().display_name(),
                                 static_cast<size_t>(context_.limits.max_name_chars),
                                 Presence::kRequired));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      RETURN_IF_ERROR(RequireAdmin(tx, caller, id));
      ASSIGN_OR_RETURN(std::optional<v1::Unit> unit, FindUnit(tx, id));
      if (!unit.has_value()) return NotFound("单位", request->unit().name());
      if (unit->display_name() != request->unit().display_name()) {
        RETURN_IF_ERROR(RenameUnit(tx, id, request->unit().display_name(), context_.now()));
      }
      ASSIGN_OR_RETURN(unit, FindUnit(tx, id));
      *response = *unit;
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::CreatePerson(grpc::ServerContext* context,
                                               const v1::CreatePersonRequest* request,
                                               v1::Person* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    const v1::Person& person = request->person();
    ASSIGN_OR_RETURN(std::string id, IdOf(person.name(), "people", "person.name"));
    RETURN_IF_ERROR(ValidatePersonId("person.name", id));
    RETURN_IF_ERROR(ValidateText("person.display_name", person.display_name(),
                                 static_cast<size_t>(context_.limits.max_name_chars),
                                 Presence::kRequired));
    RETURN_IF_ERROR(ValidateText("person.phone", person.phone(), 32));
    RETURN_IF_ERROR(ValidateText("person.email", person.email(), 254));
    if (!person.email().empty() && !absl::StrContains(person.email(), '@')) {
      return absl::InvalidArgumentError("person.email: 不是电子邮件地址 (not an e-mail address)");
    }
    RETURN_IF_ERROR(ValidateText("person.oidc_subject", person.oidc_subject(), 255));
    ASSIGN_OR_RETURN(std::string unit_id, IdOf(person.unit(), "units", "person.unit"));
    std::string hash;
    if (!request->password().empty()) {
      RETURN_IF_ERROR(CheckPasswordPolicy(request->password(), id));
      hash = HashPassword(request->password());
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      RETURN_IF_ERROR(RequireAdmin(tx, caller, unit_id));
      ASSIGN_OR_RETURN(std::optional<v1::Unit> unit, FindUnit(tx, unit_id));
      if (!unit.has_value()) return NotFound("单位", person.unit());
      absl::Status inserted = InsertPerson(tx, id, person, unit_id, hash);
      if (inserted.code() == absl::StatusCode::kAlreadyExists) {
        return absl::AlreadyExistsError(
            absl::StrCat("人员 people/", id, " 或其统一身份认证标识已存在 (already exists)"));
      }
      RETURN_IF_ERROR(inserted);
      ASSIGN_OR_RETURN(std::optional<StoredPerson> created, FindPerson(tx, id));
      *response = created->person;
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::GetPerson(grpc::ServerContext* context,
                                            const v1::GetPersonRequest* request,
                                            v1::Person* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, IdOf(request->name(), "people", "name"));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(std::optional<StoredPerson> person, FindPerson(tx, id));
      // Contact details go to the person, the services, and the people of
      // their unit; authorization before existence.
      if (id != caller.user_id) {
        RETURN_IF_ERROR(
            RequireMember(tx, caller, person.has_value() ? person->person.unit().substr(6) : ""));
      }
      if (!person.has_value()) return NotFound("人员", request->name());
      *response = person->person;
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::ListPeople(grpc::ServerContext* context,
                                             const v1::ListPeopleRequest* request,
                                             v1::ListPeopleResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::string unit_id, IdOf(request->unit(), "units", "unit"));
    if (request->page_size() < 0) {
      return absl::InvalidArgumentError("page_size: 不能为负数 (must not be negative)");
    }
    const int size = request->page_size() == 0 ? 100 : std::min(request->page_size(), 500);
    RETURN_IF_ERROR(ValidateText("page_token", request->page_token(), 64));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      RETURN_IF_ERROR(RequireMember(tx, caller, unit_id));
      response->Clear();
      ASSIGN_OR_RETURN(std::vector<v1::Person> people,
                       ListPeopleOf(tx, unit_id, request->page_token(), size + 1));
      for (size_t i = 0; i < people.size() && static_cast<int>(i) < size; ++i) {
        *response->add_people() = people[i];
      }
      if (static_cast<int>(people.size()) > size) {
        response->set_next_page_token(people[size - 1].name().substr(7));
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::DisablePerson(grpc::ServerContext* context,
                                                const v1::DisablePersonRequest* request,
                                                v1::Person* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, IdOf(request->name(), "people", "name"));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(std::optional<StoredPerson> person, FindPerson(tx, id, true));
      if (!person.has_value()) return NotFound("人员", request->name());
      RETURN_IF_ERROR(RequireAdmin(tx, caller, person->person.unit().substr(6)));
      RETURN_IF_ERROR(SetPersonState(tx, id, v1::ENTITY_STATE_INACTIVE));
      RETURN_IF_ERROR(RevokeSessionsOf(tx, id, "disabled"));
      ASSIGN_OR_RETURN(person, FindPerson(tx, id));
      *response = person->person;
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::SetPassword(grpc::ServerContext* context,
                                              const v1::SetPasswordRequest* request,
                                              v1::Person* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, IdOf(request->name(), "people", "name"));
    RETURN_IF_ERROR(CheckPasswordPolicy(request->new_password(), id, "new_password"));
    const std::string hash = HashPassword(request->new_password());
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(std::optional<StoredPerson> person, FindPerson(tx, id, true));
      if (!person.has_value()) return NotFound("人员", request->name());
      const bool self = caller.directory && caller.user_id == id;
      if (self) {
        if (person->password_hash.empty() ||
            crypto_pwhash_str_verify(person->password_hash.c_str(), request->old_password().data(),
                                     request->old_password().size()) != 0) {
          return absl::PermissionDeniedError("old_password: 原密码不正确 (wrong password)");
        }
      } else {
        RETURN_IF_ERROR(RequireAdmin(tx, caller, person->person.unit().substr(6)));
      }
      RETURN_IF_ERROR(SetPasswordHash(tx, id, hash));
      RETURN_IF_ERROR(RevokeSessionsOf(tx, id, "password_changed"));
      ASSIGN_OR_RETURN(person, FindPerson(tx, id));
      *response = person->person;
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::CreateRoleAssignment(
    grpc::ServerContext* context, const v1::CreateRoleAssignmentRequest* request,
    v1::RoleAssignment* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    const v1::RoleAssignment& assignment = request->role_assignment();
    ASSIGN_OR_RETURN(std::string person_id,
                     IdOf(assignment.person(), "people", "role_assignment.person"));
    ASSIGN_OR_RETURN(std::string scope_id,
                     IdOf(assignment.scope(), "units", "role_assignment.scope"));
    RETURN_IF_ERROR(ValidateRole("role_assignment.role", assignment.role()));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      RETURN_IF_ERROR(RequireAdmin(tx, caller, scope_id));
      ASSIGN_OR_RETURN(std::optional<StoredPerson> person, FindPerson(tx, person_id));
      if (!person.has_value()) return NotFound("人员", assignment.person());
      ASSIGN_OR_RETURN(std::optional<v1::Unit> scope, FindUnit(tx, scope_id));
      if (!scope.has_value()) return NotFound("单位", assignment.scope());
      ASSIGN_OR_RETURN(*response, InsertAssignment(tx, person_id, assignment.role(), scope_id,
                                                   assignment.subtree()));
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::ListRoleAssignments(grpc::ServerContext* context,
                                                      const v1::ListRoleAssignmentsRequest* request,
                                                      v1::ListRoleAssignmentsResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    std::string person_id;
    std::string scope_id;
    if (!request->person().empty()) {
      ASSIGN_OR_RETURN(person_id, IdOf(request->person(), "people", "person"));
    } else {
      ASSIGN_OR_RETURN(scope_id, IdOf(request->scope(), "units", "scope"));
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      if (person_id != caller.user_id || !caller.directory) {
        if (!IsPeerService(caller)) {
          RETURN_IF_ERROR(RequireAdmin(tx, caller, scope_id));
        }
      }
      ASSIGN_OR_RETURN(std::vector<v1::RoleAssignment> assignments,
                       ListAssignments(tx, person_id, scope_id, request->include_revoked()));
      response->Clear();
      for (v1::RoleAssignment& assignment : assignments) {
        *response->add_role_assignments() = std::move(assignment);
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::RevokeRoleAssignment(
    grpc::ServerContext* context, const v1::RevokeRoleAssignmentRequest* request,
    v1::RoleAssignment* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(int64_t id, NumberOf(request->name(), "roleAssignments", "name"));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(std::optional<v1::RoleAssignment> assignment, FindAssignment(tx, id));
      if (!assignment.has_value()) return NotFound("角色授予", request->name());
      RETURN_IF_ERROR(RequireAdmin(tx, caller, assignment->scope().substr(6)));
      RETURN_IF_ERROR(RevokeAssignment(tx, id, context_.now()));
      ASSIGN_OR_RETURN(assignment, FindAssignment(tx, id));
      *response = *assignment;
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::CreateDelegation(grpc::ServerContext* context,
                                                   const v1::CreateDelegationRequest* request,
                                                   v1::Delegation* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    const v1::Delegation& delegation = request->delegation();
    DelegationRule rule;
    ASSIGN_OR_RETURN(rule.delegator,
                     IdOf(delegation.delegator(), "people", "delegation.delegator"));
    ASSIGN_OR_RETURN(rule.delegate, IdOf(delegation.delegate(), "people", "delegation.delegate"));
    ASSIGN_OR_RETURN(rule.scope_unit, IdOf(delegation.scope(), "units", "delegation.scope"));
    rule.roles = {delegation.roles().begin(), delegation.roles().end()};
    rule.subtree = delegation.subtree();
    rule.start = absl::FromUnixSeconds(delegation.start_time().seconds());
    rule.end = absl::FromUnixSeconds(delegation.end_time().seconds());
    RETURN_IF_ERROR(ValidateText("delegation.reason", delegation.reason(),
                                 static_cast<size_t>(context_.limits.max_text_chars),
                                 Presence::kRequired));
    rule.reason = std::string(StripBlank(delegation.reason()));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(std::optional<v1::Unit> scope, FindUnit(tx, rule.scope_unit));
      if (!scope.has_value()) return NotFound("单位", delegation.scope());
      if (!(caller.directory && caller.user_id == rule.delegator)) {
        RETURN_IF_ERROR(RequireAdmin(tx, caller, rule.scope_unit));
      }
      ASSIGN_OR_RETURN(std::optional<StoredPerson> delegator, FindPerson(tx, rule.delegator));
      if (!delegator.has_value()) return NotFound("委托人", delegation.delegator());
      ASSIGN_OR_RETURN(std::optional<StoredPerson> delegate, FindPerson(tx, rule.delegate));
      if (!delegate.has_value()) return NotFound("受托人", delegation.delegate());
      ASSIGN_OR_RETURN(std::vector<Grant> grants, GrantsOf(tx, rule.delegator));
      RETURN_IF_ERROR(ValidateDelegation(rule, delegate->person.state() == v1::ENTITY_STATE_ACTIVE,
                                         grants, PathOf(*scope), context_.now()));
      ASSIGN_OR_RETURN(*response, InsertDelegation(tx, rule));
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::ListDelegations(grpc::ServerContext* context,
                                                  const v1::ListDelegationsRequest* request,
                                                  v1::ListDelegationsResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::string person_id, IdOf(request->person(), "people", "person"));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      if (!(caller.directory && caller.user_id == person_id)) {
        ASSIGN_OR_RETURN(std::optional<StoredPerson> person, FindPerson(tx, person_id));
        if (!person.has_value()) return NotFound("人员", request->person());
        RETURN_IF_ERROR(RequireAdmin(tx, caller, person->person.unit().substr(6)));
      }
      ASSIGN_OR_RETURN(std::vector<v1::Delegation> delegations,
                       ListDelegationsOf(tx, person_id,
                                         request->include_inactive()
                                             ? std::nullopt
                                             : std::optional<absl::Time>(context_.now())));
      response->Clear();
      for (v1::Delegation& delegation : delegations) {
        *response->add_delegations() = std::move(delegation);
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::RevokeDelegation(grpc::ServerContext* context,
                                                   const v1::RevokeDelegationRequest* request,
                                                   v1::Delegation* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(int64_t id, NumberOf(request->name(), "delegations", "name"));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(std::optional<v1::Delegation> delegation, FindDelegation(tx, id));
      if (!delegation.has_value()) return NotFound("委托", request->name());
      if (!(caller.directory && "people/" + caller.user_id == delegation->delegator())) {
        RETURN_IF_ERROR(RequireAdmin(tx, caller, delegation->scope().substr(6)));
      }
      RETURN_IF_ERROR(::reportflow::identity::RevokeDelegation(tx, id, context_.now()));
      ASSIGN_OR_RETURN(delegation, FindDelegation(tx, id));
      *response = *delegation;
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::SignIn(grpc::ServerContext* context,
                                         const v1::SignInRequest* request, v1::Session* response) {
  absl::string_view person_name = request->person();
  absl::ConsumePrefix(&person_name, "people/");
  const std::string id(person_name);
  absl::Status status = ValidatePersonId("person", id);
  if (status.ok()) {
    status = ValidateText("password", request->password(), 128, Presence::kRequired);
  }
  const absl::Time now = context_.now();
  bool failed = false;
  if (status.ok()) {
    status = AdmitSignIn(*context);
  }
  if (status.ok()) {
    status = context_.db->Transact([&](Transaction& tx) -> absl::Status {
      failed = false;
      ASSIGN_OR_RETURN(std::optional<StoredPerson> person, FindPerson(tx, id, true));
      const std::string hash = person.has_value() ? person->password_hash : "";
      if (person.has_value()) {
        if (std::optional<absl::Time> locked =
                LockedUntil(person->failed_attempts, person->last_failure, now);
            locked.has_value()) {
          return absl::FailedPreconditionError(
              absl::StrCat("连续 ", person->failed_attempts, " 次密码错误，账号已锁定至 ",
                           absl::FormatTime("%H:%M", *locked, absl::FixedTimeZone(8 * 3600)),
                           "（北京时间），请稍后再试或联系管理员 (locked)"));
        }
      }
      const bool verified =
          !hash.empty() && crypto_pwhash_str_verify(hash.c_str(), request->password().data(),
                                                    request->password().size()) == 0;
      if (!verified || person->person.state() != v1::ENTITY_STATE_ACTIVE) {
        if (person.has_value()) {
          RETURN_IF_ERROR(RecordSignInFailure(tx, id, now));
        }
        failed = true;
        return absl::OkStatus();  // commit the count; answer below
      }
      RETURN_IF_ERROR(ClearSignInFailures(tx, id));
      return NewSession(tx, person->person, id, response);
    });
  }
  if (status.ok() && failed) {
    status = absl::UnauthenticatedError("用户名或密码不正确 (wrong person or password)");
  }
  grpc::Status answer = ToGrpcStatus(status);
  return answer;
}

grpc::Status IdentityServiceImpl::SignInWithIdToken(grpc::ServerContext* context,
                                                    const v1::SignInWithIdTokenRequest* request,
                                                    v1::Session* response) {
  if (!config_.oidc.has_value()) {
    return ToGrpcStatus(absl::FailedPreconditionError(
        "本系统未接入统一身份认证，请用密码登录 (no OIDC provider configured)"));
  }
  if (absl::Status admitted = AdmitSignIn(*context); !admitted.ok()) {
    return ToGrpcStatus(admitted);
  }
  absl::StatusOr<std::string> subject =
      VerifyIdToken(*config_.oidc, request->id_token(), context_.now());
  if (!subject.ok()) return ToGrpcStatus(subject.status());
  return ToGrpcStatus(context_.db->Transact([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<StoredPerson> person, FindPersonByOidcSubject(tx, *subject));
    if (!person.has_value() || person->person.state() != v1::ENTITY_STATE_ACTIVE) {
      return absl::PermissionDeniedError(
          "统一身份认证的账号未对应本系统的在用人员，请联系管理员开通 (unknown subject)");
    }
    return NewSession(tx, person->person, person->id, response);
  }));
}

grpc::Status IdentityServiceImpl::RefreshSession(grpc::ServerContext* context,
                                                 const v1::RefreshSessionRequest* request,
                                                 v1::Session* response) {
  const std::vector<std::string> parts = absl::StrSplit(request->refresh_token(), '.');
  if (parts.size() != 3 || parts[0].size() != 32) {
    return ToGrpcStatus(
        absl::UnauthenticatedError("刷新令牌无效，请重新登录 (malformed refresh token)"));
  }
  bool reused = false;
  absl::Status status = context_.db->Transact([&](Transaction& tx) -> absl::Status {
    reused = false;
    ASSIGN_OR_RETURN(std::optional<StoredSession> session, LockSession(tx, parts[0]));
    if (!session.has_value() || !session->active || session->expire_time <= context_.now()) {
      return absl::UnauthenticatedError("会话已结束，请重新登录 (session ended)");
    }
    if (Sha256Hex(request->refresh_token()) != session->refresh_sha256) {
      // An exchanged refresh token presented again: someone else holds a
      // copy. The whole session ends.
      reused = true;
      return RevokeSession(tx, session->id, "refresh_reuse");
    }
    ASSIGN_OR_RETURN(std::optional<StoredPerson> person, FindPerson(tx, session->person_id));
    if (!person.has_value() || person->person.state() != v1::ENTITY_STATE_ACTIVE) {
      return absl::UnauthenticatedError("人员已停用 (person disabled)");
    }
    ASSIGN_OR_RETURN(std::string hash,
                     IssueTokens(person->person, person->id, session->id, session->generation + 1,
                                 session->expire_time, response));
    return RotateSession(tx, session->id, session->generation + 1, hash);
  });
  if (status.ok() && reused) {
    response->Clear();
    status = absl::UnauthenticatedError(
        "刷新令牌已被使用过：为安全起见整个会话已注销，请重新登录 (refresh token reuse; session "
        "revoked)");
  }
  return ToGrpcStatus(status);
}

grpc::Status IdentityServiceImpl::SignOut(grpc::ServerContext* context,
                                          const v1::SignOutRequest* request,
                                          v1::SignOutResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    const std::vector<std::string> parts = absl::StrSplit(request->refresh_token(), '.');
    if (parts.size() != 3 || parts[0].size() != 32) {
      return absl::InvalidArgumentError("refresh_token: 格式不符 (malformed refresh token)");
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(std::optional<StoredSession> session, LockSession(tx, parts[0]));
      if (!session.has_value() || session->person_id != caller.user_id) {
        return absl::NotFoundError("会话不存在 (session not found)");
      }
      return RevokeSession(tx, session->id, "sign_out");
    });
  });
}

grpc::Status IdentityServiceImpl::GetAccess(grpc::ServerContext* context,
                                            const v1::GetAccessRequest* request,
                                            v1::Access* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    std::string id = caller.user_id;
    if (!request->person().empty()) {
      ASSIGN_OR_RETURN(id, IdOf(request->person(), "people", "person"));
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(std::optional<StoredPerson> person, FindPerson(tx, id));
      if (!person.has_value()) return NotFound("人员", absl::StrCat("people/", id));
      if (id != caller.user_id && !IsPeerService(caller)) {
        RETURN_IF_ERROR(RequireAdmin(tx, caller, person->person.unit().substr(6)));
      }
      response->Clear();
      *response->mutable_person() = person->person;
      ASSIGN_OR_RETURN(std::vector<v1::RoleAssignment> assignments,
                       ListAssignments(tx, id, "", false));
      for (v1::RoleAssignment& a : assignments) *response->add_role_assignments() = std::move(a);
      ASSIGN_OR_RETURN(std::vector<v1::Delegation> delegations,
                       ListDelegationsOf(tx, id, context_.now()));
      for (v1::Delegation& d : delegations) {
        *(d.delegate() == "people/" + id ? response->add_delegations_received()
                                         : response->add_delegations_given()) = std::move(d);
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::CheckAccess(grpc::ServerContext* context,
                                              const v1::CheckAccessRequest* request,
                                              v1::CheckAccessResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::string person_id, IdOf(request->person(), "people", "person"));
    ASSIGN_OR_RETURN(std::string unit_id, IdOf(request->unit(), "units", "unit"));
    const bool service = IsPeerService(caller);
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      if (!service && person_id != caller.user_id) {
        RETURN_IF_ERROR(RequireAdmin(tx, caller, unit_id));
      }
      response->Clear();
      ASSIGN_OR_RETURN(std::optional<StoredPerson> person, FindPerson(tx, person_id));
      ASSIGN_OR_RETURN(std::optional<v1::Unit> unit, FindUnit(tx, unit_id));
      if (!person.has_value() || person->person.state() != v1::ENTITY_STATE_ACTIVE ||
          !unit.has_value()) {
        return absl::OkStatus();  // not granted; existence is not disclosed
      }
      ASSIGN_OR_RETURN(std::vector<HeldRole> held,
                       HeldAt(tx, person_id, PathOf(*unit), context_.now()));
      for (const HeldRole& role : held) {
        response->add_roles(role.role);
        if (role.role == request->role() && !role.delegator.empty()) {
          response->set_delegator(absl::StrCat("people/", role.delegator));
          response->set_delegator_display_name(role.delegator_name);
        }
      }
      response->set_granted(request->role().empty()
                                ? !held.empty()
                                : std::any_of(held.begin(), held.end(), [&](const HeldRole& r) {
                                    return r.role == request->role();
                                  }));
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::ListRoleHolders(grpc::ServerContext* context,
                                                  const v1::ListRoleHoldersRequest* request,
                                                  v1::ListRoleHoldersResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::string unit_id, IdOf(request->unit(), "units", "unit"));
    RETURN_IF_ERROR(ValidateRole("role", request->role()));
    const absl::Time now = context_.now();
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      ASSIGN_OR_RETURN(std::optional<v1::Unit> unit, FindUnit(tx, unit_id));
      // Authorization before existence: a person must hold a role at the
      // unit, which nobody does at a unit that is not there.
      RETURN_IF_ERROR(RequireMember(tx, caller, unit_id));
      if (!unit.has_value()) return NotFound("单位", request->unit());
      const std::vector<std::string> path = PathOf(*unit);
      ASSIGN_OR_RETURN(auto assignments, AssignmentsOfRole(tx, request->role(), path));
      std::vector<std::string> delegators;
      for (const auto& [person, grant] : assignments) delegators.push_back(person);
      ASSIGN_OR_RETURN(std::vector<DelegationRule> given, GivenRules(tx, delegators, now));
      const std::vector<RoleHolder> holders =
          HoldersAt(request->role(), path, assignments, given, now);
      std::vector<std::string> ids;
      for (const RoleHolder& holder : holders) {
        ids.push_back(holder.person);
        if (!holder.delegator.empty()) ids.push_back(holder.delegator);
      }
      ASSIGN_OR_RETURN(auto names, DisplayNames(tx, ids));
      for (const RoleHolder& holder : holders) {
        v1::RoleHolder* out = response->add_holders();
        out->set_person(absl::StrCat("people/", holder.person));
        out->set_display_name(names[holder.person]);
        if (!holder.delegator.empty()) {
          out->set_delegator(absl::StrCat("people/", holder.delegator));
          out->set_delegator_display_name(names[holder.delegator]);
        }
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status IdentityServiceImpl::ListAccessibleUnits(grpc::ServerContext* context,
                                                      const v1::ListAccessibleUnitsRequest* request,
                                                      v1::ListAccessibleUnitsResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::string person_id, IdOf(request->person(), "people", "person"));
    const absl::Time now = context_.now();
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      ASSIGN_OR_RETURN(std::optional<StoredPerson> person, FindPerson(tx, person_id));
      if (!person.has_value()) return NotFound("人员", request->person());
      if (!IsPeerService(caller) && !(caller.directory && caller.user_id == person_id)) {
        RETURN_IF_ERROR(RequireAdmin(tx, caller, person->person.unit().substr(6)));
      }
      response->set_display_name(person->person.display_name());
      if (person->person.state() != v1::ENTITY_STATE_ACTIVE) {
        return absl::OkStatus();  // a disabled person holds nothing
      }
      ASSIGN_OR_RETURN(Holdings holdings, LoadHoldings(tx, person_id, now));
      // Every unit some grant or delegation reaches, then what is held there.
      std::map<std::string, std::vector<std::string>> candidates;
      auto reach = [&](const std::string& scope, bool subtree) -> absl::Status {
        ASSIGN_OR_RETURN(auto units, UnitsUnder(tx, scope, subtree, 200000));
        for (auto& [id, path] : units) candidates.emplace(id, std::move(path));
        return absl::OkStatus();
      };
      for (const Grant& grant : holdings.own) {
        RETURN_IF_ERROR(reach(grant.scope_unit, grant.subtree));
      }
      for (const DelegationRule& rule : holdings.received) {
        if (!rule.revoked && rule.start <= now && now < rule.end) {
          RETURN_IF_ERROR(reach(rule.scope_unit, rule.subtree));
        }
      }
      for (const auto& [id, path] : candidates) {
        const std::vector<HeldRole> held = holdings.At(path, now);
        if (held.empty()) continue;
        v1::UnitAccess* unit = response->add_units();
        unit->set_unit(id);
        for (const HeldRole& role : held) {
          v1::HeldRole* out = unit->add_roles();
          out->set_role(role.role);
          if (!role.delegator.empty()) {
            out->set_delegator(absl::StrCat("people/", role.delegator));
            out->set_delegator_display_name(role.delegator_name);
          }
        }
      }
      return absl::OkStatus();
    });
  });
}

}  // namespace reportflow::identity
