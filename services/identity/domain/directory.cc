#include "services/identity/domain/directory.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/text_rules.h"

namespace reportflow::identity {

bool Covers(const Grant& grant, const std::vector<std::string>& unit_path) {
  if (unit_path.empty()) {
    return false;
  }
  if (unit_path.back() == grant.scope_unit) {
    return true;
  }
  return grant.subtree &&
         std::find(unit_path.begin(), unit_path.end(), grant.scope_unit) != unit_path.end();
}

std::vector<HeldRole> RolesAt(
    const std::vector<std::string>& unit_path, const std::vector<Grant>& assignments,
    const std::vector<DelegationRule>& received,
    const std::vector<std::pair<std::string, Grant>>& delegator_assignments, absl::Time now) {
  std::vector<HeldRole> held;
  auto has = [&](absl::string_view role) {
    return std::any_of(held.begin(), held.end(), [&](const HeldRole& h) { return h.role == role; });
  };
  for (const Grant& grant : assignments) {
    if (Covers(grant, unit_path) && !has(grant.role)) {
      held.push_back({grant.role, "", ""});
    }
  }
  for (const DelegationRule& delegation : received) {
    if (delegation.revoked || now < delegation.start || now >= delegation.end ||
        !Covers({"", delegation.scope_unit, delegation.subtree}, unit_path)) {
      continue;
    }
    for (const std::string& role : delegation.roles) {
      const bool delegator_holds = std::any_of(
          delegator_assignments.begin(), delegator_assignments.end(), [&](const auto& entry) {
            return entry.first == delegation.delegator && entry.second.role == role &&
                   Covers(entry.second, unit_path);
          });
      if (delegator_holds && !has(role)) {
        held.push_back({role, delegation.delegator, delegation.delegator_name});
      }
    }
  }
  return held;
}

std::vector<RoleHolder> HoldersAt(absl::string_view role, const std::vector<std::string>& unit_path,
                                  const std::vector<std::pair<std::string, Grant>>& assignments,
                                  const std::vector<DelegationRule>& given, absl::Time now) {
  std::vector<RoleHolder> holders;
  auto listed = [&](absl::string_view person) {
    return std::any_of(holders.begin(), holders.end(),
                       [&](const RoleHolder& h) { return h.person == person; });
  };
  for (const auto& [person, grant] : assignments) {
    if (grant.role == role && Covers(grant, unit_path) && !listed(person)) {
      holders.push_back({person, "", ""});
    }
  }
  const size_t own = holders.size();
  for (const DelegationRule& delegation : given) {
    const bool from_holder =
        std::any_of(holders.begin(), holders.begin() + own,
                    [&](const RoleHolder& h) { return h.person == delegation.delegator; });
    const bool lends =
        std::find(delegation.roles.begin(), delegation.roles.end(), role) != delegation.roles.end();
    if (!from_holder || !lends || delegation.revoked || now < delegation.start ||
        now >= delegation.end ||
        !Covers({"", delegation.scope_unit, delegation.subtree}, unit_path) ||
        listed(delegation.delegate)) {
      continue;
    }
    holders.push_back({delegation.delegate, delegation.delegator, delegation.delegator_name});
  }
  return holders;
}

absl::Status ValidateDelegation(const DelegationRule& delegation, bool delegate_active,
                                const std::vector<Grant>& delegator_grants,
                                const std::vector<std::string>& scope_path, absl::Time now) {
  if (delegation.delegate == delegation.delegator) {
    return absl::InvalidArgumentError(
        "delegation.delegate: 不能委托给自己 (a delegation to oneself is refused)");
  }
  if (!delegate_active) {
    return absl::FailedPreconditionError(
        "delegation.delegate: 受托人已停用，不能委托 (the delegate is disabled)");
  }
  if (delegation.roles.empty()) {
    return absl::InvalidArgumentError("delegation.roles: 至少委托一个角色 (at least one role)");
  }
  if (delegation.end <= delegation.start) {
    return absl::InvalidArgumentError(
        "delegation.end_time: 须晚于开始时间 (the window must end after it starts)");
  }
  if (delegation.end <= now) {
    return absl::InvalidArgumentError(
        "delegation.end_time: 已经过去 (the window has already ended)");
  }
  if (delegation.end - delegation.start > absl::Hours(24 * 366)) {
    return absl::InvalidArgumentError("delegation.end_time: 委托期限至多一年 (at most 366 days)");
  }
  for (const std::string& role : delegation.roles) {
    if (absl::Status valid = ValidateRole("delegation.roles", role); !valid.ok()) {
      return valid;
    }
    // The delegator must hold the role over every unit the delegation
    // covers: the scope itself, and with `subtree` everything under it.
    const bool held =
        std::any_of(delegator_grants.begin(), delegator_grants.end(), [&](const Grant& grant) {
          return grant.role == role && Covers(grant, scope_path) &&
                 (!delegation.subtree || grant.subtree);
        });
    if (!held) {
      return absl::FailedPreconditionError(
          absl::StrCat("delegation.roles: 委托人在该范围内没有角色 ", role,
                       "，不能委托 (the delegator does not hold the role over the scope)"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckPasswordPolicy(absl::string_view password, absl::string_view person_id,
                                 absl::string_view field) {
  if (InvalidUtf8Offset(password) >= 0 || password.size() > 128) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": 须为至多 128 字节的 UTF-8 文本 (at most 128 bytes of UTF-8)"));
  }
  if (CodePointCount(password) < 10) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": 至少 10 个字符 (at least 10 characters)"));
  }
  const bool letter = std::any_of(password.begin(), password.end(), [](char c) {
    return absl::ascii_isalpha(static_cast<unsigned char>(c));
  });
  const bool digit = std::any_of(password.begin(), password.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
  if (!letter || !digit) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": 须同时含字母和数字 (letters and digits both)"));
  }
  if (!person_id.empty() &&
      absl::StrContains(absl::AsciiStrToLower(password), absl::AsciiStrToLower(person_id))) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": 不能包含用户名 (must not contain the person's id)"));
  }
  return absl::OkStatus();
}

std::optional<absl::Time> LockedUntil(int failures, absl::Time last_failure, absl::Time now) {
  if (failures < kMaxFailures) {
    return std::nullopt;
  }
  const absl::Time until = last_failure + kLockout;
  return until > now ? std::optional<absl::Time>(until) : std::nullopt;
}

absl::Status ValidatePersonId(absl::string_view field, absl::string_view id) {
  if (!IsValidPersonId(id)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": 人员标识“", QuoteInput(id),
        "”须为 1 至 64 个小写字母、数字或连字符 (must match [a-z0-9][a-z0-9-]{0,63})"));
  }
  return absl::OkStatus();
}

absl::Status ValidateRole(absl::string_view field, absl::string_view role) {
  if (absl::StartsWith(role, "service:")) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": 服务角色只属于服务，不能授予个人 (service roles are never a person's)"));
  }
  if (!IsValidRoleName(role)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": 角色“", QuoteInput(role),
                     "”须为 1 至 64 个小写字母、数字或下划线 (must match [a-z0-9_]{1,64})"));
  }
  return absl::OkStatus();
}

}  // namespace reportflow::identity
