// The HTTP portal sink over TLS, against a cpp-httplib HTTPS test portal with
// a self-signed certificate made by `openssl` for 127.0.0.1: with that
// certificate as the CA the push arrives, signed; without it the sink refuses
// to talk to an unverified portal and the push is retried (UNAVAILABLE).
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "services/common/status_matchers.h"
#include "services/publication/portal/http_sink.h"
#include "tests/support/process.h"

namespace reportflow::publication {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;
using ::reportflow::testing::TempDir;

struct Received {
  std::string key;
  std::string signature;
  std::string body;
};

TEST(HttpSinkTls, PushesToAVerifiedPortalOnlyAndSignsThePush) {
  TempDir dir;
  const std::string cert = dir.path() + "/portal.crt";
  const std::string key = dir.path() + "/portal.key";
  const std::string command = absl::StrCat(
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout ",
      key, " -out ", cert, " >/dev/null 2>&1");
  ASSERT_EQ(std::system(command.c_str()), 0) << command;

  httplib::SSLServer portal(cert.c_str(), key.c_str());
  ASSERT_TRUE(portal.is_valid());
  std::mutex mu;
  std::vector<Received> received;
  portal.Post(
      "/api/publications", [&](const httplib::Request& request, httplib::Response& response) {
        std::lock_guard<std::mutex> lock(mu);
        received.push_back({request.get_header_value("Idempotency-Key"),
                            request.get_header_value("X-ReportFlow-Signature"), request.body});
        response.status = 201;
      });
  const int port = portal.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { portal.listen_after_bind(); });

  PortalBundle bundle{
      "page", "publications/1", "unit-a/2024/r-1-v1",
      true,   "page-1",         {{"index.html", "text/html; charset=utf-8", "<p>公开</p>"}}};
  HttpSinkOptions options;
  options.url = absl::StrCat("https://127.0.0.1:", port, "/api/publications");
  options.hmac_secret = "shared";
  options.timeout = absl::Seconds(5);

  absl::StatusOr<std::unique_ptr<HttpSink>> untrusting = HttpSink::Create(options);
  ASSERT_THAT(untrusting.status(), IsOk());
  EXPECT_THAT((*untrusting)->Push(bundle), StatusIs(absl::StatusCode::kUnavailable))
      << "a portal whose certificate does not verify gets nothing";

  options.ca_file = cert;
  absl::StatusOr<std::unique_ptr<HttpSink>> trusting = HttpSink::Create(options);
  ASSERT_THAT(trusting.status(), IsOk());
  EXPECT_THAT((*trusting)->Push(bundle), IsOk());

  portal.stop();
  serving.join();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].key, "page-1");
  EXPECT_EQ(received[0].signature, PortalSignature("shared", received[0].body));
  absl::StatusOr<PortalBundle> parsed = ParseBundle(received[0].body);
  ASSERT_THAT(parsed.status(), IsOk());
  EXPECT_EQ(parsed->files[0].content, "<p>公开</p>");
}

}  // namespace
}  // namespace reportflow::publication
