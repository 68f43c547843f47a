#include "services/notification/channels/robot.h"

#include <curl/curl.h>

#include <memory>

#include "absl/strings/str_cat.h"

namespace reportflow::notification {
namespace {

size_t Collect(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() < 64 * 1024) body->append(data, size * count);  // a reply is small
  return size * count;
}

}  // namespace

absl::Status PostRobot(const RobotTarget& target, const RobotMessage& message, absl::Time now) {
  absl::StatusOr<RobotRequest> request =
      BuildRobotRequest(target.kind, target.webhook, target.secret, message, now);
  if (!request.ok()) return request.status();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return absl::InternalError("curl_easy_init failed");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(
      curl_slist_append(nullptr, "Content-Type: application/json; charset=utf-8"),
      curl_slist_free_all);
  std::string reply;
  char error[CURL_ERROR_SIZE] = {0};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, request->url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, request->body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(request->body.size()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(target.timeout_seconds));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  if (!target.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, target.ca_file.c_str());
  const CURLcode code = curl_easy_perform(c);
  // The webhook carries the robot's key: name the robot, never the URL.
  const std::string robot = std::string(RobotKindName(target.kind));
  if (code != CURLE_OK) {
    return absl::UnavailableError(absl::StrCat(robot, " 机器人无法连接（",
                                               error[0] ? error : curl_easy_strerror(code), "）"));
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status == 429 || status >= 500) {
    return absl::UnavailableError(absl::StrCat(robot, " 机器人暂不可用（HTTP ", status, "）"));
  }
  if (status != 200) {
    return absl::FailedPreconditionError(absl::StrCat(robot, " 机器人拒收（HTTP ", status, "）"));
  }
  return CheckRobotReply(target.kind, reply);
}

}  // namespace reportflow::notification
