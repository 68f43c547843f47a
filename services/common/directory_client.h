// How a service learns what a signed-in person may do (services/identity):
// the identity service's ListAccessibleUnits for the person, cached for a
// short time. A token issued by sign-in names only the person, so it stays
// small however many units the person may see; the answer arrives here once
// per cache period and per server, and every decision after that is a hash
// lookup (Caller::HasRoleIn). A revoked role or delegation stops working when
// the cached answer expires: within `ttl` (30 s by default, at most a minute).
#ifndef REPORTFLOW_SERVICES_COMMON_DIRECTORY_CLIENT_H_
#define REPORTFLOW_SERVICES_COMMON_DIRECTORY_CLIENT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "services/common/auth.h"
#include "services/common/grpc_client.h"

namespace reportflow {

class DirectoryResolver {
 public:
  // Calls the identity service at `peers.identity_address` with this
  // service's token and certificate.
  DirectoryResolver(PeerConfig peers, absl::Duration ttl);

  // What `person` holds now (at most `ttl` old). UNAVAILABLE when the
  // identity service cannot be reached and nothing fresh is cached.
  absl::StatusOr<std::shared_ptr<const DirectoryAccess>> Resolve(absl::string_view person,
                                                                 absl::Time now);

  // Caches `access` for `person` as a fetch at `now` would (benchmarks and
  // tests measure the warm path with it).
  void Put(absl::string_view person, std::shared_ptr<const DirectoryAccess> access, absl::Time now);

 private:
  struct Entry {
    absl::Time expiry;
    std::shared_ptr<const DirectoryAccess> access;
  };
  absl::StatusOr<std::shared_ptr<const DirectoryAccess>> Fetch(absl::string_view person);

  // The channel to the identity service, opened on first use and reused.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> Channel();

  const PeerConfig peers_;
  const absl::Duration ttl_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> cache_ ABSL_GUARDED_BY(mu_);
  std::shared_ptr<grpc::Channel> channel_ ABSL_GUARDED_BY(mu_);
};

// The workflow definition id a unit is set to use in the directory ("" when
// it has no setting: the default applies). UNAVAILABLE when the identity
// service cannot be reached.
absl::StatusOr<std::string> UnitWorkflowDefinition(const PeerConfig& peers, absl::string_view unit);

// Who holds `role` at `unit` now (identity's ListRoleHolders): people ids
// (without `people/`), own holders first. NOT_FOUND for an unknown unit;
// UNAVAILABLE when the identity service cannot be reached.
absl::StatusOr<std::vector<std::string>> RoleHolderIds(const PeerConfig& peers,
                                                       absl::string_view unit,
                                                       absl::string_view role);

// A person's name and e-mail address (GetPerson); NOT_FOUND for an unknown
// person, UNAVAILABLE when identity cannot be reached.
struct PersonContact {
  std::string display_name;
  std::string email;
};
absl::StatusOr<PersonContact> ContactOf(const PeerConfig& peers, absl::string_view person);

// Whether `person` (an id) holds any role at `unit` now (CheckAccess).
absl::StatusOr<bool> HoldsAnyRole(const PeerConfig& peers, absl::string_view person,
                                  absl::string_view unit);

// The budget units (not regions) of the subtree under `region` (itself
// included when it is one), depth first in id order, active ones only, at
// most `limit`: (id, display name). NOT_FOUND for an unknown region;
// UNAVAILABLE when identity cannot be reached.
struct UnitEntry {
  std::string id;
  std::string display_name;
};
absl::StatusOr<std::vector<UnitEntry>> SubtreeBudgetUnits(const PeerConfig& peers,
                                                          absl::string_view region, int limit);

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_DIRECTORY_CLIENT_H_
