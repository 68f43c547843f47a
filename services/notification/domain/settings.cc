#include "services/notification/domain/settings.h"

#include <algorithm>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/disclosure_deadline.h"
#include "services/common/status_macros.h"
#include "services/common/text_rules.h"

namespace reportflow::notification {
namespace {

bool Contains(const std::vector<std::string>& paths, absl::string_view path) {
  return std::find(paths.begin(), paths.end(), path) != paths.end();
}

bool IsRobotId(absl::string_view id) {
  return !id.empty() && id.size() <= 32 &&
         id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == absl::string_view::npos;
}

// The platform's own hosts for each kind.
bool IsPlatformHost(v1::RobotKind kind, absl::string_view host) {
  switch (kind) {
    case v1::ROBOT_KIND_DINGTALK:
      return host == "oapi.dingtalk.com";
    case v1::ROBOT_KIND_WECOM:
      return host == "qyapi.weixin.qq.com";
    case v1::ROBOT_KIND_FEISHU:
      return host == "open.feishu.cn" || host == "open.larksuite.com";
    default:
      return false;
  }
}

absl::Status ValidateWebhook(const v1::Robot& robot, absl::string_view field, bool allow_loopback) {
  const std::string& url = robot.webhook();
  if (url.size() > 1000 || url.find_first_of(" \t\r\n\"'<>\\") != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".webhook: 不是有效的网址 (not a valid URL)"));
  }
  const std::string host = WebhookHost(url);
  if (absl::StartsWith(url, "https://") && IsPlatformHost(robot.kind(), host)) {
    return absl::OkStatus();
  }
  if (allow_loopback && absl::StartsWith(url, "http://127.0.0.1:")) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      field,
      ".webhook: 须为该平台的 https 地址（钉钉 oapi.dingtalk.com、企业微信 qyapi.weixin.qq.com、"
      "飞书 open.feishu.cn） (must be the platform's https webhook)"));
}

}  // namespace

absl::Time AfterQuietHours(const QuietWindow& quiet, absl::Time now) {
  if (quiet.start_minute == quiet.end_minute) {
    return now;
  }
  const absl::CivilMinute minute = absl::ToCivilMinute(now, ChinaTime());
  const int of_day = minute.hour() * 60 + minute.minute();
  const bool spans_midnight = quiet.start_minute > quiet.end_minute;
  const bool quiet_now = spans_midnight
                             ? (of_day >= quiet.start_minute || of_day < quiet.end_minute)
                             : (of_day >= quiet.start_minute && of_day < quiet.end_minute);
  if (!quiet_now) {
    return now;
  }
  absl::CivilDay day = absl::CivilDay(minute);
  if (spans_midnight && of_day >= quiet.start_minute) {
    day += 1;  // ends tomorrow morning
  }
  return absl::FromCivil(absl::CivilMinute(day.year(), day.month(), day.day(),
                                           quiet.end_minute / 60, quiet.end_minute % 60),
                         ChinaTime());
}

absl::Status ValidateQuietHours(const v1::QuietHours& quiet, absl::string_view field) {
  for (const auto& [name, value] :
       {std::pair<const char*, int>{"start_minute", quiet.start_minute()},
        {"end_minute", quiet.end_minute()}}) {
    if (value < 0 || value > 1439) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".", name, ": 须在 0–1439 之间（一天中的分钟） (minute of the day, 0-1439)"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateUnitSettings(const v1::UnitSettings& settings,
                                  const std::vector<std::string>& paths,
                                  const std::vector<v1::Robot>& stored, bool allow_loopback) {
  for (const std::string& path : paths) {
    if (path != "robots" && path != "remind_after_working_days" &&
        path != "escalate_after_working_days" && path != "quiet_hours" && path != "action_links") {
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask: 不能更新 ", QuoteInput(path),
          " (only robots, remind_after_working_days, escalate_after_working_days, quiet_hours, "
          "action_links)"));
    }
  }
  if (paths.empty()) {
    return absl::InvalidArgumentError("update_mask: 必填，列出要更新的字段 (required)");
  }
  if (Contains(paths, "remind_after_working_days") ||
      Contains(paths, "escalate_after_working_days")) {
    const int remind = settings.remind_after_working_days();
    const int escalate = settings.escalate_after_working_days();
    if (remind < 1 || remind > 30) {
      return absl::InvalidArgumentError(
          "settings.remind_after_working_days: 须在 1–30 个工作日之间 (1-30)");
    }
    if (escalate <= remind || escalate > 60) {
      return absl::InvalidArgumentError(
          "settings.escalate_after_working_days: 须大于提醒天数且不超过 60 个工作日 "
          "(greater than remind_after_working_days, at most 60)");
    }
  }
  if (Contains(paths, "quiet_hours")) {
    RETURN_IF_ERROR(ValidateQuietHours(settings.quiet_hours(), "settings.quiet_hours"));
  }
  if (Contains(paths, "robots")) {
    if (settings.robots_size() > kMaxRobots) {
      return absl::InvalidArgumentError(
          absl::StrCat("settings.robots: 每个单位最多 ", kMaxRobots, " 个机器人 (at most 5)"));
    }
    std::set<std::string> ids;
    for (int i = 0; i < settings.robots_size(); ++i) {
      const v1::Robot& robot = settings.robots(i);
      const std::string field = absl::StrCat("settings.robots[", i, "]");
      if (!IsRobotId(robot.id())) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".id: 须为 1–32 个小写字母、数字或连字符 (1-32 of a-z, 0-9, -)"));
      }
      if (!ids.insert(robot.id()).second) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".id: “", robot.id(), "”重复 (duplicate id)"));
      }
      if (robot.kind() == v1::ROBOT_KIND_UNSPECIFIED || !v1::RobotKind_IsValid(robot.kind())) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".kind: 必填：钉钉、企业微信或飞书 (DINGTALK, WECOM or FEISHU)"));
      }
      const auto old = std::find_if(stored.begin(), stored.end(),
                                    [&](const v1::Robot& r) { return r.id() == robot.id(); });
      const bool known = old != stored.end() && old->kind() == robot.kind();
      if (robot.webhook().empty() && !known) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".webhook: 新机器人必须填写 webhook 地址 (required)"));
      }
      if (!robot.webhook().empty()) {
        RETURN_IF_ERROR(ValidateWebhook(robot, field, allow_loopback));
      }
      if (robot.secret().size() > 200 ||
          robot.secret().find_first_of(" \t\r\n") != std::string::npos) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".secret: 不是有效的密钥 (at most 200 characters, no spaces)"));
      }
      if (robot.kind() == v1::ROBOT_KIND_WECOM && !robot.secret().empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            field,
            ".secret: 企业微信机器人没有签名密钥，密钥在 webhook 的 key 中 (WeCom has none)"));
      }
    }
  }
  return absl::OkStatus();
}

std::string WebhookHost(absl::string_view url) {
  size_t start = url.find("://");
  if (start == absl::string_view::npos) return "";
  start += 3;
  const size_t end = url.find_first_of(":/?#", start);
  return std::string(url.substr(start, end == absl::string_view::npos ? url.npos : end - start));
}

RobotKind ToRobotKind(v1::RobotKind kind) {
  switch (kind) {
    case v1::ROBOT_KIND_WECOM:
      return RobotKind::kWeCom;
    case v1::ROBOT_KIND_FEISHU:
      return RobotKind::kFeishu;
    default:
      return RobotKind::kDingTalk;
  }
}

}  // namespace reportflow::notification
