#include "clients/reportctl/publish_command.h"

#include <iostream>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "reportflow/publication/v1/publication.grpc.pb.h"

namespace reportflow::reportctl {
namespace {

namespace v1 = ::reportflow::publication::v1;

template <typename Call>
int Invoke(const ClientOptions& options, Call call) {
  return CallService<v1::PublicationService>(options, options.publication_address, call);
}

std::string Beijing(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(time.seconds()),
                          absl::FixedTimeZone(8 * 3600));
}

const char* StateText(v1::PublicationState state) {
  switch (state) {
    case v1::PUBLICATION_STATE_PENDING:
      return "待推送";
    case v1::PUBLICATION_STATE_PUBLISHED:
      return "已公开";
    case v1::PUBLICATION_STATE_FAILED_RETRYING:
      return "推送失败，重试中";
    case v1::PUBLICATION_STATE_WITHDRAWN:
      return "已撤回";
    case v1::PUBLICATION_STATE_SUPERSEDED:
      return "已更正（被新版本取代）";
    default:
      return "未知";
  }
}

const char* DeadlineText(v1::DeadlineStatus status) {
  switch (status) {
    case v1::DEADLINE_STATUS_ON_TIME:
      return "按期公开";
    case v1::DEADLINE_STATUS_AT_RISK:
      return "临近期限";
    case v1::DEADLINE_STATUS_OVERDUE:
      return "已逾期";
    case v1::DEADLINE_STATUS_OPEN:
      return "期限内";
    default:
      return "批复日期未知";
  }
}

const char* PushStateText(v1::PushState state) {
  switch (state) {
    case v1::PUSH_STATE_SUCCEEDED:
      return "成功";
    case v1::PUSH_STATE_FAILED_RETRYING:
      return "失败，重试中";
    default:
      return "等待";
  }
}

const char* PushKindText(v1::PushKind kind) {
  switch (kind) {
    case v1::PUSH_KIND_PAGE:
      return "公开页面";
    case v1::PUSH_KIND_WITHDRAWAL:
      return "撤回公告";
    case v1::PUSH_KIND_CORRECTION:
      return "更正公告";
    case v1::PUSH_KIND_INDEX:
      return "年度目录";
    case v1::PUSH_KIND_REPAIR:
      return "核验后重新推送";
    default:
      return "";
  }
}

const char* DriftText(v1::DriftKind kind) {
  switch (kind) {
    case v1::DRIFT_KIND_MISSING:
      return "缺失";
    case v1::DRIFT_KIND_MODIFIED:
      return "被修改";
    case v1::DRIFT_KIND_TRUNCATED:
      return "被截断";
    case v1::DRIFT_KIND_REAPPEARED:
      return "撤回后重新出现";
    default:
      return "不一致";
  }
}

// 门户核验：the last publish-then-verify check.
void PrintPortalCheck(const v1::PortalCheck& check) {
  switch (check.state()) {
    case v1::PORTAL_CHECK_STATE_MATCHES:
      std::cout << "  门户核验：一致（" << Beijing(check.check_time()) << " 核验，下次 "
                << Beijing(check.next_check_time()) << "）\n";
      break;
    case v1::PORTAL_CHECK_STATE_DRIFTED:
      std::cout << "  门户核验：发现不一致（自 " << Beijing(check.drift_since()) << " 起，最近核验 "
                << Beijing(check.check_time()) << "），已重新推送审定内容：\n";
      for (const v1::PortalDrift& drift : check.drifts()) {
        std::cout << "    " << drift.path() << "  " << DriftText(drift.kind()) << "  "
                  << drift.detail() << "\n";
      }
      break;
    case v1::PORTAL_CHECK_STATE_UNREACHABLE:
      std::cout << "  门户核验：门户网站无法访问（" << Beijing(check.check_time())
                << "），稍后自动重试\n";
      break;
    default:
      std::cout << "  门户核验：尚未核验（推送完成后自动核验）\n";
  }
}

std::string PublicationName(const std::string& text) {
  return absl::StartsWith(text, "publications/") ? text : "publications/" + text;
}

void PrintPublication(const v1::Publication& publication) {
  std::cout << publication.name() << "  " << publication.title() << "\n"
            << "  状态：" << StateText(publication.state()) << "  索引号："
            << publication.index_number() << "\n"
            << "  版本：" << publication.report_version() << "  摘要："
            << publication.digest().substr(0, 12) << "…\n";
  if (!publication.finance_approval_date().empty()) {
    std::cout << "  批复日期：" << publication.finance_approval_date() << "  公开期限："
              << publication.deadline_date() << "（" << DeadlineText(publication.deadline_status())
              << "）\n";
  } else {
    std::cout << "  公开期限：" << DeadlineText(publication.deadline_status()) << "\n";
  }
  if (publication.has_publish_time()) {
    std::cout << "  公开时间：" << Beijing(publication.publish_time()) << "\n";
  }
  if (!publication.supersedes().empty()) {
    std::cout << "  更正了：" << publication.supersedes() << "\n";
  }
  if (!publication.superseded_by().empty()) {
    std::cout << "  已被更正为：" << publication.superseded_by() << "\n";
  }
  if (publication.has_withdrawal()) {
    std::cout << "  撤回：" << Beijing(publication.withdrawal().withdraw_time()) << " "
              << publication.withdrawal().actor().display_name() << "，原因："
              << publication.withdrawal().reason() << "\n";
  }
  std::cout << "  页面位置：" << publication.url() << "\n";
  PrintPortalCheck(publication.portal_check());
}

struct ListArgs {
  std::string unit;
  int year = 0;
  std::string deadline;
};

struct WithdrawArgs {
  std::string name;
  std::string reason;
};

}  // namespace

