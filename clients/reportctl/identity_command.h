// reportctl's identity commands: login, logout, whoami, and the directory
// under `admin` (unit, person, role, delegation), each with --json.
#ifndef REPORTFLOW_CLIENTS_REPORTCTL_IDENTITY_COMMAND_H_
#define REPORTFLOW_CLIENTS_REPORTCTL_IDENTITY_COMMAND_H_

#include "CLI/CLI.hpp"
#include "clients/reportctl/client.h"

namespace reportflow::reportctl {

// Adds login/logout/whoami to `app` and unit/person/role/delegation to its
// existing `admin` subcommand.
void AddIdentityCommands(CLI::App& app, ClientOptions& options, int& exit_code);

}  // namespace reportflow::reportctl

#endif  // REPORTFLOW_CLIENTS_REPORTCTL_IDENTITY_COMMAND_H_
