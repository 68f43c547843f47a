// reportctl's 三审三校 commands (review service): `inbox`, `review show`,
// `approve`, `return`, `comment`, `override`, `audit list|verify`. Readable
// Chinese output; the global --json prints the API's answer instead.
#ifndef REPORTFLOW_CLIENTS_REPORTCTL_REVIEW_COMMAND_H_
#define REPORTFLOW_CLIENTS_REPORTCTL_REVIEW_COMMAND_H_

#include "CLI/CLI.hpp"
#include "clients/reportctl/client.h"

namespace reportflow::reportctl {

// Registers the review commands on `app`; they set `exit_code`.
void AddReviewCommands(CLI::App& app, const ClientOptions& options, int& exit_code);

}  // namespace reportflow::reportctl

#endif  // REPORTFLOW_CLIENTS_REPORTCTL_REVIEW_COMMAND_H_
