// A unit's and a person's notification settings, pure: what may be stored
// (validated field by field, errors naming the field and the rule), and
// what quiet hours mean for a message written at a given moment.
//
// Robot webhooks are only ever the platforms' own https endpoints
// (oapi.dingtalk.com, qyapi.weixin.qq.com, open.feishu.cn or
// open.larksuite.com): a unit's administrator cannot make the server POST
// to an address inside the network. Tests on a local peer allow
// http://127.0.0.1 explicitly (`allow_loopback`).
#ifndef REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_SETTINGS_H_
#define REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_SETTINGS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "reportflow/notification/v1/notification.pb.h"
#include "services/notification/domain/robots.h"

namespace reportflow::notification {

// A unit's robots at most.
inline constexpr int kMaxRobots = 5;

// Minutes of the day, China time; start == end: none.
struct QuietWindow {
  int start_minute = 0;
  int end_minute = 0;
};

// The moment a message written at `now` may go out: `now` outside the
// window, otherwise the window's end (a window may span midnight, e.g.
// 22:00–07:30).
absl::Time AfterQuietHours(const QuietWindow& quiet, absl::Time now);

// INVALID_ARGUMENT naming `field` unless both minutes are in 0–1439.
absl::Status ValidateQuietHours(const v1::QuietHours& quiet, absl::string_view field);

// Checks the fields `paths` of `settings` names (update_mask paths:
// robots, remind_after_working_days, escalate_after_working_days,
// quiet_hours, action_links). `stored` are the robots stored now: a robot sent without
// webhook or secret keeps its stored one, so only a new robot needs them.
absl::Status ValidateUnitSettings(const v1::UnitSettings& settings,
                                  const std::vector<std::string>& paths,
                                  const std::vector<v1::Robot>& stored, bool allow_loopback);

// The host of an http(s) URL ("" if none).
std::string WebhookHost(absl::string_view url);

// The domain's robot kind of the API's (ROBOT_KIND_UNSPECIFIED: kDingTalk;
// validated before).
RobotKind ToRobotKind(v1::RobotKind kind);

}  // namespace reportflow::notification

#endif  // REPORTFLOW_SERVICES_NOTIFICATION_DOMAIN_SETTINGS_H_
