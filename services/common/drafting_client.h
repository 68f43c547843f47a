// How the review and publication services read the drafting service: with
// their own service token, a deadline, and the version's digest recomputed
// before anything is trusted (version_digest.h).
#ifndef REPORTFLOW_SERVICES_COMMON_DRAFTING_CLIENT_H_
#define REPORTFLOW_SERVICES_COMMON_DRAFTING_CLIENT_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "reportflow/drafting/v1/drafting.grpc.pb.h"
#include "services/common/grpc_client.h"

namespace reportflow {

// A client of drafting-server. Thread-safe; the channel is opened on first use.
class DraftingClient {
 public:
  explicit DraftingClient(PeerConfig peers) : peers_(std::move(peers)) {}

  // The version in the FULL view, checked with VerifyReportVersion against
  // `expected_digest` (any digest when empty): FAILED_PRECONDITION when the
  // content, manifest or digest do not agree.
  absl::StatusOr<drafting::v1::ReportVersion> GetVerifiedVersion(absl::string_view name,
                                                                 absl::string_view expected_digest);
  absl::StatusOr<drafting::v1::Report> GetReport(absl::string_view name);
  absl::StatusOr<drafting::v1::Template> GetTemplate(absl::string_view name);
  absl::StatusOr<drafting::v1::DiffReportVersionsResponse> DiffVersions(
      absl::string_view old_version, absl::string_view new_version);

 private:
  absl::StatusOr<drafting::v1::DraftingService::Stub*> Stub();
  const PeerConfig peers_;
  absl::Mutex mu_;
  std::unique_ptr<drafting::v1::DraftingService::Stub> stub_ ABSL_GUARDED_BY(mu_);
};

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_DRAFTING_CLIENT_H_
