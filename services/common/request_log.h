// Idempotent mutations (AIP-155): a mutation's answer is stored under
// (caller, request_id) in the service's `request_results` table, in the same
// transaction as the mutation, and a repeat gets the stored answer.
//
//   ASSIGN_OR_RETURN(std::optional<std::string> earlier,
//                    FindRequestResult(tx, caller.user_id, request_id, kMethod));
//   if (earlier) { response.ParseFromString(*earlier); return OK; }
//   ... mutate ...
//   RETURN_IF_ERROR(SaveRequestResult(tx, caller.user_id, request_id, kMethod,
//                                     response.SerializeAsString()));
#ifndef REPORTFLOW_SERVICES_COMMON_REQUEST_LOG_H_
#define REPORTFLOW_SERVICES_COMMON_REQUEST_LOG_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/database.h"

namespace reportflow {

// INVALID_ARGUMENT naming `request_id` unless it is empty (no idempotency
// asked) or 1..64 characters of [A-Za-z0-9_-] (a UUID fits).
absl::Status ValidateRequestId(absl::string_view request_id);

// The stored answer of an earlier call with this request id, or nullopt (also
// for an empty request id). INVALID_ARGUMENT when the id was used for another
// method.
absl::StatusOr<std::optional<std::string>> FindRequestResult(Transaction& tx,
                                                             absl::string_view caller,
                                                             absl::string_view request_id,
                                                             absl::string_view method);

// Stores the answer; a no-op for an empty request id.
absl::Status SaveRequestResult(Transaction& tx, absl::string_view caller,
                               absl::string_view request_id, absl::string_view method,
                               absl::string_view response);

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_REQUEST_LOG_H_
