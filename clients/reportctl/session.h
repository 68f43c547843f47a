// The signed-in session of reportctl (reportctl login): the identity
// service's tokens kept in a file only the user can read, and the access
// token refreshed from it (rotation) when it is about to expire.
#ifndef REPORTFLOW_CLIENTS_REPORTCTL_SESSION_H_
#define REPORTFLOW_CLIENTS_REPORTCTL_SESSION_H_

#include <string>

#include "absl/status/statusor.h"
#include "clients/reportctl/client.h"
#include "reportflow/identity/v1/identity.pb.h"

namespace reportflow::reportctl {

// Writes `session` to the session file (directories made, mode 0600).
absl::Status SaveSession(const ClientOptions& options, const identity::v1::Session& session);

// The stored session; NOT_FOUND (saying to log in) when there is none.
absl::StatusOr<identity::v1::Session> LoadSession(const ClientOptions& options);

// The session's access token, refreshed through the identity service when
// it expires within a minute. UNAUTHENTICATED saying to log in again when
// the session has ended.
absl::StatusOr<std::string> SessionAccessToken(const ClientOptions& options);

}  // namespace reportflow::reportctl

#endif  // REPORTFLOW_CLIENTS_REPORTCTL_SESSION_H_
