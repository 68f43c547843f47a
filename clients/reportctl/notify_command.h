// reportctl's notification commands (notification service): `notify list`
// (my notifications), `notify read`, `notify settings` (a unit's robots,
// reminder days and quiet hours), `notify robot set|remove`, `notify
// reminders`, `notify quiet`, `notify preferences` and `notify deliveries`.
// Robot webhooks and secrets are read from files, never from the command
// line (they carry the robot's key).
#ifndef REPORTFLOW_CLIENTS_REPORTCTL_NOTIFY_COMMAND_H_
#define REPORTFLOW_CLIENTS_REPORTCTL_NOTIFY_COMMAND_H_

#include "CLI/CLI.hpp"
#include "clients/reportctl/client.h"

namespace reportflow::reportctl {

// Registers `notify` and its subcommands on `app`; they set `exit_code`.
void AddNotifyCommands(CLI::App& app, const ClientOptions& options, int& exit_code);

}  // namespace reportflow::reportctl

#endif  // REPORTFLOW_CLIENTS_REPORTCTL_NOTIFY_COMMAND_H_
