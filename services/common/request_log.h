// Idempotent mutations (AIP-155): a mutation's answer is stored under
// (caller, request_id) in the service's `request_results` table, in the same
// transaction as the mutation, and a repeat gets the stored answer.
//
//   return db.Transact([&](Transaction& tx) {
//     return Idempotent(tx, caller.user_id, request_id, kMethod, response,
//                       [&]() -> absl::Status { ... mutate, fill *response ... });
//   });
#ifndef REPORTFLOW_SERVICES_COMMON_REQUEST_LOG_H_
#define REPORTFLOW_SERVICES_COMMON_REQUEST_LOG_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
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

// Stores the answer (of a claimed request id, or a new row); a no-op for an
// empty request id.
absl::Status SaveRequestResult(Transaction& tx, absl::string_view caller,
                               absl::string_view request_id, absl::string_view method,
                               absl::string_view response);

// Claims (caller, request_id) for this transaction: inserts the answer's
// row, still empty, so that a concurrent duplicate waits on it. True when
// claimed (or for an empty request id); false when an answer is stored
// already: the duplicate's insert waited for it to commit. One statement.
absl::StatusOr<bool> ClaimRequestId(Transaction& tx, absl::string_view caller,
                                    absl::string_view request_id, absl::string_view method);

// The whole pattern for a mutation inside `tx`: when an answer to
// (caller, request_id, method) is stored, `response` becomes that answer and
// `act` does not run; otherwise the request id is claimed, `act` fills
// `response`, and the answer is stored. Two concurrent calls with one request
// id, on any replicas, get the same answer and act once.
template <typename Response>
absl::Status Idempotent(Transaction& tx, absl::string_view caller, absl::string_view request_id,
                        absl::string_view method, Response* response,
                        const std::function<absl::Status()>& act) {
  // The claim first: the common case (a new request) costs one statement,
  // and a repeat reads the answer its insert waited for.
  absl::StatusOr<bool> claimed = ClaimRequestId(tx, caller, request_id, method);
  if (!claimed.ok()) {
    return claimed.status();
  }
  if (!*claimed) {
    absl::StatusOr<std::optional<std::string>> earlier =
        FindRequestResult(tx, caller, request_id, method);
    if (!earlier.ok()) {
      return earlier.status();
    }
    if (!earlier->has_value()) {
      // This transaction read before the first one committed: run again.
      return RetryTransaction("a concurrent call with the same request_id committed first");
    }
    return response->ParseFromString(**earlier)
               ? absl::OkStatus()
               : absl::InternalError(absl::StrCat("stored ", method, " answer does not parse"));
  }
  if (absl::Status acted = act(); !acted.ok()) {
    return acted;
  }
  return SaveRequestResult(tx, caller, request_id, method, response->SerializeAsString());
}

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_REQUEST_LOG_H_
