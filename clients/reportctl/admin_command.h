// `reportctl admin`: local installation keys and tokens.
//   reportctl admin init [--dir DIR] [--force]
//       creates the ES256 signing key pair DIR/jwt-signing.key (0600) and
//       DIR/jwt-signing.pub (what servers verify tokens with).
//   reportctl admin token --user ID --name NAME [--roles a,b] [--units u]
//                         [--key FILE] [--ttl-hours H]
//       prints a token for that person.
#ifndef REPORTFLOW_CLIENTS_REPORTCTL_ADMIN_COMMAND_H_
#define REPORTFLOW_CLIENTS_REPORTCTL_ADMIN_COMMAND_H_

#include "CLI/CLI.hpp"

namespace reportflow::reportctl {

// Registers `admin` and its subcommands on `app`; they set `exit_code`.
void AddAdminCommands(CLI::App& app, int& exit_code);

}  // namespace reportflow::reportctl

#endif  // REPORTFLOW_CLIENTS_REPORTCTL_ADMIN_COMMAND_H_
