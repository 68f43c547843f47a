// `reportctl proofread [--format=text|json] [--year N] [--template NAME|none]
//                      [--unit NAME] FILE...`:
// the drafter's offline self-check (机器校对) before submitting. Exit 0 when
// no error-level finding, 1 when there is one, 2 on a usage or I/O error.
// JSON: {"findings":[{"rule","severity","section","line","column","excerpt",
// "message","suggestion"}]} (with "file" on each finding when several files
// are checked).
#ifndef REPORTFLOW_CLIENTS_REPORTCTL_PROOFREAD_COMMAND_H_
#define REPORTFLOW_CLIENTS_REPORTCTL_PROOFREAD_COMMAND_H_

#include "CLI/CLI.hpp"

namespace reportflow::reportctl {

// Registers `proofread` on `app`; it sets `exit_code`.
void AddProofreadCommand(CLI::App& app, int& exit_code);

}  // namespace reportflow::reportctl

#endif  // REPORTFLOW_CLIENTS_REPORTCTL_PROOFREAD_COMMAND_H_
