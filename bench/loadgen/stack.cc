#include "bench/loadgen/stack.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "nlohmann/json.hpp"
#include "reportflow/identity/v1/identity.grpc.pb.h"
#include "services/common/grpc_client.h"
#include "services/common/status_macros.h"

namespace reportflow::loadgen {
namespace {

namespace identity = ::reportflow::identity::v1;

absl::Status FromGrpc(const grpc::Status& status, absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(what, ": ", status.error_message()));
}

// OK, or ALREADY_EXISTS (what `setup` made before is kept).
absl::Status Made(const grpc::Status& status, absl::string_view what) {
  if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) return absl::OkStatus();
  return FromGrpc(status, what);
}

absl::StatusOr<std::vector<std::shared_ptr<grpc::Channel>>> Connections(
    const std::string& address, const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    int count) {
  if (address.empty()) {
    return absl::InvalidArgumentError("服务地址未设置：请先 source .local/env");
  }
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < count; ++i) {
    grpc::ChannelArguments arguments;
    // Distinct arguments give each channel its own connection.
    arguments.SetInt("reportflow.loadgen.connection", i);
    channels.push_back(grpc::CreateCustomChannel(address, credentials, arguments));
  }
  return channels;
}

}  // namespace

const std::vector<Member>& Cast() {
  static const std::vector<Member>* const kCast = new std::vector<Member>{
      {"drafter", "u-zhangwei", "drafter"},    {"proofread-1", "u-lina", "proofread_1"},
      {"review-1", "u-wangqiang", "review_1"}, {"proofread-2", "u-liufang", "proofread_2"},
      {"review-2", "u-chenjie", "review_2"},   {"proofread-3", "u-yangmin", "proofread_3"},
      {"review-3", "u-zhaolei", "review_3"},   {"publisher", "u-sunli", "publisher"},
  };
  return *kCast;
}

std::string BenchUnit(int index) { return absl::StrFormat("bench-%05d", index); }

absl::StatusOr<std::unique_ptr<Stack>> Stack::Connect(const StackOptions& options) {
  std::unique_ptr<Stack> stack(new Stack());
  grpc::SslCredentialsOptions ssl;
  ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadWholeFile(options.tls_ca_file));
  const std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::SslCredentials(ssl);
  const int count = std::max(1, options.connections);
  ASSIGN_OR_RETURN(stack->drafting_, Connections(options.drafting_address, credentials, count));
  ASSIGN_OR_RETURN(stack->review_, Connections(options.review_address, credentials, count));
  ASSIGN_OR_RETURN(stack->publication_,
                   Connections(options.publication_address, credentials, count));
  ASSIGN_OR_RETURN(stack->identity_, Connections(options.identity_address, credentials, 1));
  ASSIGN_OR_RETURN(std::string admin,
                   ReadWholeFile(absl::StrCat(options.tokens_dir, "/admin.token")));
  stack->admin_token_ = std::string(absl::StripAsciiWhitespace(admin));

  nlohmann::json cache = nlohmann::json::object();
  if (!options.session_cache.empty()) {
    std::ifstream in(options.session_cache);
    cache = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!cache.is_object()) cache = nlohmann::json::object();
  }
  // A token with less than 90 s left is renewed by its refresh token
  // (rotation), and a member without one signs in.
  const int64_t fresh_until = absl::ToUnixSeconds(absl::Now() + absl::Seconds(90));
  auto stub = identity::IdentityService::NewStub(stack->identity_[0]);
  for (const Member& member : Cast()) {
    nlohmann::json& cached = cache[member.role];
    if (cached.is_object() && cached.value("expires", int64_t{0}) > fresh_until) {
      absl::MutexLock lock(&stack->mu_);
      stack->tokens_[member.role] = {cached.value("token", std::string()),
                                     absl::FromUnixSeconds(cached.value("expires", int64_t{0})),
                                     cached.value("refresh", std::string())};
      continue;
    }
    identity::Session session;
    grpc::Status status(grpc::StatusCode::NOT_FOUND, "no session");
    if (cached.is_object() && !cached.value("refresh", std::string()).empty()) {
      identity::RefreshSessionRequest refresh;
      refresh.set_refresh_token(cached.value("refresh", std::string()));
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
      status = stub->RefreshSession(&context, refresh, &session);
    }
    if (!status.ok()) {
      ASSIGN_OR_RETURN(std::string password, ReadWholeFile(absl::StrCat(options.passwords_dir, "/",
                                                                        member.file, ".password")));
      identity::SignInRequest request;
      request.set_person(member.person);
      request.set_password(std::string(absl::StripTrailingAsciiWhitespace(password)));
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
      RETURN_IF_ERROR(FromGrpc(stub->SignIn(&context, request, &session),
                               absl::StrCat("sign in ", member.person)));
    }
    {
      absl::MutexLock lock(&stack->mu_);
      stack->tokens_[member.role] = {session.access_token(),
                                     absl::FromUnixSeconds(session.access_expire_time().seconds()),
                                     session.refresh_token()};
    }
    cached = {{"token", session.access_token()},
              {"expires", session.access_expire_time().seconds()},
              {"refresh", session.refresh_token()}};
  }
  if (!options.session_cache.empty()) {
    const int fd = open(options.session_cache.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return absl::UnavailableError("cannot write " + options.session_cache);
    const std::string text = cache.dump();
    const bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    close(fd);
    if (!written) return absl::UnavailableError("cannot write " + options.session_cache);
  }
  return stack;
}

