// publication-server: the ReportFlow publication service (see proto/reportflow/publication/v1/).
#include <algorithm>
#include <memory>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "embedded/publication_migrations.h"
#include "services/common/grpc_client.h"
#include "services/common/log.h"
#include "services/common/outbox.h"
#include "services/common/server.h"
#include "services/common/signing.h"
#include "services/publication/api/delivery.h"
#include "services/publication/api/portal_checks.h"
#include "services/publication/api/publication_service.h"
#include "services/publication/portal/http_sink.h"
#include "services/publication/portal/static_sink.h"

int main(int argc, char** argv) {
  std::string review_public_key_file;
  std::string sink_name = "static";
  std::string portal_dir = "portal";
  std::string portal_public_url;
  std::string portal_url;
  std::string portal_hmac_key_file;
  std::string portal_ca_file;
  int portal_timeout_seconds = 30;
  bool hold_outbox = false;
  int portal_check_seconds = 3600;
  reportflow::publication::PublicationConfig config;

  reportflow::ServerSpec spec;
  spec.name = "publication";
  spec.migrations = reportflow::publication::Migrations();
  spec.add_flags = [&](CLI::App& app) {
    app.add_option("--review-public-key-file", review_public_key_file,
                   "the review service's Ed25519 public key (64 hex digits); certificates signed "
                   "by any other key are refused (reportctl admin init writes "
                   "review-signing.pub)")
        ->envname("RF_REVIEW_PUBLIC_KEY_FILE")
        ->required();
    app.add_option("--portal-sink", sink_name, "where pages go: static (a directory) or http")
        ->envname("RF_PORTAL_SINK")
        ->check(CLI::IsMember({"static", "http"}))
        ->capture_default_str();
    app.add_option("--portal-dir", portal_dir, "static sink: the site directory")
        ->envname("RF_PORTAL_DIR")
        ->capture_default_str();
    app.add_option("--portal-public-url", portal_public_url,
                   "the address readers reach the site at (static: empty prints file paths)")
        ->envname("RF_PORTAL_PUBLIC_URL");
    app.add_option("--portal-url", portal_url, "http sink: the endpoint pushes are POSTed to")
        ->envname("RF_PORTAL_URL");
    app.add_option("--portal-hmac-key-file", portal_hmac_key_file,
                   "http sink: file holding the shared secret pushes are signed with")
        ->envname("RF_PORTAL_HMAC_KEY_FILE");
    app.add_option("--portal-ca-file", portal_ca_file, "http sink: PEM CA bundle for https")
        ->envname("RF_PORTAL_CA_FILE");
    app.add_option("--portal-timeout-seconds", portal_timeout_seconds,
                   "http sink: connect/read/write timeout of one push")
        ->envname("RF_PORTAL_TIMEOUT_SECONDS")
        ->check(CLI::Range(1, 600))
        ->capture_default_str();
    app.add_option("--portal-check-interval-seconds", portal_check_seconds,
                   "how often every page on the portal is read back and compared with what was "
                   "published (publish-then-verify); 0 turns the periodic check off (pushes are "
                   "still verified)")
        ->envname("RF_PORTAL_CHECK_INTERVAL_SECONDS")
        ->check(CLI::Range(0, 7 * 24 * 3600))
        ->capture_default_str();
    app.add_flag("--hold-outbox", hold_outbox,
                 "commit changes but push and deliver nothing until restarted without this flag "
                 "(maintenance; the crash-between-render-and-push test uses it)")
        ->envname("RF_HOLD_OUTBOX");
  };
  spec.configure = [&]() -> absl::Status {
    if (portal_check_seconds > 0) {
      config.portal_check_interval = absl::Seconds(portal_check_seconds);
    }
    absl::StatusOr<std::string> text = reportflow::ReadWholeFile(review_public_key_file);
    if (!text.ok()) return text.status();
    absl::StatusOr<std::string> key = reportflow::ParsePublicKey(*text, "--review-public-key-file");
    if (!key.ok()) return key.status();
    config.review_public_key = *std::move(key);
    if (sink_name == "static") {
      config.sink =
          std::make_shared<reportflow::publication::StaticSink>(portal_dir, portal_public_url);
      return absl::OkStatus();
    }
    reportflow::publication::HttpSinkOptions options;
    options.url = portal_url;
    options.public_url = portal_public_url;
    options.ca_file = portal_ca_file;
    options.timeout = absl::Seconds(portal_timeout_seconds);
    if (!portal_hmac_key_file.empty()) {
      absl::StatusOr<std::string> secret = reportflow::ReadWholeFile(portal_hmac_key_file);
      if (!secret.ok()) return secret.status();
      options.hmac_secret = std::string(absl::StripAsciiWhitespace(*secret));
    }
    absl::StatusOr<std::unique_ptr<reportflow::publication::HttpSink>> sink =
        reportflow::publication::HttpSink::Create(std::move(options));
    if (!sink.ok()) return sink.status();
    config.sink = std::shared_ptr<reportflow::publication::PortalSink>(std::move(*sink));
    return absl::OkStatus();
  };
  spec.make_services = [&](reportflow::ServiceContext& context) {
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(
        std::make_unique<reportflow::publication::PublicationServiceImpl>(context, config));
    return services;
  };
  std::unique_ptr<reportflow::OutboxDispatcher> dispatcher;
  std::unique_ptr<reportflow::publication::PortalChecker> checker;
  spec.start_background = [&](reportflow::ServiceContext& context) -> std::function<void()> {
    if (hold_outbox) {
      reportflow::LogWarning("outbox_held");
      return [] {};
    }
    dispatcher = std::make_unique<reportflow::OutboxDispatcher>(
        context.db, reportflow::publication::MakeDeliverer(context.db, config.sink, context.peers),
        absl::Seconds(1),
        reportflow::publication::OnDelivered(config.sink, context.now, context.peers,
                                             config.portal_check_interval),
        reportflow::publication::OnFailed(config.sink, context.now, context.peers),
        reportflow::ParkPolicy{static_cast<int>(context.limits.outbox_park_after_attempts)});
    dispatcher->Start();
    if (portal_check_seconds > 0) {
      // Polls often enough that a due check waits at most a tenth of the
      // interval (and at most a minute).
      checker = std::make_unique<reportflow::publication::PortalChecker>(
          reportflow::publication::PortalCheckContext{context.db, config.sink, context.peers,
                                                      context.now, config.portal_check_interval},
          std::min(absl::Seconds(60), config.portal_check_interval / 10));
      checker->Start();
    }
    return [&] {
      if (checker) checker->Stop();
      dispatcher->Stop();
    };
  };
  return reportflow::ServerMain(argc, argv, spec);
}
