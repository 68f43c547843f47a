// Calling a ReportFlow server, as reportctl does and as services do for one
// another: a channel (TLS when a CA is given) and a call context with a
// deadline and a bearer token.
#ifndef REPORTFLOW_SERVICES_COMMON_GRPC_CLIENT_H_
#define REPORTFLOW_SERVICES_COMMON_GRPC_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace reportflow {

// Reads a whole file; NOT_FOUND naming it when it cannot be read.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path);

// A channel to `address`; TLS with `tls_ca_file` as the trusted CA when it
// is not empty, plaintext otherwise. INVALID_ARGUMENT for an empty address.
// `address` is any gRPC target: host:port, a DNS name whose records are the
// replicas (dns:///drafting.reportflow.svc:7001), or a list
// (ipv4:127.0.0.1:7001,127.0.0.1:7002); calls are spread round-robin over
// every address that answers, and a replica that goes away is skipped until
// it comes back.
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(absl::string_view address,
                                                           const std::string& tls_ca_file);

// How a server reaches the other services (flags --drafting-address,
// --review-address, --publication-address, --service-token-file, --tls-ca).
struct PeerConfig {
  std::string drafting_address;
  std::string review_address;
  std::string publication_address;
  std::string identity_address;
  // Optional: when set, review sends its events to notification-server.
  std::string notification_address;
  std::string service_token_file;
  std::string tls_ca_file;
  // This service's own certificate and key (its --tls-cert/--tls-key),
  // presented to the peers as the client certificate that proves which
  // service calls (mutual TLS; see server.h).
  std::string tls_cert_file;
  std::string tls_key_file;
};

// A channel to a peer service: TLS with `peers.tls_ca_file` and, when
// given, the client certificate; plaintext without a CA (tests). Opened once
// per (address, files) and shared by the whole process, so that calls reuse
// one connection instead of a TLS handshake each.
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenPeerChannel(absl::string_view address,
                                                               const PeerConfig& peers);
// The same, always a new channel (a test that needs its own connection).
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenPeerChannelUncached(absl::string_view address,
                                                                       const PeerConfig& peers);

// Sets `deadline` and, when `token_file` is not empty, the bearer token it
// holds (read on every call, so a renewed token is picked up).
absl::Status PrepareCall(grpc::ClientContext& context, const std::string& token_file,
                         absl::Duration deadline);

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_GRPC_CLIENT_H_
