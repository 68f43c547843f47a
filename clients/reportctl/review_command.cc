#include "clients/reportctl/review_command.h"

#include <iostream>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "reportflow/review/v1/review.grpc.pb.h"

namespace reportflow::reportctl {
namespace {

namespace v1 = ::reportflow::review::v1;

template <typename Call>
int Invoke(const ClientOptions& options, Call call) {
  return CallService<v1::ReviewService>(options, options.review_address, call);
}

std::string Beijing(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(time.seconds()),
                          absl::FixedTimeZone(8 * 3600));
}

const char* ReviewStateText(v1::ReviewState state) {
  switch (state) {
    case v1::REVIEW_STATE_IN_PROGRESS:
      return "审校中";
    case v1::REVIEW_STATE_APPROVED:
      return "已审定";
    case v1::REVIEW_STATE_RETURNED:
      return "已退回";
    case v1::REVIEW_STATE_WITHDRAWN:
      return "已撤回";
    case v1::REVIEW_STATE_CANCELLED:
      return "已被新版本取代";
    default:
      return "未知";
  }
}

const char* StageStateText(v1::StageState state) {
  switch (state) {
    case v1::STAGE_STATE_PENDING:
      return "待办";
    case v1::STAGE_STATE_ACTIVE:
      return "进行中";
    case v1::STAGE_STATE_APPROVED:
      return "已签";
    case v1::STAGE_STATE_RETURNED:
      return "退回";
    case v1::STAGE_STATE_SKIPPED:
      return "未到达";
    default:
      return "未知";
  }
}

const char* SeverityText(v1::Severity severity) {
  switch (severity) {
    case v1::SEVERITY_ERROR:
      return "错误";
    case v1::SEVERITY_WARNING:
      return "警告";
    default:
      return "提示";
  }
}

const char* ActionText(v1::Action action) {
  switch (action) {
    case v1::ACTION_APPROVE:
      return "签署(approve)";
    case v1::ACTION_RETURN:
      return "退回(return)";
    case v1::ACTION_WITHDRAW:
      return "撤回";
    case v1::ACTION_COMMENT:
      return "提意见(comment)";
    case v1::ACTION_RESOLVE_COMMENT:
      return "解决意见";
    case v1::ACTION_OVERRIDE_FINDING:
      return "豁免发现(override)";
    default:
      return "";
  }
}

// The section's short key from `reports/{r}/sections/{key}`.
std::string SectionKey(const std::string& section) {
  return section.substr(section.rfind('/') + 1);
}

// "reviews/7", "7" → "reviews/7".
std::string ReviewName(const std::string& text) {
  return absl::StartsWith(text, "reviews/") ? text : "reviews/" + text;
}
std::string ReportName(const std::string& text) {
  return absl::StartsWith(text, "reports/") ? text : "reports/" + text;
}

// Fetches a review in the FULL view.
int FetchReview(const ClientOptions& options, const std::string& name, v1::Review* review) {
  v1::GetReviewRequest request;
  request.set_name(name);
  request.set_view(v1::REVIEW_VIEW_FULL);
  return Invoke(options, [&](auto& stub, auto& context) {
    return stub.GetReview(&context, request, review);
  });
}

void PrintReview(const v1::Review& review) {
  std::cout << review.name() << "  " << review.title() << "\n"
            << "  版本：" << review.report_version() << "  状态："
            << ReviewStateText(review.state()) << "  摘要：" << review.digest() << "\n"
            << "  流程：" << review.workflow_definition() << "  提交人："
            << review.submitter().display_name() << "  撰写人：";
  for (const auto& author : review.authors()) std::cout << author.display_name() << " ";
  std::cout << "\n  环节：\n";
  for (const v1::Stage& stage : review.stages()) {
    std::cout << "    " << stage.definition().display_name() << "（" << stage.definition().key()
              << "）  " << StageStateText(stage.state());
    if (stage.has_actor()) {
      std::cout << "  " << stage.actor().display_name() << "  " << Beijing(stage.decision_time())
                << "  意见：" << stage.opinion();
    }
    std::cout << "\n";
  }
  if (review.findings_size() > 0) {
    int counts[4] = {0, 0, 0, 0};
    for (const v1::Finding& finding : review.findings()) ++counts[finding.severity()];
    std::cout << "  机器校对：错误 " << counts[1] << " 条，警告 " << counts[2] << " 条，提示 "
              << counts[3] << " 条\n";
    for (const v1::Finding& finding : review.findings()) {
      if (finding.severity() == v1::SEVERITY_INFO) continue;
      std::cout << "    [" << SeverityText(finding.severity())
                << (finding.overridden() ? "·已豁免" : "") << "] " << finding.name() << "  "
                << SectionKey(finding.section()) << " 第" << finding.line() << "行  "
                << finding.message() << "\n";
    }
  }
  if (review.comments_size() > 0) {
    std::cout << "  审核意见：\n";
    for (const v1::Comment& comment : review.comments()) {
      std::cout << "    " << comment.name() << "  " << comment.author().display_name() << "  "
                << SectionKey(comment.anchor().section()) << " [" << comment.anchor().start() << ","
                << comment.anchor().end() << ")  " << (comment.blocking() ? "阻断 " : "")
                << (comment.resolved() ? "已解决 " : "") << comment.text() << "\n";
    }
  }
  int changed = 0;
  for (const v1::ReviewedSection& section : review.sections()) {
    if (!section.has_diff()) continue;
    if (changed++ == 0) std::cout << "  与上次审核版本相比的修改：\n";
    std::cout << "    " << section.title() << "（+" << section.diff().inserted_lines() << " −"
              << section.diff().deleted_lines() << "）\n";
    for (const auto& line : section.diff().lines()) {
      if (line.op() == type::v1::DIFF_OP_INSERT) std::cout << "      + " << line.text() << "\n";
      if (line.op() == type::v1::DIFF_OP_DELETE) std::cout << "      - " << line.text() << "\n";
    }
  }
  if (!review.previous_review().empty() && changed == 0) {
    std::cout << "  与上次审核版本（" << review.previous_review() << "）相比无修改\n";
  }
  std::cout << "  你可以：";
  if (review.allowed_actions_size() == 0) std::cout << "（无）";
  for (int action : review.allowed_actions()) {
    std::cout << ActionText(static_cast<v1::Action>(action)) << " ";
  }
  std::cout << "\n";
}

struct ApproveArgs {
  std::string task;
  std::string digest;
  std::string opinion = "同意";
};
struct ReturnArgs {
  std::string task;
  std::string reason;
  std::string to = "drafters";
  std::vector<std::string> comments;
};
struct CommentArgs {
  std::string review;
  std::string section;
  int start = 0;
  int end = 0;
  std::string text;
  bool blocking = false;
  std::string resolve;
};
struct OverrideArgs {
  std::string finding;
  std::string reason;
};

// "section-key:start-end:text" → a comment on `report`.
bool ParseCommentSpec(const std::string& spec, const std::string& report, v1::Comment* comment) {
  std::vector<std::string> parts = absl::StrSplit(spec, absl::MaxSplits(':', 2));
  if (parts.size() != 3) return false;
  std::vector<std::string> span = absl::StrSplit(parts[1], '-');
  int start = 0, end = 0;
  if (span.size() != 2 || !absl::SimpleAtoi(span[0], &start) || !absl::SimpleAtoi(span[1], &end)) {
    return false;
  }
  comment->mutable_anchor()->set_section(absl::StrCat(report, "/sections/", parts[0]));
  comment->mutable_anchor()->set_start(start);
  comment->mutable_anchor()->set_end(end);
  comment->set_text(parts[2]);
  return true;
}

}  // namespace

