#include "services/common/directory_client.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "reportflow/identity/v1/identity.grpc.pb.h"
#include "services/common/grpc_status.h"

namespace reportflow {

DirectoryResolver::DirectoryResolver(PeerConfig peers, absl::Duration ttl)
    : peers_(std::move(peers)), ttl_(ttl) {}

absl::StatusOr<std::shared_ptr<const DirectoryAccess>> DirectoryResolver::Resolve(
    absl::string_view person, absl::Time now) {
  {
    absl::MutexLock lock(&mu_);
    auto found = cache_.find(person);
    if (found != cache_.end() && found->second.expiry > now) {
      return found->second.access;
    }
  }
  absl::StatusOr<std::shared_ptr<const DirectoryAccess>> fetched = Fetch(person);
  if (!fetched.ok()) {
    return fetched.status();
  }
  absl::MutexLock lock(&mu_);
  if (cache_.size() > 10000) {
    cache_.clear();  // bounded memory; refills on demand
  }
  cache_[std::string(person)] = Entry{now + ttl_, *fetched};
  return *fetched;
}

void DirectoryResolver::Put(absl::string_view person, std::shared_ptr<const DirectoryAccess> access,
                            absl::Time now) {
  absl::MutexLock lock(&mu_);
  cache_[std::string(person)] = Entry{now + ttl_, std::move(access)};
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> DirectoryResolver::Channel() {
  absl::MutexLock lock(&mu_);
  if (channel_ == nullptr) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> opened =
        OpenPeerChannel(peers_.identity_address, peers_);
    if (!opened.ok()) return opened.status();
    channel_ = *std::move(opened);
  }
  return channel_;
}

absl::StatusOr<std::shared_ptr<const DirectoryAccess>> DirectoryResolver::Fetch(
    absl::string_view person) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = Channel();
  if (!channel.ok()) {
    return absl::UnavailableError(absl::StrCat(
        "身份服务不可用，无法确认权限，请稍后再试 (identity service: ", channel.status().message(),
        ")"));
  }
  grpc::ClientContext context;
  if (absl::Status prepared = PrepareCall(context, peers_.service_token_file, absl::Seconds(10));
      !prepared.ok()) {
    return prepared;
  }
  identity::v1::ListAccessibleUnitsRequest request;
  request.set_person(absl::StrCat("people/", person));
  identity::v1::ListAccessibleUnitsResponse response;
  const grpc::Status status = identity::v1::IdentityService::NewStub(*channel)->ListAccessibleUnits(
      &context, request, &response);
  if (!status.ok()) {
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
      return std::make_shared<const DirectoryAccess>();  // nobody: holds nothing
    }
    return absl::UnavailableError(absl::StrCat(
        "身份服务不可用，无法确认权限，请稍后再试 (identity service: ", status.error_message(),
        ")"));
  }
  auto access = std::make_shared<DirectoryAccess>();
  std::set<std::string> roles;
  access->roles_by_unit.reserve(response.units_size());
  access->units.reserve(response.units_size());
  for (const identity::v1::UnitAccess& unit : response.units()) {
    std::vector<DirectoryAccess::Role>& held = access->roles_by_unit[unit.unit()];
    for (const identity::v1::HeldRole& role : unit.roles()) {
      held.push_back({role.role(), role.delegator_display_name()});
      roles.insert(role.role());
    }
    access->units.push_back(unit.unit());
  }
  access->roles.assign(roles.begin(), roles.end());
  return std::shared_ptr<const DirectoryAccess>(std::move(access));
}

namespace {

// A service call to identity: the channel, the service token, 10 s.
template <typename Call>
grpc::Status CallIdentity(const PeerConfig& peers, Call call) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      OpenPeerChannel(peers.identity_address, peers);
  if (!channel.ok()) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, std::string(channel.status().message()));
  }
  grpc::ClientContext context;
  if (absl::Status prepared = PrepareCall(context, peers.service_token_file, absl::Seconds(10));
      !prepared.ok()) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, std::string(prepared.message()));
  }
  auto stub = identity::v1::IdentityService::NewStub(*channel);
  return call(*stub, &context);
}

absl::Status Unavailable(const grpc::Status& status) {
  return absl::UnavailableError(
      absl::StrCat("身份服务不可用 (identity service: ", status.error_message(), ")"));
}

}  // namespace

