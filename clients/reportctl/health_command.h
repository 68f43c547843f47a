// `reportctl health`: asks each server's grpc.health.v1 service whether it is
// SERVING. Exit 0 when all three are, 1 otherwise.
#ifndef REPORTFLOW_CLIENTS_REPORTCTL_HEALTH_COMMAND_H_
#define REPORTFLOW_CLIENTS_REPORTCTL_HEALTH_COMMAND_H_

#include "CLI/CLI.hpp"
#include "clients/reportctl/client.h"

namespace reportflow::reportctl {

// Registers `health` on `app`; it sets `exit_code`.
void AddHealthCommand(CLI::App& app, const ClientOptions& options, int& exit_code);

}  // namespace reportflow::reportctl

#endif  // REPORTFLOW_CLIENTS_REPORTCTL_HEALTH_COMMAND_H_
