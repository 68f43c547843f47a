// reportctl: the command-line client of ReportFlow. Run `reportctl --help`.
// Exit codes: 0 success, 1 the operation failed or found problems, 2 a usage
// or I/O error.
#include <iostream>

#include "CLI/CLI.hpp"
#include "clients/reportctl/admin_command.h"
#include "clients/reportctl/client.h"
#include "clients/reportctl/health_command.h"
#include "clients/reportctl/identity_command.h"
#include "clients/reportctl/notify_command.h"
#include "clients/reportctl/proofread_command.h"
#include "clients/reportctl/publish_command.h"
#include "clients/reportctl/report_command.h"
#include "clients/reportctl/review_command.h"

int main(int argc, char** argv) {
  CLI::App app{
      "reportctl — ReportFlow 命令行客户端：起草、三审三校、发布部门预决算公开报告。\n"
      "服务地址与令牌默认取自环境变量（deploy/local/up 写入 .local/env，先 source 它）。"};
  app.require_subcommand(1);
  app.fallthrough();  // global flags (--json, --deadline ...) may follow the subcommand
  reportflow::reportctl::ClientOptions options;
  reportflow::reportctl::AddClientFlags(app, options);
  int exit_code = 0;
  reportflow::reportctl::AddAdminCommands(app, exit_code);
  reportflow::reportctl::AddHealthCommand(app, options, exit_code);
  reportflow::reportctl::AddIdentityCommands(app, options, exit_code);
  reportflow::reportctl::AddProofreadCommand(app, exit_code);
  reportflow::reportctl::AddReportCommands(app, options, exit_code);
  reportflow::reportctl::AddReviewCommands(app, options, exit_code);
  reportflow::reportctl::AddPublishCommands(app, options, exit_code);
  reportflow::reportctl::AddNotifyCommands(app, options, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}
