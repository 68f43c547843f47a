#include "services/common/grpc_client.h"

#include <fstream>
#include <sstream>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace reportflow {
namespace {

// Every channel balances its calls over all the addresses its target
// resolves to: a DNS name with several records (a Kubernetes headless
// Service), or an `ipv4:host:port,host:port` list of replicas. pick_first,
// gRPC's default, would send everything to one replica.
std::shared_ptr<grpc::Channel> Create(
    absl::string_view address, const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  grpc::ChannelArguments arguments;
  arguments.SetLoadBalancingPolicyName("round_robin");
  return grpc::CreateCustomChannel(std::string(address), credentials, arguments);
}

}  // namespace

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("无法读取文件 ", path));
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(absl::string_view address,
                                                           const std::string& tls_ca_file) {
  if (address.empty()) {
    return absl::InvalidArgumentError(
        "未指定服务地址：请先 source .local/env，或用 --drafting/--review/--publication 指定");
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!tls_ca_file.empty()) {
    absl::StatusOr<std::string> ca = ReadWholeFile(tls_ca_file);
    if (!ca.ok()) {
      return ca.status();
    }
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = *ca;
    credentials = grpc::SslCredentials(ssl);
  }
  return Create(address, credentials);
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenPeerChannel(absl::string_view address,
                                                               const PeerConfig& peers) {
  // One channel per peer for the whole process: a TLS handshake (and the
  // files read) once, not per call; gRPC reconnects it when the peer restarts.
  static absl::Mutex mu(absl::kConstInit);
  static auto* const channels =
      new absl::flat_hash_map<std::string, std::shared_ptr<grpc::Channel>>();
  const std::string key = absl::StrCat(address, "\n", peers.tls_ca_file, "\n", peers.tls_cert_file,
                                       "\n", peers.tls_key_file);
  absl::MutexLock lock(&mu);
  auto found = channels->find(key);
  if (found != channels->end()) return found->second;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> opened = OpenPeerChannelUncached(address, peers);
  if (opened.ok()) channels->emplace(key, *opened);
  return opened;
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenPeerChannelUncached(absl::string_view address,
                                                                       const PeerConfig& peers) {
  if (peers.tls_ca_file.empty() || peers.tls_cert_file.empty()) {
    return OpenChannel(address, peers.tls_ca_file);
  }
  if (address.empty()) {
    return absl::InvalidArgumentError("peer address is not configured");
  }
  absl::StatusOr<std::string> ca = ReadWholeFile(peers.tls_ca_file);
  absl::StatusOr<std::string> cert = ReadWholeFile(peers.tls_cert_file);
  absl::StatusOr<std::string> key = ReadWholeFile(peers.tls_key_file);
  for (const auto* read : {&ca, &cert, &key}) {
    if (!read->ok()) {
      return read->status();
    }
  }
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = *ca;
  ssl.pem_cert_chain = *cert;
  ssl.pem_private_key = *key;
  return Create(address, grpc::SslCredentials(ssl));
}

absl::Status PrepareCall(grpc::ClientContext& context, const std::string& token_file,
                         absl::Duration deadline) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  if (!token_file.empty()) {
    absl::StatusOr<std::string> token = ReadWholeFile(token_file);
    if (!token.ok()) {
      return token.status();
    }
    context.AddMetadata("authorization",
                        absl::StrCat("Bearer ", absl::StripAsciiWhitespace(*token)));
  }
  return absl::OkStatus();
}

}  // namespace reportflow
