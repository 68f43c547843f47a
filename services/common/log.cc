#include "services/common/log.h"

#include <cstdio>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace reportflow {
namespace {

absl::Mutex log_mutex;
std::string* log_service ABSL_GUARDED_BY(log_mutex) = nullptr;

void Write(absl::string_view level, absl::string_view event, const nlohmann::json& fields) {
  nlohmann::json line = nlohmann::json::object();
  line["ts"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  line["level"] = std::string(level);
  line["event"] = std::string(event);
  absl::MutexLock lock(&log_mutex);
  if (log_service != nullptr) {
    line["service"] = *log_service;
  }
  if (fields.is_object()) {
    line.update(fields);
  }
  // Invalid UTF-8 from a client must not make logging throw.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::fprintf(stderr, "%s\n", text.c_str());
  std::fflush(stderr);
}

}  // namespace

void SetLogService(absl::string_view service) {
  absl::MutexLock lock(&log_mutex);
  delete log_service;
  log_service = new std::string(service);
}

void LogInfo(absl::string_view event, const nlohmann::json& fields) {
  Write("info", event, fields);
}
void LogWarning(absl::string_view event, const nlohmann::json& fields) {
  Write("warning", event, fields);
}
void LogError(absl::string_view event, const nlohmann::json& fields) {
  Write("error", event, fields);
}

}  // namespace reportflow
