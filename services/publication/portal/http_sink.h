// The HTTP portal sink: each push is one POST of the bundle (sink.h, as JSON)
// to the portal's endpoint, with headers
//   Idempotency-Key: the bundle's key, the same on every retry, so the
//                    portal stores a bundle once however often it arrives;
//   X-ReportFlow-Signature: sha256=<hex HMAC-SHA256 of the body with the
//                    shared secret>, so the portal knows it came from here.
// TLS when the URL is https (verified against the system's CAs or a given
// CA file). Any 2xx is success; anything else, a timeout or a refused
// connection is UNAVAILABLE, and the outbox retries with backoff.
// Fetch GETs `<public_url>/<directory>/<path>` (the origin of `url` without
// a public URL), as a reader would: 404 is NOT_FOUND.
#ifndef REPORTFLOW_SERVICES_PUBLICATION_PORTAL_HTTP_SINK_H_
#define REPORTFLOW_SERVICES_PUBLICATION_PORTAL_HTTP_SINK_H_

#include <string>

#include "absl/time/time.h"
#include "services/publication/portal/sink.h"

namespace reportflow::publication {

struct HttpSinkOptions {
  // e.g. "https://portal.example.gov.cn/api/publications"
  std::string url;
  // The shared HMAC secret (raw bytes).
  std::string hmac_secret;
  // Where readers find pages: `<public_url>/<directory>/index.html`.
  std::string public_url;
  // PEM CA bundle for https; empty for the system's.
  std::string ca_file;
  absl::Duration timeout = absl::Seconds(30);
};

// The signature header's value for `body`: "sha256=" + lowercase hex.
std::string PortalSignature(absl::string_view secret, absl::string_view body);

class HttpSink final : public PortalSink {
 public:
  // INVALID_ARGUMENT naming the option when the URL is not http(s)://host…
  // or the secret is empty.
  static absl::StatusOr<std::unique_ptr<HttpSink>> Create(HttpSinkOptions options);

  std::string name() const override { return "http"; }
  absl::Status Push(const PortalBundle& bundle) override;
  std::string PageLocation(absl::string_view directory) const override;
  absl::StatusOr<std::string> Fetch(absl::string_view directory,
                                    absl::string_view path) const override;

 private:
  HttpSink(HttpSinkOptions options, std::string origin, std::string path);
  const HttpSinkOptions options_;
  const std::string origin_;  // scheme://host[:port]
  const std::string path_;
};

}  // namespace reportflow::publication

#endif  // REPORTFLOW_SERVICES_PUBLICATION_PORTAL_HTTP_SINK_H_