absl::StatusOr<std::string> UnitWorkflowDefinition(const PeerConfig& peers,
                                                   absl::string_view unit) {
  identity::v1::GetUnitRequest request;
  request.set_name(absl::StrCat("units/", unit));
  identity::v1::Unit found;
  const grpc::Status status = CallIdentity(
      peers, [&](auto& stub, auto* context) { return stub.GetUnit(context, request, &found); });
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return std::string();
  if (!status.ok()) return Unavailable(status);
  return found.workflow_definition();
}

absl::StatusOr<std::vector<std::string>> RoleHolderIds(const PeerConfig& peers,
                                                       absl::string_view unit,
                                                       absl::string_view role) {
  identity::v1::ListRoleHoldersRequest request;
  request.set_unit(absl::StrCat("units/", unit));
  request.set_role(std::string(role));
  identity::v1::ListRoleHoldersResponse response;
  const grpc::Status status = CallIdentity(peers, [&](auto& stub, auto* context) {
    return stub.ListRoleHolders(context, request, &response);
  });
  if (status.error_code() == grpc::StatusCode::NOT_FOUND ||
      status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
    return absl::NotFoundError(status.error_message());
  }
  if (!status.ok()) return Unavailable(status);
  std::vector<std::string> ids;
  for (const identity::v1::RoleHolder& holder : response.holders()) {
    ids.push_back(holder.person().substr(std::string("people/").size()));
  }
  return ids;
}

absl::StatusOr<PersonContact> ContactOf(const PeerConfig& peers, absl::string_view person) {
  identity::v1::GetPersonRequest request;
  request.set_name(absl::StrCat("people/", person));
  identity::v1::Person found;
  const grpc::Status status = CallIdentity(
      peers, [&](auto& stub, auto* context) { return stub.GetPerson(context, request, &found); });
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    return absl::NotFoundError(status.error_message());
  }
  if (!status.ok()) return Unavailable(status);
  return PersonContact{found.display_name(), found.email()};
}

absl::StatusOr<bool> HoldsAnyRole(const PeerConfig& peers, absl::string_view person,
                                  absl::string_view unit) {
  identity::v1::CheckAccessRequest request;
  request.set_person(absl::StrCat("people/", person));
  request.set_unit(absl::StrCat("units/", unit));
  identity::v1::CheckAccessResponse response;
  const grpc::Status status = CallIdentity(peers, [&](auto& stub, auto* context) {
    return stub.CheckAccess(context, request, &response);
  });
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) return false;
  if (!status.ok()) return Unavailable(status);
  return response.granted();
}

}  // namespace reportflow

namespace reportflow {

absl::StatusOr<std::vector<UnitEntry>> SubtreeBudgetUnits(const PeerConfig& peers,
                                                          absl::string_view region, int limit) {
  identity::v1::GetUnitRequest get;
  get.set_name(absl::StrCat("units/", region));
  identity::v1::Unit root;
  grpc::Status status = CallIdentity(
      peers, [&](auto& stub, auto* context) { return stub.GetUnit(context, get, &root); });
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    return absl::NotFoundError(absl::StrCat("单位 ", region, " 不存在 (unit not found)"));
  }
  if (!status.ok()) return Unavailable(status);
  std::vector<UnitEntry> out;
  // Depth first: a stack of units still to visit, children pushed in
  // reverse so that they come out in id order.
  std::vector<identity::v1::Unit> stack = {root};
  while (!stack.empty() && static_cast<int>(out.size()) < limit) {
    identity::v1::Unit unit = std::move(stack.back());
    stack.pop_back();
    if (unit.state() == identity::v1::ENTITY_STATE_INACTIVE) continue;
    if (unit.kind() != identity::v1::UNIT_KIND_REGION) {
      out.push_back({unit.name().substr(6), unit.display_name()});
    }
    std::vector<identity::v1::Unit> children;
    identity::v1::ListUnitsRequest list;
    list.set_parent(unit.name());
    list.set_page_size(500);
    do {
      identity::v1::ListUnitsResponse page;
      status = CallIdentity(
          peers, [&](auto& stub, auto* context) { return stub.ListUnits(context, list, &page); });
      if (!status.ok()) return Unavailable(status);
      children.insert(children.end(), page.units().begin(), page.units().end());
      list.set_page_token(page.next_page_token());
    } while (!list.page_token().empty());
    stack.insert(stack.end(), children.rbegin(), children.rend());
  }
  return out;
}

}  // namespace reportflow
