#include "clients/reportctl/health_command.h"

#include <iostream>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "nlohmann/json.hpp"

namespace reportflow::reportctl {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

struct Result {
  std::string server;
  std::string address;
  std::string status;   // SERVING, NOT_SERVING, UNAVAILABLE ...
  std::string message;  // Chinese explanation
};

Result Check(const ClientOptions& options, const std::string& server, const std::string& address) {
  Result result{server, address, "", ""};
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = OpenChannel(options, address);
  if (!channel.ok()) {
    result.status = "UNCONFIGURED";
    result.message = std::string(channel.status().message());
    return result;
  }
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(options.deadline_seconds)));
  HealthCheckResponse response;
  grpc::Status status = Health::NewStub(*channel)->Check(&context, HealthCheckRequest(), &response);
  if (!status.ok()) {
    result.status = status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ? "DEADLINE_EXCEEDED"
                                                                               : "UNAVAILABLE";
    result.message = "无法连接：" + status.error_message();
  } else if (response.status() == HealthCheckResponse::SERVING) {
    result.status = "SERVING";
    result.message = "正常服务";
  } else {
    result.status = HealthCheckResponse::ServingStatus_Name(response.status());
    result.message = "未在服务";
  }
  return result;
}

int Run(const ClientOptions& options) {
  std::vector<std::pair<std::string, std::string>> servers = {
      {"drafting-server", options.drafting_address},
      {"review-server", options.review_address},
      {"publication-server", options.publication_address},
  };
  if (!options.identity_address.empty()) {
    servers.insert(servers.begin(), {"identity-server", options.identity_address});
  }
  if (!options.notification_address.empty()) {
    servers.push_back({"notification-server", options.notification_address});
  }
  bool all_serving = true;
  nlohmann::json json = nlohmann::json::array();
  for (const auto& [server, address] : servers) {
    Result result = Check(options, server, address);
    all_serving = all_serving && result.status == "SERVING";
    if (options.json) {
      json.push_back({{"server", result.server},
                      {"address", result.address},
                      {"status", result.status},
                      {"message", result.message}});
    } else {
      std::cout << absl::StrFormat("%-20s %-22s %-12s %s\n", result.server,
                                   result.address.empty() ? "-" : result.address, result.status,
                                   result.message);
    }
  }
  if (options.json) {
    std::cout << nlohmann::json{{"servers", json}, {"all_serving", all_serving}}.dump(2) << "\n";
  } else {
    std::cout << (all_serving ? "全部服务正常。\n"
                              : "有服务不可用，请查看 .local/log/ 下的日志。\n");
  }
  return all_serving ? 0 : 1;
}

}  // namespace

void AddHealthCommand(CLI::App& app, const ClientOptions& options, int& exit_code) {
  CLI::App* health = app.add_subcommand(
      "health", "检查各服务是否正常（grpc.health.v1）：起草、审校、发布，及已配置的身份与通知服务");
  health->callback([&options, &exit_code] { exit_code = Run(options); });
}

}  // namespace reportflow::reportctl
