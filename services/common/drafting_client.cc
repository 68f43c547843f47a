#include "services/common/drafting_client.h"

#include "absl/strings/str_cat.h"
#include "services/common/grpc_status.h"
#include "services/common/version_digest.h"

namespace reportflow {
namespace {

constexpr absl::Duration kDeadline = absl::Seconds(15);

// Runs one unary call with the service token and converts its status.
template <typename Request, typename Response, typename Method>
absl::StatusOr<Response> Call(const PeerConfig& peers, const Request& request, Method method) {
  grpc::ClientContext context;
  if (absl::Status prepared = PrepareCall(context, peers.service_token_file, kDeadline);
      !prepared.ok()) {
    return prepared;
  }
  Response response;
  if (absl::Status status = FromGrpcStatus(method(&context, request, &response)); !status.ok()) {
    return status;
  }
  return response;
}

}  // namespace

absl::StatusOr<drafting::v1::DraftingService::Stub*> DraftingClient::Stub() {
  absl::MutexLock lock(&mu_);
  if (stub_ == nullptr) {
    if (peers_.drafting_address.empty()) {
      return absl::UnavailableError("drafting service address not configured (--drafting-address)");
    }
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
        OpenPeerChannel(peers_.drafting_address, peers_);
    if (!channel.ok()) {
      return channel.status();
    }
    stub_ = drafting::v1::DraftingService::NewStub(*channel);
  }
  return stub_.get();
}

absl::StatusOr<drafting::v1::ReportVersion> DraftingClient::GetVerifiedVersion(
    absl::string_view name, absl::string_view expected_digest) {
  absl::StatusOr<drafting::v1::DraftingService::Stub*> stub = Stub();
  if (!stub.ok()) {
    return stub.status();
  }
  drafting::v1::GetReportVersionRequest request;
  request.set_name(std::string(name));
  request.set_view(drafting::v1::REPORT_VERSION_VIEW_FULL);
  absl::StatusOr<drafting::v1::ReportVersion> version =
      Call<drafting::v1::GetReportVersionRequest, drafting::v1::ReportVersion>(
          peers_, request, [&](auto* context, const auto& req, auto* response) {
            return (*stub)->GetReportVersion(context, req, response);
          });
  if (!version.ok()) {
    return version.status();
  }
  if (absl::Status verified = VerifyReportVersion(*version, expected_digest); !verified.ok()) {
    return verified;
  }
  return version;
}

absl::StatusOr<drafting::v1::Report> DraftingClient::GetReport(absl::string_view name) {
  absl::StatusOr<drafting::v1::DraftingService::Stub*> stub = Stub();
  if (!stub.ok()) {
    return stub.status();
  }
  drafting::v1::GetReportRequest request;
  request.set_name(std::string(name));
  return Call<drafting::v1::GetReportRequest, drafting::v1::Report>(
      peers_, request, [&](auto* context, const auto& req, auto* response) {
        return (*stub)->GetReport(context, req, response);
      });
}

absl::StatusOr<drafting::v1::Template> DraftingClient::GetTemplate(absl::string_view name) {
  absl::StatusOr<drafting::v1::DraftingService::Stub*> stub = Stub();
  if (!stub.ok()) {
    return stub.status();
  }
  drafting::v1::GetTemplateRequest request;
  request.set_name(std::string(name));
  return Call<drafting::v1::GetTemplateRequest, drafting::v1::Template>(
      peers_, request, [&](auto* context, const auto& req, auto* response) {
        return (*stub)->GetTemplate(context, req, response);
      });
}

absl::StatusOr<drafting::v1::DiffReportVersionsResponse> DraftingClient::DiffVersions(
    absl::string_view old_version, absl::string_view new_version) {
  absl::StatusOr<drafting::v1::DraftingService::Stub*> stub = Stub();
  if (!stub.ok()) {
    return stub.status();
  }
  drafting::v1::DiffReportVersionsRequest request;
  request.set_old_version(std::string(old_version));
  request.set_new_version(std::string(new_version));
  request.set_context_lines(2);
  return Call<drafting::v1::DiffReportVersionsRequest, drafting::v1::DiffReportVersionsResponse>(
      peers_, request, [&](auto* context, const auto& req, auto* response) {
        return (*stub)->DiffReportVersions(context, req, response);
      });
}

}  // namespace reportflow
