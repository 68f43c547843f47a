// Action links in MySQL, by the SHA-256 of their token (the primary key).
// A use claims the link with a conditional UPDATE (VALID → USED), so two
// uses racing on two replicas decide once.
#ifndef REPORTFLOW_SERVICES_NOTIFICATION_STORE_ACTION_LINK_STORE_H_
#define REPORTFLOW_SERVICES_NOTIFICATION_STORE_ACTION_LINK_STORE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "reportflow/notification/v1/notification.pb.h"
#include "services/common/database.h"

namespace reportflow::notification {

struct StoredActionLink {
  std::string token_hash;
  std::string person_id;
  v1::ActionLink link;  // state as stored (VALID, USED or DEAD)
  absl::Time activate_time;
  absl::Time expire_time;
};

// Stores a new VALID link.
absl::Status InsertActionLink(Transaction& tx, const StoredActionLink& link, absl::Time now);

// The link of `token_hash`, if any.
absl::StatusOr<std::optional<StoredActionLink>> FindActionLink(Transaction& tx,
                                                               absl::string_view token_hash);

// VALID → USED at `now`; false when it was not VALID (used, dead, or a
// racing use took it first).
absl::StatusOr<bool> ClaimActionLink(Transaction& tx, absl::string_view token_hash, absl::Time now);

// Sets a claimed link's final state: VALID again (the approval could not be
// tried: the review service was unreachable) or DEAD (its task changed).
absl::Status SetActionLinkState(Transaction& tx, absl::string_view token_hash,
                                v1::ActionLinkState state);

}  // namespace reportflow::notification

#endif  // REPORTFLOW_SERVICES_NOTIFICATION_STORE_ACTION_LINK_STORE_H_
