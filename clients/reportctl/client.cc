#include "clients/reportctl/client.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace reportflow::reportctl {

void AddClientFlags(CLI::App& app, ClientOptions& options) {
  app.add_option("--drafting", options.drafting_address, "drafting-server host:port")
      ->envname("RF_DRAFTING_ADDR");
  app.add_option("--review", options.review_address, "review-server host:port")
      ->envname("RF_REVIEW_ADDR");
  app.add_option("--publication", options.publication_address, "publication-server host:port")
      ->envname("RF_PUBLICATION_ADDR");
  app.add_option("--tls-ca", options.tls_ca_file, "PEM CA certificate; enables TLS")
      ->envname("RF_TLS_CA");
  app.add_option("--token-file", options.token_file, "file holding your bearer token")
      ->envname("RF_TOKEN_FILE");
  app.add_option("--deadline", options.deadline_seconds, "seconds each call may take")
      ->capture_default_str();
  app.add_flag("--json", options.json, "print JSON instead of text");
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("无法读取文件 ", path));
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(const ClientOptions& options,
                                                           const std::string& address) {
  if (address.empty()) {
    return absl::InvalidArgumentError(
        "未指定服务地址：请先 source .local/env，或用 --drafting/--review/--publication 指定");
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (options.tls_ca_file.empty()) {
    credentials = grpc::InsecureChannelCredentials();
  } else {
    absl::StatusOr<std::string> ca = ReadFile(options.tls_ca_file);
    if (!ca.ok()) {
      return ca.status();
    }
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = *ca;
    credentials = grpc::SslCredentials(ssl);
  }
  return grpc::CreateChannel(address, credentials);
}

absl::Status PrepareContext(const ClientOptions& options, grpc::ClientContext& context) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(options.deadline_seconds)));
  if (!options.token_file.empty()) {
    absl::StatusOr<std::string> token = ReadFile(options.token_file);
    if (!token.ok()) {
      return token.status();
    }
    context.AddMetadata("authorization",
                        absl::StrCat("Bearer ", absl::StripAsciiWhitespace(*token)));
  }
  return absl::OkStatus();
}

}  // namespace reportflow::reportctl