void AddReviewCommands(CLI::App& app, const ClientOptions& options, int& exit_code) {
  CLI::App* inbox =
      app.add_subcommand("inbox", "三审三校：我的待办（可处理的审校环节，最早的在前）");
  inbox->callback([&options, &exit_code] {
    v1::ListTasksRequest request;
    request.set_page_size(100);
    v1::ListTasksResponse response;
    exit_code = Invoke(options, [&](auto& stub, auto& context) {
      return stub.ListTasks(&context, request, &response);
    });
    if (exit_code != 0) return;
    if (options.json) return PrintJson(response);
    std::cout << "待办 " << response.tasks_size() << " 项\n";
    for (const v1::Task& task : response.tasks()) {
      std::cout << "  " << task.name() << "  " << task.stage().display_name() << "  "
                << task.title() << "\n    版本 " << task.report_version() << "  摘要 "
                << task.digest().substr(0, 12) << "…  待办自 " << Beijing(task.activate_time())
                << "\n";
    }
  });

  CLI::App* review = app.add_subcommand("review", "三审三校：查看审核");
  review->require_subcommand(1);
  auto show_name = std::make_shared<std::string>();
  CLI::App* show = review->add_subcommand(
      "show", "环节、机器校对发现、意见、与上次审核版本的差异、你可以做的操作");
  show->add_option("REVIEW", *show_name, "审核，如 reviews/7")->required();
  show->callback([show_name, &options, &exit_code] {
    v1::Review response;
    exit_code = FetchReview(options, ReviewName(*show_name), &response);
    if (exit_code != 0) return;
    if (options.json) return PrintJson(response);
    PrintReview(response);
  });

  auto approve = std::make_shared<ApproveArgs>();
  CLI::App* approve_command =
      app.add_subcommand("approve", "三审三校：签署当前环节（签署绑定所审版本的摘要）");
  approve_command->add_option("TASK", approve->task, "待办，如 reviews/7/tasks/proofread-1")
      ->required();
  approve_command->add_option("--digest", approve->digest,
                              "所审版本的摘要；省略时读取待审版本全文并按其摘要签署");
  approve_command->add_option("--opinion", approve->opinion, "审核意见")->capture_default_str();
  approve_command->callback([approve, &options, &exit_code] {
    v1::ApproveTaskRequest request;
    request.set_name(approve->task);
    request.set_digest(approve->digest);
    if (request.digest().empty()) {
      v1::Review read;
      exit_code =
          FetchReview(options, approve->task.substr(0, approve->task.find("/tasks/")), &read);
      if (exit_code != 0) return;
      request.set_digest(read.digest());
    }
    request.set_opinion(approve->opinion);
    request.set_request_id(NewRequestId());
    v1::Review response;
    exit_code = Invoke(options, [&](auto& stub, auto& context) {
      return stub.ApproveTask(&context, request, &response);
    });
    if (exit_code != 0) return;
    if (options.json) return PrintJson(response);
    std::cout << "已签署 " << approve->task << "（摘要 " << request.digest().substr(0, 12)
              << "…）\n  审核状态：" << ReviewStateText(response.state()) << "\n";
  });

  auto give_back = std::make_shared<ReturnArgs>();
  CLI::App* return_command = app.add_subcommand("return", "三审三校：退回（驳回），须写明理由");
  return_command->add_option("TASK", give_back->task, "待办，如 reviews/7/tasks/review-1")
      ->required();
  return_command->add_option("--reason", give_back->reason, "退回理由")->required();
  return_command
      ->add_option("--to", give_back->to,
                   "退回到：drafters（起草人，默认）、previous（上一环节）或环节键")
      ->capture_default_str();
  return_command->add_option("--comment", give_back->comments,
                             "附意见，格式 章节键:起-止:内容，如 p2-01-overview:10-30:比率有误");
  return_command->callback([give_back, &options, &exit_code] {
    v1::ReturnTaskRequest request;
    request.set_name(give_back->task);
    request.set_reason(give_back->reason);
    if (give_back->to == "drafters") {
      request.set_target(v1::RETURN_TARGET_DRAFTERS);
    } else if (give_back->to == "previous") {
      request.set_target(v1::RETURN_TARGET_PREVIOUS_STAGE);
    } else {
      request.set_target(v1::RETURN_TARGET_NAMED_STAGE);
      request.set_target_stage(give_back->to);
    }
    if (!give_back->comments.empty()) {
      v1::Review read;
      exit_code =
          FetchReview(options, give_back->task.substr(0, give_back->task.find("/tasks/")), &read);
      if (exit_code != 0) return;
      for (const std::string& spec : give_back->comments) {
        if (!ParseCommentSpec(spec, read.report(), request.add_comments())) {
          std::cerr << "--comment 格式应为 章节键:起-止:内容，收到“" << spec << "”\n";
          exit_code = 2;
          return;
        }
      }
    }
    request.set_request_id(NewRequestId());
    v1::Review response;
    exit_code = Invoke(options, [&](auto& stub, auto& context) {
      return stub.ReturnTask(&context, request, &response);
    });
    if (exit_code != 0) return;
    if (options.json) return PrintJson(response);
    std::cout << "已退回 " << give_back->task << "：" << give_back->reason << "\n  审核状态："
              << ReviewStateText(response.state()) << "\n";
  });

  auto comment = std::make_shared<CommentArgs>();
  CLI::App* comment_command = app.add_subcommand("comment", "三审三校：提出或解决审核意见");
  comment_command->add_option("REVIEW", comment->review, "审核，如 reviews/7");
  comment_command->add_option("--section", comment->section, "章节键，如 p2-01-overview");
  comment_command->add_option("--start", comment->start, "起始位置（字）")->capture_default_str();
  comment_command->add_option("--end", comment->end, "结束位置（字，不含）")->capture_default_str();
  comment_command->add_option("--text", comment->text, "意见内容");
  comment_command->add_flag("--blocking", comment->blocking, "阻断：未解决前不能终审");
  comment_command->add_option("--resolve", comment->resolve,
                              "解决意见，如 reviews/7/comments/1（此时不需其他参数）");
  comment_command->callback([comment, &options, &exit_code] {
    if (!comment->resolve.empty()) {
      v1::ResolveCommentRequest request;
      request.set_name(comment->resolve);
      request.set_request_id(NewRequestId());
      v1::Comment response;
      exit_code = Invoke(options, [&](auto& stub, auto& context) {
        return stub.ResolveComment(&context, request, &response);
      });
      if (exit_code == 0) {
        if (options.json) return PrintJson(response);
        std::cout << "已解决 " << response.name() << "\n";
      }
      return;
    }
    if (comment->review.empty() || comment->section.empty() || comment->text.empty()) {
      std::cerr << "comment 需要 REVIEW、--section 和 --text（或 --resolve）\n";
      exit_code = 2;
      return;
    }
    v1::Review read;
    exit_code = FetchReview(options, ReviewName(comment->review), &read);
    if (exit_code != 0) return;
    v1::CreateCommentRequest request;
    request.set_parent(read.name());
    v1::Comment* body = request.mutable_comment();
    body->mutable_anchor()->set_section(
        absl::StrCat(read.report(), "/sections/", comment->section));
    body->mutable_anchor()->set_start(comment->start);
    body->mutable_anchor()->set_end(std::max(comment->end, comment->start));
    body->set_text(comment->text);
    body->set_blocking(comment->blocking);
    request.set_request_id(NewRequestId());
    v1::Comment response;
    exit_code = Invoke(options, [&](auto& stub, auto& context) {
      return stub.CreateComment(&context, request, &response);
    });
    if (exit_code != 0) return;
    if (options.json) return PrintJson(response);
    std::cout << "已提出意见 " << response.name() << (response.blocking() ? "（阻断）" : "")
              << "\n";
  });

  auto override_args = std::make_shared<OverrideArgs>();
  CLI::App* override_command =
      app.add_subcommand("override", "三审三校：书面说明理由后豁免一条机器校对错误（记入审计）");
  override_command->add_option("FINDING", override_args->finding, "如 reviews/7/findings/3")
      ->required();
  override_command->add_option("--reason", override_args->reason, "豁免理由")->required();
  override_command->callback([override_args, &options, &exit_code] {
    v1::OverrideFindingRequest request;
    request.set_name(override_args->finding);
    request.set_reason(override_args->reason);
    request.set_request_id(NewRequestId());
    v1::Finding response;
    exit_code = Invoke(options, [&](auto& stub, auto& context) {
      return stub.OverrideFinding(&context, request, &response);
    });
    if (exit_code != 0) return;
    if (options.json) return PrintJson(response);
    std::cout << "已豁免 " << response.name() << "：" << response.message() << "\n";
  });

  auto urge_args = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* urge_command = app.add_subcommand(
      "urge", "三审三校：催办一个等待中的环节（起草人或发布员；同一环节 4 小时内一次，记入审计）");
  urge_command->add_option("TASK", urge_args->first, "如 reviews/7/tasks/review-1")->required();
  urge_command->add_option("--note", urge_args->second, "附言（至多 200 字）");
  urge_command->callback([urge_args, &options, &exit_code] {
    v1::UrgeTaskRequest request;
    request.set_name(urge_args->first);
    request.set_note(urge_args->second);
    request.set_request_id(NewRequestId());
    v1::UrgeTaskResponse response;
    exit_code = Invoke(options, [&](auto& stub, auto& context) {
      return stub.UrgeTask(&context, request, &response);
    });
    if (exit_code != 0) return;
    if (options.json) return PrintJson(response);
    std::cout << "已催办 " << response.task() << "，下次可催办时间 "
              << Beijing(response.next_allowed_time()) << "\n";
  });

  CLI::App* audit = app.add_subcommand("audit", "审计：报告的哈希链审计日志");
  audit->require_subcommand(1);
  auto audit_report = std::make_shared<std::string>();
  CLI::App* list = audit->add_subcommand("list", "按顺序列出审计记录");
  list->add_option("REPORT", *audit_report, "报告，如 reports/r-1")->required();
  list->callback([audit_report, &options, &exit_code] {
    v1::ListAuditEventsRequest request;
    request.set_parent(ReportName(*audit_report));
    request.set_page_size(500);
    v1::ListAuditEventsResponse all;
    do {
      v1::ListAuditEventsResponse page;
      exit_code = Invoke(options, [&](auto& stub, auto& context) {
        return stub.ListAuditEvents(&context, request, &page);
      });
      if (exit_code != 0) return;
      all.mutable_audit_events()->MergeFrom(page.audit_events());
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    if (options.json) return PrintJson(all);
    for (const v1::AuditEvent& event : all.audit_events()) {
      std::cout << event.sequence() << "  " << Beijing(event.create_time()) << "  "
                << event.action() << "  " << event.actor().display_name() << "  " << event.subject()
                << "  " << event.hash().substr(0, 12) << "\n";
    }
  });
  auto verify_report = std::make_shared<std::string>();
  CLI::App* verify = audit->add_subcommand("verify", "逐条重算哈希链，指出第一条不符的记录");
  verify->add_option("REPORT", *verify_report, "报告，如 reports/r-1")->required();
  verify->callback([verify_report, &options, &exit_code] {
    v1::VerifyAuditChainRequest request;
    request.set_parent(ReportName(*verify_report));
    v1::VerifyAuditChainResponse response;
    exit_code = Invoke(options, [&](auto& stub, auto& context) {
      return stub.VerifyAuditChain(&context, request, &response);
    });
    if (exit_code != 0) return;
    if (options.json) {
      PrintJson(response);
    } else if (response.valid()) {
      std::cout << "审计链完整：共 " << response.checked_events() << " 条记录，全部验证通过\n";
    } else {
      std::cout << "审计链被破坏：" << response.first_invalid_event() << "——" << response.reason()
                << "\n";
    }
    if (!response.valid()) exit_code = 1;
  });
}

}  // namespace reportflow::reportctl
