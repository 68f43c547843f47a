// review-server: the ReportFlow review service (see proto/reportflow/review/v1/).
#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

#include "CLI/CLI.hpp"
#include "embedded/review_migrations.h"
#include "services/common/grpc_client.h"
#include "services/common/log.h"
#include "services/common/outbox.h"
#include "services/common/server.h"
#include "services/review/api/delivery.h"
#include "services/review/api/review_service.h"
#include "workflow/definition.h"

int main(int argc, char** argv) {
  absl::StatusOr<reportflow::workflow::ShippedWorkflows> workflows =
      reportflow::workflow::LoadShippedWorkflows();
  if (!workflows.ok()) {
    std::fprintf(stderr, "review-server: shipped workflows: %s\n",
                 workflows.status().ToString().c_str());
    return 1;
  }
  std::string signing_key_file;
  std::optional<reportflow::SigningKey> signing_key;
  bool hold_outbox = false;
  std::string audit_anchor_dir;

  reportflow::ServerSpec spec;
  spec.name = "review";
  spec.migrations = reportflow::review::Migrations();
  spec.add_flags = [&](CLI::App& app) {
    app.add_option("--signing-key-file", signing_key_file,
                   "Ed25519 private key (64 hex digits) that signs approval certificates "
                   "(reportctl admin init writes one)")
        ->envname("RF_SIGNING_KEY_FILE")
        ->required();
    app.add_option("--audit-anchor-dir", audit_anchor_dir,
                   "directory outside the database where every signed audit chain head is "
                   "appended (one file per report); VerifyAuditChain checks against it")
        ->envname("RF_AUDIT_ANCHOR_DIR");
    app.add_flag("--hold-outbox", hold_outbox,
                 "commit changes but deliver no outbox messages until restarted without this "
                 "flag (maintenance; the crash-after-commit test uses it)")
        ->envname("RF_HOLD_OUTBOX");
  };
  spec.configure = [&]() -> absl::Status {
    absl::StatusOr<std::string> text = reportflow::ReadWholeFile(signing_key_file);
    if (!text.ok()) {
      return text.status();
    }
    absl::StatusOr<reportflow::SigningKey> key =
        reportflow::ParseSigningKey(*text, "--signing-key-file");
    if (!key.ok()) {
      return key.status();
    }
    signing_key = *std::move(key);
    return absl::OkStatus();
  };
  spec.make_services = [&](reportflow::ServiceContext& context) {
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(std::make_unique<reportflow::review::ReviewServiceImpl>(
        context, *workflows, *signing_key, reportflow::review::AnchorWitness(audit_anchor_dir)));
    return services;
  };
  // The outbox dispatcher delivers outcomes to drafting and certificates to
  // publication, and audits each delivery in the same transaction.
  std::unique_ptr<reportflow::OutboxDispatcher> dispatcher;
  spec.start_background = [&](reportflow::ServiceContext& context) -> std::function<void()> {
    if (hold_outbox) {
      reportflow::LogWarning("outbox_held");
      return [] {};
    }
    auto now = context.now;
    dispatcher = std::make_unique<reportflow::OutboxDispatcher>(
        context.db, reportflow::review::MakeDeliverer(context.peers), absl::Seconds(1),
        [now](reportflow::Transaction& tx, const reportflow::OutboxMessage& message) {
          return reportflow::review::AuditDelivery(tx, message, now());
        },
        nullptr,
        reportflow::ParkPolicy{static_cast<int>(context.limits.outbox_park_after_attempts)});
    // Four threads: notifications, outcomes and certificates of different
    // reviews go out side by side (no order among them matters).
    dispatcher->Start(4);
    return [&] { dispatcher->Stop(); };
  };
  return reportflow::ServerMain(argc, argv, spec);
}
