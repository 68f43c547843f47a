#include "services/common/limits.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace reportflow {

absl::StatusOr<Limits> ParseLimits(absl::string_view json) {
  Limits limits;
  const std::vector<std::pair<const char*, int64_t*>> fields = {
      {"max_request_bytes", &limits.max_request_bytes},
      {"max_section_bytes", &limits.max_section_bytes},
      {"max_table_rows", &limits.max_table_rows},
      {"max_table_columns", &limits.max_table_columns},
      {"max_comments_per_request", &limits.max_comments_per_request},
      {"max_comments_per_review", &limits.max_comments_per_review},
      {"max_findings_per_review", &limits.max_findings_per_review},
      {"max_name_chars", &limits.max_name_chars},
      {"max_text_chars", &limits.max_text_chars},
      {"max_diff_line_chars", &limits.max_diff_line_chars},
      {"max_page_bytes", &limits.max_page_bytes},
      {"mutations_per_minute", &limits.mutations_per_minute},
      {"sign_ins_per_minute", &limits.sign_ins_per_minute},
      {"outbox_park_after_attempts", &limits.outbox_park_after_attempts},
  };
  nlohmann::json parsed =
      nlohmann::json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) {
    return absl::InvalidArgumentError("limits: 须为 JSON 对象 (must be a JSON object)");
  }
  for (auto it = parsed.begin(); it != parsed.end(); ++it) {
    auto field = std::find_if(fields.begin(), fields.end(),
                              [&](const auto& f) { return it.key() == f.first; });
    if (field == fields.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("limits: 未知的限额 “", it.key(), "” (unknown limit)"));
    }
    const int64_t minimum =
        it.key() == "mutations_per_minute" || it.key() == "sign_ins_per_minute" ? 0 : 1;
    if (!it.value().is_number_integer() || it.value().get<int64_t>() < minimum) {
      return absl::InvalidArgumentError(absl::StrCat("limits.", it.key(), ": 须为不小于 ", minimum,
                                                     " 的整数 (integer >= ", minimum, ")"));
    }
    *field->second = it.value().get<int64_t>();
  }
  return limits;
}

absl::StatusOr<Limits> LoadLimits(const std::string& path) {
  if (path.empty()) {
    return Limits{};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("--limits-file: cannot read ", path));
  }
  std::ostringstream content;
  content << in.rdbuf();
  return ParseLimits(content.str());
}

absl::Status RateLimiter::Admit(absl::string_view person, absl::Time now) {
  if (per_minute_ <= 0) {
    return absl::OkStatus();
  }
  const double burst = std::max<double>(10, static_cast<double>(per_minute_) / 5);
  const double per_second = static_cast<double>(per_minute_) / 60;
  absl::MutexLock lock(&mu_);
  if (buckets_.size() > 100000) {
    // Buckets idle long enough to be full again carry no information.
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      if (now - it->second.last > absl::Seconds(burst / per_second)) {
        buckets_.erase(it++);
      } else {
        ++it;
      }
    }
  }
  auto [it, inserted] = buckets_.try_emplace(std::string(person), Bucket{burst, now});
  Bucket& bucket = it->second;
  if (!inserted) {
    bucket.tokens = std::min(burst, bucket.tokens + absl::ToDoubleSeconds(std::max(
                                                        absl::ZeroDuration(), now - bucket.last)) *
                                                        per_second);
    bucket.last = now;
  }
  if (bucket.tokens < 1) {
    const int64_t wait = static_cast<int64_t>((1 - bucket.tokens) / per_second) + 1;
    return absl::ResourceExhaustedError(
        absl::StrCat("操作过于频繁：每人每分钟至多 ", per_minute_, " 次修改，请 ", wait,
                     " 秒后再试 (rate limit mutations_per_minute=", per_minute_, ")"));
  }
  bucket.tokens -= 1;
  return absl::OkStatus();
}

}  // namespace reportflow