std::shared_ptr<grpc::Channel> Stack::Drafting(size_t i) const {
  return drafting_[i % drafting_.size()];
}
std::shared_ptr<grpc::Channel> Stack::Review(size_t i) const { return review_[i % review_.size()]; }
std::shared_ptr<grpc::Channel> Stack::Publication(size_t i) const {
  return publication_[i % publication_.size()];
}
std::shared_ptr<grpc::Channel> Stack::Identity(size_t i) const {
  return identity_[i % identity_.size()];
}

std::string Stack::TokenOf(absl::string_view role) const {
  absl::MutexLock lock(&mu_);
  auto found = tokens_.find(role);
  if (found == tokens_.end()) return "";
  Token& token = found->second;
  if (token.expires - absl::Now() < absl::Minutes(1) && !token.refresh.empty()) {
    // A long run outlives the five-minute access token: renew it (rotation).
    identity::RefreshSessionRequest refresh;
    refresh.set_refresh_token(token.refresh);
    identity::Session session;
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    if (identity::IdentityService::NewStub(identity_[0])
            ->RefreshSession(&context, refresh, &session)
            .ok()) {
      token = {session.access_token(),
               absl::FromUnixSeconds(session.access_expire_time().seconds()),
               session.refresh_token()};
    }
  }
  return token.access;
}

void Prepare(grpc::ClientContext& context, const std::string& token) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
}

std::string NewRequestId() {
  thread_local std::mt19937_64 random(std::random_device{}());
  return absl::StrFormat("lg-%016x", random());
}

absl::Status SetUp(const Stack& stack, int first, int last) {
  auto stub = identity::IdentityService::NewStub(stack.Identity(0));
  auto call = [&](auto method, const auto& request, auto* response) {
    grpc::ClientContext context;
    Prepare(context, stack.admin_token());
    return (stub.get()->*method)(&context, request, response);
  };
  identity::CreateUnitRequest region;
  region.mutable_unit()->set_name(absl::StrCat("units/", kBenchRegion));
  region.mutable_unit()->set_display_name("压力测试区");
  region.mutable_unit()->set_parent(absl::StrCat("units/", kBenchRegionParent));
  region.mutable_unit()->set_kind(identity::UNIT_KIND_REGION);
  identity::Unit made;
  const grpc::Status created = call(&identity::IdentityService::Stub::CreateUnit, region, &made);
  RETURN_IF_ERROR(Made(created, "create the bench region"));
  // The grants come with the region, once.
  for (const Member& member : created.ok() ? Cast() : std::vector<Member>()) {
    identity::CreateRoleAssignmentRequest grant;
    grant.mutable_role_assignment()->set_person(absl::StrCat("people/", member.person));
    grant.mutable_role_assignment()->set_role(member.role);
    grant.mutable_role_assignment()->set_scope(absl::StrCat("units/", kBenchRegion));
    grant.mutable_role_assignment()->set_subtree(true);
    identity::RoleAssignment assignment;
    RETURN_IF_ERROR(
        Made(call(&identity::IdentityService::Stub::CreateRoleAssignment, grant, &assignment),
             absl::StrCat("grant ", member.role, " to ", member.person)));
  }
  for (int i = first; i <= last; ++i) {
    identity::CreateUnitRequest unit;
    unit.mutable_unit()->set_name(absl::StrCat("units/", BenchUnit(i)));
    unit.mutable_unit()->set_display_name(absl::StrCat("压力测试单位", i));
    unit.mutable_unit()->set_parent(absl::StrCat("units/", kBenchRegion));
    unit.mutable_unit()->set_kind(identity::UNIT_KIND_BUDGET_UNIT);
    RETURN_IF_ERROR(Made(call(&identity::IdentityService::Stub::CreateUnit, unit, &made),
                         absl::StrCat("create unit ", BenchUnit(i))));
    if (i % 500 == 0 || i == last) std::cerr << "已建压力测试单位 " << i << "/" << last << "\n";
  }
  return absl::OkStatus();
}

}  // namespace reportflow::loadgen