void AddPublishCommands(CLI::App& app, const ClientOptions& options, int& exit_code) {
  CLI::App* publish =
      app.add_subcommand("publish", "发布：公开页面的状态、列表、门户核验、撤回与重试");
  publish->require_subcommand(1);

  auto list = std::make_shared<ListArgs>();
  CLI::App* list_command = publish->add_subcommand("list", "列出你所在单位的公开记录（新的在前）");
  list_command->add_option("--unit", list->unit, "只看此单位");
  list_command->add_option("--year", list->year, "只看此年度");
  list_command
      ->add_option("--deadline", list->deadline,
                   "按公开期限筛选：overdue（已逾期）、at-risk（临近期限）、on-time、open")
      ->check(CLI::IsMember({"overdue", "at-risk", "on-time", "open"}));
  list_command->callback([list, &options, &exit_code] {
    v1::ListPublicationsRequest request;
    request.set_unit(list->unit);
    request.set_fiscal_year(list->year);
    request.set_page_size(100);
    if (list->deadline == "overdue") request.set_deadline_status(v1::DEADLINE_STATUS_OVERDUE);
    if (list->deadline == "at-risk") request.set_deadline_status(v1::DEADLINE_STATUS_AT_RISK);
    if (list->deadline == "on-time") request.set_deadline_status(v1::DEADLINE_STATUS_ON_TIME);
    if (list->deadline == "open") request.set_deadline_status(v1::DEADLINE_STATUS_OPEN);
    v1::ListPublicationsResponse response;
    exit_code = Invoke(options, [&](auto& stub, auto& context) {
      return stub.ListPublications(&context, request, &response);
    });
    if (exit_code != 0) return;
    if (options.json) return PrintJson(response);
    std::cout << "公开记录 " << response.publications_size() << " 条\n";
    for (const v1::Publication& publication : response.publications()) {
      PrintPublication(publication);
    }
  });

  auto status_name = std::make_shared<std::string>();
  CLI::App* status_command = publish->add_subcommand(
      "status", "查看一次公开：状态、期限、每次推送的尝试次数与错误、页面位置、门户核验结果");
  status_command->add_option("PUBLICATION", *status_name, "公开记录，如 publications/1")
      ->required();
  status_command->callback([status_name, &options, &exit_code] {
    v1::GetPublicationRequest get;
    get.set_name(PublicationName(*status_name));
    v1::Publication publication;
    exit_code = Invoke(options, [&](auto& stub, auto& context) {
      return stub.GetPublication(&context, get, &publication);
    });
    if (exit_code != 0) return;
    v1::ListPortalPushesRequest request;
    request.set_parent(publication.name());
    request.set_page_size(100);
    v1::ListPortalPushesResponse pushes;
    exit_code = Invoke(options, [&](auto& stub, auto& context) {
      return stub.ListPortalPushes(&context, request, &pushes);
    });
    if (exit_code != 0) return;
    if (options.json) {
      PrintJson(publication);
      PrintJson(pushes);
      return;
    }
    PrintPublication(publication);
    std::cout << "  推送（" << pushes.portal_pushes_size() << "）：\n";
    for (const v1::PortalPush& push : pushes.portal_pushes()) {
      std::cout << "    " << push.name() << "  " << PushKindText(push.kind()) << "  "
                << PushStateText(push.state()) << "  尝试 " << push.attempts() << " 次";
      if (push.state() == v1::PUSH_STATE_SUCCEEDED) {
        std::cout << "  完成于 " << Beijing(push.complete_time());
      } else {
        std::cout << "  下次尝试 " << Beijing(push.next_attempt_time());
      }
      std::cout << "\n";
      if (!push.last_error().empty()) {
        std::cout << "      最近错误：" << push.last_error() << "\n";
      }
    }
  });

  auto verify_name = std::make_shared<std::string>();
  CLI::App* verify_command = publish->add_subcommand(
      "verify",
      "立即核验门户网站上的页面与审定版本是否一致（逐个文件比对 SHA-256；发现被修改、缺失、"
      "截断或撤回后重新出现时记入审计、通知发布员并重新推送；需发布员角色）");
  verify_command->add_option("PUBLICATION", *verify_name, "公开记录，如 publications/1")
      ->required();
  verify_command->callback([verify_name, &options, &exit_code] {
    v1::VerifyPublicationRequest request;
    request.set_name(PublicationName(*verify_name));
    v1::Publication publication;
    exit_code = Invoke(options, [&](auto& stub, auto& context) {
      return stub.VerifyPublication(&context, request, &publication);
    });
    if (exit_code != 0) return;
    if (options.json) return PrintJson(publication);
    PrintPublication(publication);
    // A drift is an incident: scripts see it in the exit code.
    if (publication.portal_check().state() == v1::PORTAL_CHECK_STATE_DRIFTED) exit_code = 1;
  });

  auto withdraw = std::make_shared<WithdrawArgs>();
  CLI::App* withdraw_command = publish->add_subcommand(
      "withdraw", "撤回公开：页面替换为撤回公告（需发布员角色，必须说明原因）");
  withdraw_command->add_option("PUBLICATION", withdraw->name, "公开记录，如 publications/1")
      ->required();
  withdraw_command->add_option("--reason", withdraw->reason, "撤回原因（显示在公告上）")
      ->required();
  withdraw_command->callback([withdraw, &options, &exit_code] {
    v1::WithdrawPublicationRequest request;
    request.set_name(PublicationName(withdraw->name));
    request.set_reason(withdraw->reason);
    request.set_request_id(NewRequestId());
    v1::Publication response;
    exit_code = Invoke(options, [&](auto& stub, auto& context) {
      return stub.WithdrawPublication(&context, request, &response);
    });
    if (exit_code != 0) return;
    if (options.json) return PrintJson(response);
    std::cout << "已撤回，撤回公告将替换页面：\n";
    PrintPublication(response);
  });

  auto retry_name = std::make_shared<std::string>();
  CLI::App* retry_command = publish->add_subcommand(
      "retry", "立即重试失败的推送（给出公开记录则重试其所有未成功的推送）");
  retry_command
      ->add_option("PUSH", *retry_name, "推送 publications/1/pushes/3，或公开记录 publications/1")
      ->required();
  retry_command->callback([retry_name, &options, &exit_code] {
    std::vector<std::string> names;
    if (absl::StrContains(*retry_name, "/pushes/")) {
      names.push_back(*retry_name);
    } else {
      v1::ListPortalPushesRequest request;
      request.set_parent(PublicationName(*retry_name));
      request.set_page_size(100);
      v1::ListPortalPushesResponse pushes;
      exit_code = Invoke(options, [&](auto& stub, auto& context) {
        return stub.ListPortalPushes(&context, request, &pushes);
      });
      if (exit_code != 0) return;
      for (const v1::PortalPush& push : pushes.portal_pushes()) {
        if (push.state() != v1::PUSH_STATE_SUCCEEDED) names.push_back(push.name());
      }
      if (names.empty()) {
        std::cout << "没有需要重试的推送\n";
        return;
      }
    }
    for (const std::string& name : names) {
      v1::RetryPortalPushRequest request;
      request.set_name(name);
      request.set_request_id(NewRequestId());
      v1::PortalPush push;
      exit_code = Invoke(options, [&](auto& stub, auto& context) {
        return stub.RetryPortalPush(&context, request, &push);
      });
      if (exit_code != 0) return;
      if (options.json) {
        PrintJson(push);
      } else {
        std::cout << "已安排立即重试：" << push.name() << "（" << PushKindText(push.kind())
                  << "，已尝试 " << push.attempts() << " 次）\n";
      }
    }
  });
}

}  // namespace reportflow::reportctl
