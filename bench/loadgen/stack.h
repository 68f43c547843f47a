// How bench/loadgen reaches a running stack (deploy/local/up and its
// .local/env): TLS channels to each server, several connections each, and
// the demo cast signed in by password, one access token per role.
#ifndef REPORTFLOW_BENCH_LOADGEN_STACK_H_
#define REPORTFLOW_BENCH_LOADGEN_STACK_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace reportflow::loadgen {

// Where the stack is (the RF_* variables of .local/env).
struct StackOptions {
  std::string drafting_address;     // RF_DRAFTING_ADDR
  std::string review_address;       // RF_REVIEW_ADDR
  std::string publication_address;  // RF_PUBLICATION_ADDR
  std::string identity_address;     // RF_IDENTITY_ADDR
  std::string tls_ca_file;          // RF_TLS_CA
  // <file>.password of each cast member (RF_PASSWORDS_DIR).
  std::string passwords_dir;
  // admin.token, the administrator's token for `setup` (RF_TOKENS_DIR).
  std::string tokens_dir;
  // Connections per server: calls are spread over them round-robin, so
  // that one HTTP/2 connection is not the bottleneck.
  int connections = 4;
  // Where the cast's access tokens are kept between runs (mode 0600): the
  // identity service limits sign-ins per minute, and bench/run starts
  // loadgen many times. Empty: sign in every time.
  std::string session_cache;
};

// One member of the demo cast of deploy/local/up: the password file's name,
// the person, and the role they sign with.
struct Member {
  std::string file;
  std::string person;
  std::string role;
};

// The cast: the drafter, the six reviewers of 三审三校 (proofread_1 …
// review_3) and the publisher.
const std::vector<Member>& Cast();

// The bench region and its units (`loadgen setup`): units bench-00001 … are
// made under the region, and the cast holds its roles over the region.
inline constexpr char kBenchRegion[] = "bench-region";
inline constexpr char kBenchRegionParent[] = "511113";
std::string BenchUnit(int index);

class Stack {
 public:
  // Opens the channels and signs every cast member in (or takes their
  // tokens from the session cache, renewed by their refresh tokens).
  static absl::StatusOr<std::unique_ptr<Stack>> Connect(const StackOptions& options);

  // A connection to each server; `i` picks one round-robin.
  std::shared_ptr<grpc::Channel> Drafting(size_t i) const;
  std::shared_ptr<grpc::Channel> Review(size_t i) const;
  std::shared_ptr<grpc::Channel> Publication(size_t i) const;
  std::shared_ptr<grpc::Channel> Identity(size_t i) const;

  // The access token of the cast member signing with `role` (renewed by its
  // refresh token when it has less than a minute left); empty if none.
  std::string TokenOf(absl::string_view role) const ABSL_LOCKS_EXCLUDED(mu_);
  // The administrator's token (tokens_dir/admin.token).
  const std::string& admin_token() const { return admin_token_; }

 private:
  Stack() = default;
  struct Token {
    std::string access;
    absl::Time expires;
    std::string refresh;
  };
  std::vector<std::shared_ptr<grpc::Channel>> drafting_, review_, publication_, identity_;
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<std::string, Token> tokens_ ABSL_GUARDED_BY(mu_);
  std::string admin_token_;
};

// Sets the deadline (30 s) and the bearer token of a call.
void Prepare(grpc::ClientContext& context, const std::string& token);

// A fresh request id (AIP-155).
std::string NewRequestId();

// Makes the bench units `first` … `last` under the bench region (made
// with the cast's roles over it, subtree, when it is new); what exists
// already is kept. Prints progress to stderr.
absl::Status SetUp(const Stack& stack, int first, int last);

}  // namespace reportflow::loadgen

#endif  // REPORTFLOW_BENCH_LOADGEN_STACK_H_
