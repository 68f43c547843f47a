// reportctl's publication commands (publication service): `publish list`,
// `publish status`, `publish withdraw`, `publish retry`. Each prints where
// the page is; the global --json prints the API's answer instead.
#ifndef REPORTFLOW_CLIENTS_REPORTCTL_PUBLISH_COMMAND_H_
#define REPORTFLOW_CLIENTS_REPORTCTL_PUBLISH_COMMAND_H_

#include "CLI/CLI.hpp"
#include "clients/reportctl/client.h"

namespace reportflow::reportctl {

// Registers `publish` and its subcommands on `app`; they set `exit_code`.
void AddPublishCommands(CLI::App& app, const ClientOptions& options, int& exit_code);

}  // namespace reportflow::reportctl

#endif  // REPORTFLOW_CLIENTS_REPORTCTL_PUBLISH_COMMAND_H_
