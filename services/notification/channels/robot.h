// The robot channel: POSTs a robot message (domain/robots.h) to its webhook
// through libcurl (TLS verified against the system's or `ca_file`'s anchors)
// and reads the robot's reply. OK when the robot took it; UNAVAILABLE to
// retry (no connection, timeout, HTTP 5xx or 429, a rate-limit reply);
// FAILED_PRECONDITION when the robot refuses (wrong key or signature, HTTP
// 4xx): retrying will not help.
#ifndef REPORTFLOW_SERVICES_NOTIFICATION_CHANNELS_ROBOT_H_
#define REPORTFLOW_SERVICES_NOTIFICATION_CHANNELS_ROBOT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/notification/domain/robots.h"

namespace reportflow::notification {

struct RobotTarget {
  RobotKind kind = RobotKind::kDingTalk;
  std::string webhook;
  std::string secret;   // 加签 / 签名校验 secret; empty when not enabled
  std::string ca_file;  // empty: the system's trust anchors
  int timeout_seconds = 15;
};

absl::Status PostRobot(const RobotTarget& target, const RobotMessage& message, absl::Time now);

}  // namespace reportflow::notification

#endif  // REPORTFLOW_SERVICES_NOTIFICATION_CHANNELS_ROBOT_H_
