// Structured logging: one JSON object per line on stderr, so that log
// collectors (journald, Kubernetes) and `jq` read it directly.
//
//   LogInfo("rpc", {{"method", "/reportflow.drafting.v1.DraftingService/GetReport"},
//                   {"code", "OK"}, {"ms", 1.7}});
// prints
//   {"ts":"2026-11-24T08:00:00.123Z","level":"info","event":"rpc","method":...}
#ifndef REPORTFLOW_SERVICES_COMMON_LOG_H_
#define REPORTFLOW_SERVICES_COMMON_LOG_H_

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace reportflow {

// Sets the `service` field added to every line (e.g. "drafting").
void SetLogService(absl::string_view service);

// Writes one line at level "info" with `event` and `fields` (a JSON object).
void LogInfo(absl::string_view event, const nlohmann::json& fields = nlohmann::json::object());

// Writes one line at level "warning".
void LogWarning(absl::string_view event, const nlohmann::json& fields = nlohmann::json::object());

// Writes one line at level "error".
void LogError(absl::string_view event, const nlohmann::json& fields = nlohmann::json::object());

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_LOG_H_
