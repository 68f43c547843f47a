#include "services/publication/portal/http_sink.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "httplib.h"

namespace reportflow::publication {

std::string PortalSignature(absl::string_view secret, absl::string_view body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
  return absl::StrCat("sha256=", absl::BytesToHexString(
                                     absl::string_view(reinterpret_cast<char*>(digest), length)));
}

absl::StatusOr<std::unique_ptr<HttpSink>> HttpSink::Create(HttpSinkOptions options) {
  absl::string_view rest = options.url;
  const bool tls = absl::StartsWith(rest, "https://");
  if (!tls && !absl::StartsWith(rest, "http://")) {
    return absl::InvalidArgumentError(
        absl::StrCat("--portal-url: \"", options.url, "\" must start with http:// or https://"));
  }
  absl::ConsumePrefix(&rest, tls ? "https://" : "http://");
  const size_t slash = rest.find('/');
  const absl::string_view host = rest.substr(0, slash);
  if (host.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--portal-url: \"", options.url, "\" names no host"));
  }
  if (options.hmac_secret.empty()) {
    return absl::InvalidArgumentError(
        "--portal-hmac-key-file: the HTTP sink needs a shared secret to sign pushes");
  }
  std::string origin = absl::StrCat(tls ? "https://" : "http://", host);
  std::string path = slash == absl::string_view::npos ? "/" : std::string(rest.substr(slash));
  return std::unique_ptr<HttpSink>(
      new HttpSink(std::move(options), std::move(origin), std::move(path)));
}

HttpSink::HttpSink(HttpSinkOptions options, std::string origin, std::string path)
    : options_(std::move(options)), origin_(std::move(origin)), path_(std::move(path)) {}

std::string HttpSink::PageLocation(absl::string_view directory) const {
  const std::string base(
      absl::StripSuffix(options_.public_url.empty() ? origin_ : options_.public_url, "/"));
  return absl::StrCat(base, "/", directory, "/index.html");
}

namespace {

// Applies the sink's TLS and timeout options to a client of `origin`.
void Configure(httplib::Client& client, const HttpSinkOptions& options) {
  const int64_t timeout_ms = absl::ToInt64Milliseconds(options.timeout);
  client.set_connection_timeout(std::chrono::milliseconds(timeout_ms));
  client.set_read_timeout(std::chrono::milliseconds(timeout_ms));
  client.set_write_timeout(std::chrono::milliseconds(timeout_ms));
  if (!options.ca_file.empty()) {
    client.set_ca_cert_path(options.ca_file.c_str());
  }
}

}  // namespace

absl::StatusOr<std::string> HttpSink::Fetch(absl::string_view directory,
                                            absl::string_view path) const {
  const std::string url = absl::StrCat(
      absl::StripSuffix(options_.public_url.empty() ? origin_ : options_.public_url, "/"), "/",
      directory, "/", path);
  // scheme://host[:port] and the rest.
  const size_t host_start = url.find("://");
  const size_t path_start = host_start == std::string::npos ? 0 : url.find('/', host_start + 3);
  if (host_start == std::string::npos || path_start == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat("portal: cannot fetch ", url));
  }
  httplib::Client client(url.substr(0, path_start));
  Configure(client, options_);
  httplib::Result result = client.Get(url.substr(path_start));
  if (!result) {
    return absl::UnavailableError(
        absl::StrCat("portal ", url, ": ", httplib::to_string(result.error())));
  }
  if (result->status == 404 || result->status == 410) {
    return absl::NotFoundError(absl::StrCat("portal ", url, " answered ", result->status));
  }
  if (result->status < 200 || result->status >= 300) {
    return absl::UnavailableError(absl::StrCat("portal ", url, " answered ", result->status));
  }
  return std::move(result->body);
}

absl::Status HttpSink::Push(const PortalBundle& bundle) {
  httplib::Client client(origin_);
  Configure(client, options_);
  const std::string body = SerializeBundle(bundle);
  const httplib::Headers headers = {
      {"Idempotency-Key", bundle.idempotency_key},
      {"X-ReportFlow-Signature", PortalSignature(options_.hmac_secret, body)}};
  httplib::Result result = client.Post(path_, headers, body, "application/json");
  if (!result) {
    return absl::UnavailableError(
        absl::StrCat("portal ", origin_, path_, ": ", httplib::to_string(result.error())));
  }
  if (result->status < 200 || result->status >= 300) {
    return absl::UnavailableError(absl::StrCat("portal ", origin_, path_, " answered ",
                                               result->status, ": ", result->body.substr(0, 200)));
  }
  return absl::OkStatus();
}

}  // namespace reportflow::publication
