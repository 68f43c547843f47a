#include "clients/reportctl/identity_command.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "clients/reportctl/session.h"
#include "google/protobuf/util/time_util.h"
#include "reportflow/identity/v1/identity.grpc.pb.h"

namespace reportflow::reportctl {
namespace {

namespace v1 = identity::v1;
using Stub = v1::IdentityService::Stub;

std::string Beijing(const google::protobuf::Timestamp& time) {
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(time.seconds()),
                          absl::FixedTimeZone(8 * 3600));
}

std::string Prefixed(const std::string& collection, const std::string& id) {
  return absl::StartsWith(id, collection + "/") ? id : collection + "/" + id;
}

// The password: from a file, or typed at the terminal without echo.
absl::StatusOr<std::string> ReadPassword(const std::string& file) {
  if (!file.empty()) {
    absl::StatusOr<std::string> text = ReadFile(file);
    if (!text.ok()) return text.status();
    return std::string(absl::StripTrailingAsciiWhitespace(*text));
  }
  if (!::isatty(STDIN_FILENO)) {
    std::string line;
    std::getline(std::cin, line);
    return line;
  }
  std::cerr << "密码：";
  termios old_settings{};
  ::tcgetattr(STDIN_FILENO, &old_settings);
  termios quiet = old_settings;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string line;
  std::getline(std::cin, line);
  ::tcsetattr(STDIN_FILENO, TCSANOW, &old_settings);
  std::cerr << "\n";
  return line;
}

void PrintUnit(const ClientOptions& options, const v1::Unit& unit) {
  if (options.json) return PrintJson(unit);
  std::cout << unit.name() << "  " << unit.display_name()
            << (unit.state() == v1::ENTITY_STATE_INACTIVE ? "（已撤销）" : "") << "  "
            << absl::StrJoin(unit.path(), " → ") << "\n";
}

void PrintPerson(const ClientOptions& options, const v1::Person& person) {
  if (options.json) return PrintJson(person);
  std::cout << person.name() << "  " << person.display_name() << "  " << person.unit()
            << (person.state() == v1::ENTITY_STATE_INACTIVE ? "  （已停用）" : "")
            << (person.has_password() ? "" : "  （未设密码）") << "\n";
}

void PrintAssignment(const ClientOptions& options, const v1::RoleAssignment& assignment) {
  if (options.json) return PrintJson(assignment);
  std::cout << assignment.name() << "  " << assignment.person() << "  " << assignment.role() << "  "
            << assignment.scope() << (assignment.subtree() ? " 及下级" : "")
            << (assignment.has_revoke_time() ? "  （已撤销）" : "") << "\n";
}

void PrintDelegation(const ClientOptions& options, const v1::Delegation& delegation) {
  if (options.json) return PrintJson(delegation);
  std::cout << delegation.name() << "  " << delegation.delegator() << " → " << delegation.delegate()
            << "  " << absl::StrJoin(delegation.roles(), ",") << "  " << delegation.scope()
            << (delegation.subtree() ? " 及下级" : "") << "  " << Beijing(delegation.start_time())
            << " 至 " << Beijing(delegation.end_time()) << "  " << delegation.reason()
            << (delegation.has_revoke_time() ? "  （已撤销）" : "") << "\n";
}

// A list's answer: the whole response as JSON with --json, else each item.
template <typename Response, typename Items, typename Print>
grpc::Status PrintList(const ClientOptions& options, const grpc::Status& status,
                       const Response& response, const Items& items, Print print) {
  if (status.ok()) {
    if (options.json) {
      PrintJson(response);
    } else {
      for (const auto& each : items) print(options, each);
    }
  }
  return status;
}

// Calls the identity service; prints a refusal; the exit code.
template <typename Call>
int Identity(const ClientOptions& options, Call call) {
  return CallService<v1::IdentityService>(options, options.identity_address, call);
}

absl::StatusOr<absl::Time> ParseWhen(const std::string& text) {
  absl::Time time;
  std::string error;
  for (const char* format : {"%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"}) {
    if (absl::ParseTime(format, text, absl::FixedTimeZone(8 * 3600), &time, &error)) {
      return time;
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat("时间“", text, "”应为 YYYY-MM-DD 或 YYYY-MM-DD HH:MM（北京时间）"));
}

}  // namespace

void AddIdentityCommands(CLI::App& app, ClientOptions& options, int& exit_code) {
  // login / logout / whoami.
  auto user = std::make_shared<std::string>();
  auto password_file = std::make_shared<std::string>();
  CLI::App* login = app.add_subcommand("login", "登录：用户名与密码，会话保存在本机（仅本人可读）");
  login->add_option("--user", *user, "用户名，如 u-zhangwei")->required();
  login->add_option("--password-file", *password_file, "从文件读密码（脚本用）；不给则在终端输入");
  login->callback([&, user, password_file] {
    absl::StatusOr<std::string> password = ReadPassword(*password_file);
    if (!password.ok()) {
      std::cerr << "reportctl: " << password.status().message() << "\n";
      exit_code = 2;
      return;
    }
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
        OpenChannel(options, options.identity_address);
    if (!channel.ok()) {
      std::cerr << "reportctl: " << channel.status().message() << "\n";
      exit_code = 2;
      return;
    }
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::SignInRequest request;
    request.set_person(*user);
    request.set_password(*password);
    v1::Session session;
    const grpc::Status status =
        v1::IdentityService::NewStub(*channel)->SignIn(&context, request, &session);
    if (!status.ok()) {
      std::cerr << "登录失败："
                << (status.error_code() == grpc::StatusCode::UNAVAILABLE
                        ? "无法连接身份服务 " + options.identity_address + "，请确认服务已启动"
                        : status.error_message())
                << "\n";
      exit_code = status.error_code() == grpc::StatusCode::UNAVAILABLE ? 2 : 1;
      return;
    }
    if (absl::Status saved = SaveSession(options, session); !saved.ok()) {
      std::cerr << "reportctl: " << saved.message() << "\n";
      exit_code = 2;
      return;
    }
    std::cout << "已登录：" << session.person().display_name() << "（" << session.person().name()
              << "），会话至 " << Beijing(session.refresh_expire_time()) << "\n";
    exit_code = 0;
  });

  CLI::App* logout = app.add_subcommand("logout", "注销本机会话");
  logout->callback([&] {
    absl::StatusOr<v1::Session> session = LoadSession(options);
    if (!session.ok()) {
      std::cout << "本机没有会话\n";
      exit_code = 0;
      return;
    }
    ClientOptions with_token = options;
    with_token.token_file.clear();
    exit_code = Identity(with_token, [&](Stub& stub, grpc::ClientContext& context) {
      v1::SignOutRequest request;
      request.set_refresh_token(session->refresh_token());
      v1::SignOutResponse response;
      return stub.SignOut(&context, request, &response);
    });
    std::error_code error;
    std::filesystem::remove(SessionFile(options), error);
    if (exit_code == 0) std::cout << "已注销\n";
  });

  CLI::App* whoami = app.add_subcommand("whoami", "我是谁：所属单位、角色与代理");
  whoami->callback([&] {
    exit_code = Identity(options, [&](Stub& stub, grpc::ClientContext& context) {
      v1::Access access;
      grpc::Status status = stub.GetAccess(&context, v1::GetAccessRequest(), &access);
      if (!status.ok()) return status;
      if (options.json) {
        PrintJson(access);
        return status;
      }
      std::cout << access.person().display_name() << "（" << access.person().name() << "）  "
                << access.person().unit() << "\n";
      for (const v1::RoleAssignment& a : access.role_assignments()) {
        std::cout << "  角色 " << a.role() << "  " << a.scope() << (a.subtree() ? " 及下级" : "")
                  << "\n";
      }
      for (const v1::Delegation& d : access.delegations_received()) {
        std::cout << "  代理 " << absl::StrJoin(d.roles(), ",") << "（代 " << d.delegator()
                  << "）至 " << Beijing(d.end_time()) << "\n";
      }
      for (const v1::Delegation& d : access.delegations_given()) {
        std::cout << "  委托 " << absl::StrJoin(d.roles(), ",") << " 给 " << d.delegate() << " 至 "
                  << Beijing(d.end_time()) << "\n";
      }
      return status;
    });
  });

  CLI::App* admin = app.get_subcommand("admin");

  // admin unit.
  CLI::App* unit = admin->add_subcommand("unit", "单位（行政区划与预算单位，树形）");
  unit->require_subcommand(1);
  struct UnitArgs {
    std::string id, name, parent, kind = "unit", credit_code, workflow;
  };
  auto u = std::make_shared<UnitArgs>();
  CLI::App* unit_create = unit->add_subcommand("create", "新建单位");
  unit_create->add_option("id", u->id, "单位标识，如 511113 或 jinkouhe-gov-office")->required();
  unit_create->add_option("--name", u->name, "单位名称")->required();
  unit_create->add_option("--parent", u->parent, "上级单位标识");
  unit_create->add_option("--kind", u->kind, "region（行政区划）或 unit（预算单位）")
      ->check(CLI::IsMember({"region", "unit"}))
      ->capture_default_str();
  unit_create->add_option("--credit-code", u->credit_code, "统一社会信用代码");
  unit_create->add_option("--workflow", u->workflow,
                          "审校流程，如 gov-three-signers（小单位三人签署）；默认 gov-interleaved");
  unit_create->callback([&, u] {
    exit_code = Identity(options, [&](Stub& stub, grpc::ClientContext& context) {
      v1::CreateUnitRequest request;
      request.mutable_unit()->set_name(Prefixed("units", u->id));
      request.mutable_unit()->set_display_name(u->name);
      if (!u->parent.empty()) request.mutable_unit()->set_parent(Prefixed("units", u->parent));
      request.mutable_unit()->set_kind(u->kind == "region" ? v1::UNIT_KIND_REGION
                                                           : v1::UNIT_KIND_BUDGET_UNIT);
      request.mutable_unit()->set_credit_code(u->credit_code);
      request.mutable_unit()->set_workflow_definition(u->workflow);
      v1::Unit created;
      grpc::Status status = stub.CreateUnit(&context, request, &created);
      if (status.ok()) PrintUnit(options, created);
      return status;
    });
  });
  CLI::App* unit_list = unit->add_subcommand("list", "列出下级单位（不给 --parent 则列出顶级）");
  unit_list->add_option("--parent", u->parent, "上级单位标识");
  unit_list->callback([&, u] {
    exit_code = Identity(options, [&](Stub& stub, grpc::ClientContext& context) {
      v1::ListUnitsRequest request;
      if (!u->parent.empty()) request.set_parent(Prefixed("units", u->parent));
      request.set_page_size(500);
      v1::ListUnitsResponse response;
      return PrintList(options, stub.ListUnits(&context, request, &response), response,
                       response.units(), PrintUnit);
    });
  });
  CLI::App* unit_show = unit->add_subcommand("show", "查看单位");
  unit_show->add_option("id", u->id, "单位标识")->required();
  unit_show->callback([&, u] {
    exit_code = Identity(options, [&](Stub& stub, grpc::ClientContext& context) {
      v1::GetUnitRequest request;
      request.set_name(Prefixed("units", u->id));
      v1::Unit found;
      grpc::Status status = stub.GetUnit(&context, request, &found);
      if (status.ok()) PrintUnit(options, found);
      return status;
    });
  });
  CLI::App* unit_rename = unit->add_subcommand("rename", "单位更名（保留曾用名）");
  unit_rename->add_option("id", u->id, "单位标识")->required();
  unit_rename->add_option("--name", u->name, "新名称")->required();
  unit_rename->callback([&, u] {
    exit_code = Identity(options, [&](Stub& stub, grpc::ClientContext& context) {
      v1::UpdateUnitRequest request;
      request.mutable_unit()->set_name(Prefixed("units", u->id));
      request.mutable_unit()->set_display_name(u->name);
      request.mutable_update_mask()->add_paths("display_name");
      v1::Unit renamed;
      grpc::Status status = stub.UpdateUnit(&context, request, &renamed);
      if (status.ok()) PrintUnit(options, renamed);
      return status;
    });
  });
  CLI::App* unit_retire =
      unit->add_subcommand("retire", "撤销单位（保留历史；合并时用 --merged-into）");
  unit_retire->add_option("id", u->id, "单位标识")->required();
  unit_retire->add_option("--merged-into", u->parent, "并入的单位标识");
  unit_retire->callback([&, u] {
    exit_code = Identity(options, [&](Stub& stub, grpc::ClientContext& context) {
      v1::RetireUnitRequest request;
      request.set_name(Prefixed("units", u->id));
      if (!u->parent.empty()) request.set_merged_into(Prefixed("units", u->parent));
      v1::Unit retired;
      grpc::Status status = stub.RetireUnit(&context, request, &retired);
      if (status.ok()) PrintUnit(options, retired);
      return status;
    });
  });

  // admin person.
  CLI::App* person = admin->add_subcommand("person", "人员");
  person->require_subcommand(1);
  struct PersonArgs {
    std::string id, name, unit, phone, email, password_file, oidc_subject;
  };
  auto p = std::make_shared<PersonArgs>();
  CLI::App* person_create = person->add_subcommand("create", "新建人员");
  person_create->add_option("id", p->id, "用户名，如 u-zhangwei")->required();
  person_create->add_option("--name", p->name, "姓名")->required();
  person_create->add_option("--unit", p->unit, "所属单位标识")->required();
  person_create->add_option("--phone", p->phone, "手机");
  person_create->add_option("--email", p->email, "电子邮件");
  person_create->add_option("--password-file", p->password_file, "初始密码所在文件");
  person_create->add_option("--oidc-subject", p->oidc_subject, "统一身份认证中的用户标识");
  person_create->callback([&, p] {
    std::string password;
    if (!p->password_file.empty()) {
      absl::StatusOr<std::string> read = ReadPassword(p->password_file);
      if (!read.ok()) {
        std::cerr << "reportctl: " << read.status().message() << "\n";
        exit_code = 2;
        return;
      }
      password = *read;
    }
    exit_code = Identity(options, [&](Stub& stub, grpc::ClientContext& context) {
      v1::CreatePersonRequest request;
      request.mutable_person()->set_name(Prefixed("people", p->id));
      request.mutable_person()->set_display_name(p->name);
      request.mutable_person()->set_unit(Prefixed("units", p->unit));
      request.mutable_person()->set_phone(p->phone);
      request.mutable_person()->set_email(p->email);
      request.mutable_person()->set_oidc_subject(p->oidc_subject);
      request.set_password(password);
      v1::Person created;
      grpc::Status status = stub.CreatePerson(&context, request, &created);
      if (status.ok()) PrintPerson(options, created);
      return status;
    });
  });
  CLI::App* person_list = person->add_subcommand("list", "列出单位的人员");
  person_list->add_option("--unit", p->unit, "单位标识")->required();
  person_list->callback([&, p] {
    exit_code = Identity(options, [&](Stub& stub, grpc::ClientContext& context) {
      v1::ListPeopleRequest request;
      request.set_unit(Prefixed("units", p->unit));
      request.set_page_size(500);
      v1::ListPeopleResponse response;
      return PrintList(options, stub.ListPeople(&context, request, &response), response,
                       response.people(), PrintPerson);
    });
  });
  for (const char* verb : {"show", "disable"}) {
    CLI::App* command = person->add_subcommand(
        verb, std::string(verb) == "show" ? "查看人员" : "停用人员（注销其会话，角色失效）");
    command->add_option("id", p->id, "用户名")->required();
    const bool show = std::string(verb) == "show";
    command->callback([&, p, show] {
      exit_code = Identity(options, [&](Stub& stub, grpc::ClientContext& context) {
        v1::Person found;
        grpc::Status status;
        if (show) {
          v1::GetPersonRequest request;
          request.set_name(Prefixed("people", p->id));
          status = stub.GetPerson(&context, request, &found);
        } else {
          v1::DisablePersonRequest request;
          request.set_name(Prefixed("people", p->id));
          status = stub.DisablePerson(&context, request, &found);
        }
        if (status.ok()) PrintPerson(options, found);
        return status;
      });
    });
  }

  // admin role.
  CLI::App* role = admin->add_subcommand("role", "角色授予（一个单位或整个下级范围）");
  role->require_subcommand(1);
  struct RoleArgs {
    std::string person, role, unit, name;
    bool subtree = false;
  };
  auto r = std::make_shared<RoleArgs>();
  CLI::App* role_grant = role->add_subcommand("grant", "授予角色");
  role_grant->add_option("person", r->person, "用户名")->required();
  role_grant->add_option("role", r->role, "角色，如 drafter、review_1、publisher、admin")
      ->required();
  role_grant->add_option("--unit", r->unit, "单位标识")->required();
  role_grant->add_flag("--subtree", r->subtree, "对该单位及其全部下级单位有效");
  role_grant->callback([&, r] {
    exit_code = Identity(options, [&](Stub& stub, grpc::ClientContext& context) {
      v1::CreateRoleAssignmentRequest request;
      request.mutable_role_assignment()->set_person(Prefixed("people", r->person));
      request.mutable_role_assignment()->set_role(r->role);
      request.mutable_role_assignment()->set_scope(Prefixed("units", r->unit));
      request.mutable_role_assignment()->set_subtree(r->subtree);
      v1::RoleAssignment created;
      grpc::Status status = stub.CreateRoleAssignment(&context, request, &created);
      if (status.ok()) PrintAssignment(options, created);
      return status;
    });
  });
  CLI::App* role_list = role->add_subcommand("list", "列出某人或某单位的角色");
  role_list->add_option("--person", r->person, "用户名");
  role_list->add_option("--unit", r->unit, "单位标识");
  role_list->callback([&, r] {
    exit_code = Identity(options, [&](Stub& stub, grpc::ClientContext& context) {
      v1::ListRoleAssignmentsRequest request;
      if (!r->person.empty()) request.set_person(Prefixed("people", r->person));
      if (!r->unit.empty()) request.set_scope(Prefixed("units", r->unit));
      v1::ListRoleAssignmentsResponse response;
      return PrintList(options, stub.ListRoleAssignments(&context, request, &response), response,
                       response.role_assignments(), PrintAssignment);
    });
  });
  CLI::App* role_revoke = role->add_subcommand("revoke", "撤销角色授予");
  role_revoke->add_option("name", r->name, "roleAssignments/{id}")->required();
  role_revoke->callback([&, r] {
    exit_code = Identity(options, [&](Stub& stub, grpc::ClientContext& context) {
      v1::RevokeRoleAssignmentRequest request;
      request.set_name(Prefixed("roleAssignments", r->name));
      v1::RoleAssignment revoked;
      grpc::Status status = stub.RevokeRoleAssignment(&context, request, &revoked);
      if (status.ok()) PrintAssignment(options, revoked);
      return status;
    });
  });

  // admin delegation.
  CLI::App* delegation =
      admin->add_subcommand("delegation", "代理（委托）：在一段时间内把角色借给他人");
  delegation->require_subcommand(1);
  struct DelegationArgs {
    std::string from, to, unit, start, end, reason, name, person;
    std::vector<std::string> roles;
    bool subtree = false;
  };
  auto d = std::make_shared<DelegationArgs>();
  CLI::App* delegation_create = delegation->add_subcommand("create", "新建委托");
  delegation_create->add_option("--from", d->from, "委托人")->required();
  delegation_create->add_option("--to", d->to, "受托人")->required();
  delegation_create->add_option("--roles", d->roles, "委托的角色，逗号分隔")
      ->delimiter(',')
      ->required();
  delegation_create->add_option("--unit", d->unit, "范围：单位标识")->required();
  delegation_create->add_flag("--subtree", d->subtree, "含全部下级单位");
  delegation_create->add_option("--start", d->start, "开始（北京时间），默认现在");
  delegation_create->add_option("--end", d->end, "结束（北京时间）")->required();
  delegation_create->add_option("--reason", d->reason, "事由，如 出差")->required();
  delegation_create->callback([&, d] {
    absl::StatusOr<absl::Time> start =
        d->start.empty() ? absl::StatusOr<absl::Time>(absl::Now()) : ParseWhen(d->start);
    absl::StatusOr<absl::Time> end = ParseWhen(d->end);
    if (!start.ok() || !end.ok()) {
      std::cerr << "reportctl: " << (start.ok() ? end.status() : start.status()).message() << "\n";
      exit_code = 2;
      return;
    }
    exit_code = Identity(options, [&](Stub& stub, grpc::ClientContext& context) {
      v1::CreateDelegationRequest request;
      v1::Delegation* out = request.mutable_delegation();
      out->set_delegator(Prefixed("people", d->from));
      out->set_delegate(Prefixed("people", d->to));
      for (const std::string& each : d->roles) out->add_roles(each);
      out->set_scope(Prefixed("units", d->unit));
      out->set_subtree(d->subtree);
      out->mutable_start_time()->set_seconds(absl::ToUnixSeconds(*start));
      out->mutable_end_time()->set_seconds(absl::ToUnixSeconds(*end));
      out->set_reason(d->reason);
      v1::Delegation created;
      grpc::Status status = stub.CreateDelegation(&context, request, &created);
      if (status.ok()) PrintDelegation(options, created);
      return status;
    });
  });
  CLI::App* delegation_list = delegation->add_subcommand("list", "列出某人给出或收到的委托");
  delegation_list->add_option("--person", d->person, "用户名")->required();
  delegation_list->callback([&, d] {
    exit_code = Identity(options, [&](Stub& stub, grpc::ClientContext& context) {
      v1::ListDelegationsRequest request;
      request.set_person(Prefixed("people", d->person));
      request.set_include_inactive(true);
      v1::ListDelegationsResponse response;
      return PrintList(options, stub.ListDelegations(&context, request, &response), response,
                       response.delegations(), PrintDelegation);
    });
  });
  CLI::App* delegation_revoke = delegation->add_subcommand("revoke", "撤销委托（立即失效）");
  delegation_revoke->add_option("name", d->name, "delegations/{id}")->required();
  delegation_revoke->callback([&, d] {
    exit_code = Identity(options, [&](Stub& stub, grpc::ClientContext& context) {
      v1::RevokeDelegationRequest request;
      request.set_name(Prefixed("delegations", d->name));
      v1::Delegation revoked;
      grpc::Status status = stub.RevokeDelegation(&context, request, &revoked);
      if (status.ok()) PrintDelegation(options, revoked);
      return status;
    });
  });
}

}  // namespace reportflow::reportctl
