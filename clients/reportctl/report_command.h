// `reportctl report`: the drafting commands built so far.
//   reportctl report create --unit U --year 2024 [--kind final-accounts|budget]
//                           [--template NAME] [--unit-name 全称] [--title 标题]
//   reportctl report list [--unit U] [--year N]
//   reportctl report show NAME          (the report and its sections)
//   reportctl report import NAME FILE [--dry-run]
//   reportctl report assign SECTION [USER] [--name 姓名]
//   reportctl report revise SECTION FILE [--base N] [--note 说明]
//   reportctl report history SECTION
//   reportctl report diff OLD_REVISION NEW_REVISION
//   reportctl report submit NAME       (freeze a version for review)
//   reportctl report deliveries        (the drafting service's outbox)
//   reportctl report templates
// Readable Chinese output, or --json (the API messages as JSON). Exit 0 on
// success, 1 when the server refuses, 2 on a usage or connection error.
#ifndef REPORTFLOW_CLIENTS_REPORTCTL_REPORT_COMMAND_H_
#define REPORTFLOW_CLIENTS_REPORTCTL_REPORT_COMMAND_H_

#include "CLI/CLI.hpp"
#include "clients/reportctl/client.h"

namespace reportflow::reportctl {

// Registers `report` and its subcommands on `app`; they set `exit_code`.
void AddReportCommands(CLI::App& app, const ClientOptions& options, int& exit_code);

}  // namespace reportflow::reportctl

#endif  // REPORTFLOW_CLIENTS_REPORTCTL_REPORT_COMMAND_H_
