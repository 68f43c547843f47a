#include "clients/reportctl/notify_command.h"

#include <iostream>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "reportflow/notification/v1/notification.grpc.pb.h"

namespace reportflow::reportctl {
namespace {

namespace v1 = ::reportflow::notification::v1;

template <typename Call>
int Invoke(const ClientOptions& options, Call call) {
  return CallService<v1::NotificationService>(options, options.notification_address, call);
}

std::string Beijing(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(time.seconds()),
                          absl::FixedTimeZone(8 * 3600));
}

std::string SettingsName(const std::string& unit) {
  return absl::StrCat(absl::StartsWith(unit, "units/") ? unit : "units/" + unit,
                      "/notificationSettings");
}

const char* RobotKindText(v1::RobotKind kind) {
  switch (kind) {
    case v1::ROBOT_KIND_DINGTALK:
      return "钉钉";
    case v1::ROBOT_KIND_WECOM:
      return "企业微信";
    case v1::ROBOT_KIND_FEISHU:
      return "飞书";
    default:
      return "未知";
  }
}

std::string Minute(int minute) { return absl::StrFormat("%02d:%02d", minute / 60, minute % 60); }

std::string QuietText(const v1::QuietHours& quiet) {
  if (quiet.start_minute() == quiet.end_minute()) return "无";
  return absl::StrCat(Minute(quiet.start_minute()), "–", Minute(quiet.end_minute()));
}

// "HH:MM-HH:MM" (or "none"); false when malformed.
bool ParseQuiet(const std::string& text, v1::QuietHours* quiet) {
  if (text == "none" || text == "无") {
    quiet->set_start_minute(0);
    quiet->set_end_minute(0);
    return true;
  }
  std::vector<std::string> ends = absl::StrSplit(text, '-');
  if (ends.size() != 2) return false;
  int minutes[2];
  for (int i = 0; i < 2; ++i) {
    std::vector<std::string> hm = absl::StrSplit(ends[i], ':');
    int h = 0, m = 0;
    if (hm.size() != 2 || !absl::SimpleAtoi(hm[0], &h) || !absl::SimpleAtoi(hm[1], &m) || h < 0 ||
        h > 23 || m < 0 || m > 59) {
      return false;
    }
    minutes[i] = h * 60 + m;
  }
  quiet->set_start_minute(minutes[0]);
  quiet->set_end_minute(minutes[1]);
  return true;
}

void PrintSettings(const v1::UnitSettings& settings) {
  std::cout << settings.name() << "\n"
            << "  提醒：待办等待 " << settings.remind_after_working_days()
            << " 个工作日提醒办理人，" << settings.escalate_after_working_days()
            << " 个工作日提请单位负责人督办\n"
            << "  机器人免打扰时段：" << QuietText(settings.quiet_hours()) << "\n"
            << "  一键签署链接：" << (settings.action_links() ? "开启" : "关闭") << "\n"
            << "  群机器人（" << settings.robots_size() << "）：\n";
  for (const v1::Robot& robot : settings.robots()) {
    std::cout << "    " << robot.id() << "  " << RobotKindText(robot.kind()) << "  "
              << robot.webhook_host() << (robot.has_secret() ? "  已设签名密钥" : "")
              << (robot.disabled() ? "  已停用" : "") << "\n";
  }
}

// Reads the settings, lets `change` edit them, and writes back the fields
// `paths` with the etag read.
int UpdateSettings(const ClientOptions& options, const std::string& unit,
                   const std::vector<std::string>& paths,
                   const std::function<bool(v1::UnitSettings&)>& change) {
  v1::GetUnitSettingsRequest get;
  get.set_name(SettingsName(unit));
  v1::UnitSettings settings;
  int code = Invoke(options, [&](auto& stub, auto& context) {
    return stub.GetUnitSettings(&context, get, &settings);
  });
  if (code != 0) return code;
  if (!change(settings)) return 1;
  v1::UpdateUnitSettingsRequest update;
  *update.mutable_settings() = settings;
  for (const std::string& path : paths) update.mutable_update_mask()->add_paths(path);
  v1::UnitSettings updated;
  code = Invoke(options, [&](auto& stub, auto& context) {
    return stub.UpdateUnitSettings(&context, update, &updated);
  });
  if (code != 0) return code;
  if (options.json) {
    PrintJson(updated);
  } else {
    std::cout << "已保存。\n";
    PrintSettings(updated);
  }
  return 0;
}

// A file's content without its trailing line break; "" and a message when
// it cannot be read.
bool ReadSecretFile(const std::string& path, std::string* out) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) {
    std::cerr << "reportctl: 无法读取 " << path << "\n";
    return false;
  }
  *out = *text;
  while (!out->empty() && (out->back() == '\n' || out->back() == '\r')) out->pop_back();
  return true;
}

struct RobotArgs {
  std::string unit, id, kind, webhook_file, secret_file;
  bool disable = false;
};

}  // namespace

void AddNotifyCommands(CLI::App& app, const ClientOptions& options, int& exit_code) {
  CLI::App* notify = app.add_subcommand(
      "notify", "通知：我的通知、单位的群机器人与提醒设置、我的通知偏好、投递记录");
  notify->require_subcommand(1);

  auto unread_only = std::make_shared<bool>(false);
  CLI::App* list = notify->add_subcommand("list", "列出我的通知（新的在前）");
  list->add_flag("--unread", *unread_only, "只看未读");
  list->callback([unread_only, &options, &exit_code] {
    v1::ListNotificationsRequest request;
    request.set_unread_only(*unread_only);
    request.set_page_size(50);
    v1::ListNotificationsResponse response;
    exit_code = Invoke(options, [&](auto& stub, auto& context) {
      return stub.ListNotifications(&context, request, &response);
    });
    if (exit_code != 0) return;
    if (options.json) return PrintJson(response);
    std::cout << "未读 " << response.unread_count() << " 条\n";
    for (const v1::Notification& n : response.notifications()) {
      std::cout << n.name() << "  " << Beijing(n.create_time())
                << (n.has_read_time() ? "" : "  未读") << "\n  " << n.title() << "\n  " << n.text()
                << "\n";
    }
  });

  auto read_name = std::make_shared<std::string>();
  CLI::App* read = notify->add_subcommand("read", "将一条通知标为已读");
  read->add_option("NOTIFICATION", *read_name, "如 notifications/12")->required();
  read->callback([read_name, &options, &exit_code] {
    v1::MarkNotificationReadRequest request;
    request.set_name(*read_name);
    v1::Notification response;
    exit_code = Invoke(options, [&](auto& stub, auto& context) {
      return stub.MarkNotificationRead(&context, request, &response);
    });
    if (exit_code == 0 && !options.json) std::cout << "已读：" << response.title() << "\n";
    if (exit_code == 0 && options.json) PrintJson(response);
  });

  auto settings_unit = std::make_shared<std::string>();
  CLI::App* settings = notify->add_subcommand(
      "settings", "查看单位的通知设置（管理员或单位负责人）：群机器人、提醒天数、免打扰时段");
  settings->add_option("UNIT", *settings_unit, "单位，如 jinkouhe-gov-office")->required();
  settings->callback([settings_unit, &options, &exit_code] {
    v1::GetUnitSettingsRequest request;
    request.set_name(SettingsName(*settings_unit));
    v1::UnitSettings response;
    exit_code = Invoke(options, [&](auto& stub, auto& context) {
      return stub.GetUnitSettings(&context, request, &response);
    });
    if (exit_code != 0) return;
    if (options.json) return PrintJson(response);
    PrintSettings(response);
  });

  CLI::App* robot = notify->add_subcommand("robot", "单位的群机器人（钉钉、企业微信、飞书）");
  robot->require_subcommand(1);
  auto robot_args = std::make_shared<RobotArgs>();
  CLI::App* robot_set = robot->add_subcommand(
      "set", "添加或修改一个群机器人；webhook 与签名密钥从文件读取（其中含机器人的密钥）");
  robot_set->add_option("UNIT", robot_args->unit, "单位")->required();
  robot_set->add_option("ID", robot_args->id, "机器人标识，小写字母、数字或连字符")->required();
  robot_set
      ->add_option("--kind", robot_args->kind,
                   "dingtalk（钉钉）、wecom（企业微信）、feishu（飞书）")
      ->required()
      ->check(CLI::IsMember({"dingtalk", "wecom", "feishu"}));
  robot_set->add_option("--webhook-file", robot_args->webhook_file,
                        "存放 webhook 地址的文件（新机器人必填）");
  robot_set->add_option("--secret-file", robot_args->secret_file,
                        "存放签名密钥的文件（钉钉“加签”、飞书“签名校验”）");
  robot_set->add_flag("--disable", robot_args->disable, "停用（保留设置，不再发送）");
  robot_set->callback([robot_args, &options, &exit_code] {
    v1::Robot given;
    given.set_id(robot_args->id);
    given.set_kind(robot_args->kind == "dingtalk" ? v1::ROBOT_KIND_DINGTALK
                   : robot_args->kind == "wecom"  ? v1::ROBOT_KIND_WECOM
                                                  : v1::ROBOT_KIND_FEISHU);
    given.set_disabled(robot_args->disable);
    std::string text;
    if (!robot_args->webhook_file.empty()) {
      if (!ReadSecretFile(robot_args->webhook_file, &text)) {
        exit_code = 2;
        return;
      }
      given.set_webhook(text);
    }
    if (!robot_args->secret_file.empty()) {
      if (!ReadSecretFile(robot_args->secret_file, &text)) {
        exit_code = 2;
        return;
      }
      given.set_secret(text);
    }
    exit_code = UpdateSettings(options, robot_args->unit, {"robots"}, [&](v1::UnitSettings& s) {
      bool replaced = false;
      for (v1::Robot& robot : *s.mutable_robots()) {
        if (robot.id() == given.id()) {
          robot = given;
          replaced = true;
        }
      }
      if (!replaced) *s.add_robots() = given;
      return true;
    });
  });
  auto remove_args = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* robot_remove = robot->add_subcommand("remove", "删除一个群机器人");
  robot_remove->add_option("UNIT", remove_args->first, "单位")->required();
  robot_remove->add_option("ID", remove_args->second, "机器人标识")->required();
  robot_remove->callback([remove_args, &options, &exit_code] {
    exit_code = UpdateSettings(options, remove_args->first, {"robots"}, [&](v1::UnitSettings& s) {
      auto* robots = s.mutable_robots();
      for (int i = 0; i < robots->size(); ++i) {
        if (robots->Get(i).id() == remove_args->second) {
          robots->DeleteSubrange(i, 1);
          return true;
        }
      }
      std::cerr << "单位没有机器人 " << remove_args->second << "\n";
      return false;
    });
  });

  struct ReminderArgs {
    std::string unit;
    int remind = 0, escalate = 0;
  };
  auto reminder_args = std::make_shared<ReminderArgs>();
  CLI::App* reminders = notify->add_subcommand(
      "reminders", "设置催办天数：待办等待几个工作日提醒办理人、几个工作日提请单位负责人督办");
  reminders->add_option("UNIT", reminder_args->unit, "单位")->required();
  reminders->add_option("--remind-days", reminder_args->remind, "提醒的工作日数（1–30）")
      ->required();
  reminders
      ->add_option("--escalate-days", reminder_args->escalate, "督办的工作日数（大于提醒天数）")
      ->required();
  reminders->callback([reminder_args, &options, &exit_code] {
    exit_code = UpdateSettings(options, reminder_args->unit,
                               {"remind_after_working_days", "escalate_after_working_days"},
                               [&](v1::UnitSettings& s) {
                                 s.set_remind_after_working_days(reminder_args->remind);
                                 s.set_escalate_after_working_days(reminder_args->escalate);
                                 return true;
                               });
  });

  auto quiet_args = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* quiet = notify->add_subcommand(
      "quiet", "设置单位群机器人的免打扰时段（北京时间，如 22:00-07:30；none 取消）");
  quiet->add_option("UNIT", quiet_args->first, "单位")->required();
  quiet->add_option("HOURS", quiet_args->second, "如 22:00-07:30")->required();
  quiet->callback([quiet_args, &options, &exit_code] {
    exit_code =
        UpdateSettings(options, quiet_args->first, {"quiet_hours"}, [&](v1::UnitSettings& s) {
          if (!ParseQuiet(quiet_args->second, s.mutable_quiet_hours())) {
            std::cerr << "HOURS: 应为 HH:MM-HH:MM，如 22:00-07:30，或 none\n";
            return false;
          }
          return true;
        });
  });

  auto links_args = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* links = notify->add_subcommand(
      "action-links",
      "开启或关闭待办邮件中的一键签署链接（仅限本人、一次、72 小时内有效，须在确认页确认）");
  links->add_option("UNIT", links_args->first, "单位")->required();
  links->add_option("SWITCH", links_args->second, "on 或 off")
      ->required()
      ->check(CLI::IsMember({"on", "off"}));
  links->callback([links_args, &options, &exit_code] {
    exit_code =
        UpdateSettings(options, links_args->first, {"action_links"}, [&](v1::UnitSettings& s) {
          s.set_action_links(links_args->second == "on");
          return true;
        });
  });

  struct PreferenceArgs {
    std::string email, quiet;
  };
  auto preference_args = std::make_shared<PreferenceArgs>();
  CLI::App* preferences = notify->add_subcommand("preferences", "查看或修改我的通知偏好");
  preferences->add_option("--email", preference_args->email, "邮件通知：on 或 off")
      ->check(CLI::IsMember({"on", "off"}));
  preferences->add_option("--quiet", preference_args->quiet,
                          "邮件免打扰时段（北京时间，如 22:00-07:30；none 取消）");
  preferences->callback([preference_args, &options, &exit_code] {
    v1::GetPreferencesRequest get;
    get.set_name("people/me/notificationPreferences");
    v1::Preferences current;
    exit_code = Invoke(options, [&](auto& stub, auto& context) {
      return stub.GetPreferences(&context, get, &current);
    });
    if (exit_code != 0) return;
    if (!preference_args->email.empty() || !preference_args->quiet.empty()) {
      v1::UpdatePreferencesRequest update;
      *update.mutable_preferences() = current;
      if (!preference_args->email.empty()) {
        update.mutable_preferences()->set_email_enabled(preference_args->email == "on");
        update.mutable_update_mask()->add_paths("email_enabled");
      }
      if (!preference_args->quiet.empty()) {
        if (!ParseQuiet(preference_args->quiet,
                        update.mutable_preferences()->mutable_quiet_hours())) {
          std::cerr << "--quiet: 应为 HH:MM-HH:MM，如 22:00-07:30，或 none\n";
          exit_code = 2;
          return;
        }
        update.mutable_update_mask()->add_paths("quiet_hours");
      }
      exit_code = Invoke(options, [&](auto& stub, auto& context) {
        return stub.UpdatePreferences(&context, update, &current);
      });
      if (exit_code != 0) return;
    }
    if (options.json) return PrintJson(current);
    std::cout << "邮件通知：" << (current.email_enabled() ? "开" : "关") << "  邮件免打扰时段："
              << QuietText(current.quiet_hours()) << "\n";
  });

  auto failed_only = std::make_shared<bool>(false);
  CLI::App* deliveries = notify->add_subcommand(
      "deliveries", "邮件与群机器人的投递记录：发给谁、状态、尝试次数与最近一次错误");
  deliveries->add_flag("--failed", *failed_only, "只看失败重试中的");
  deliveries->callback([failed_only, &options, &exit_code] {
    v1::ListDeliveriesRequest request;
    request.set_page_size(100);
    if (*failed_only) request.set_state(type::v1::DELIVERY_STATE_FAILED_RETRYING);
    // Every page (oldest first), at most 100 pages.
    v1::ListDeliveriesResponse response;
    for (int page = 0; page < 100; ++page) {
      v1::ListDeliveriesResponse one;
      exit_code = Invoke(options, [&](auto& stub, auto& context) {
        return stub.ListDeliveries(&context, request, &one);
      });
      if (exit_code != 0) return;
      response.mutable_deliveries()->MergeFrom(one.deliveries());
      request.set_page_token(one.next_page_token());
      if (request.page_token().empty()) break;
    }
    if (options.json) return PrintJson(response);
    std::cout << "投递 " << response.deliveries_size() << " 条\n";
    for (const type::v1::Delivery& d : response.deliveries()) {
      std::cout << d.name() << "  " << (d.method() == "smtp" ? "邮件" : "群机器人") << "  "
                << d.subject() << "  " << type::v1::DeliveryState_Name(d.state()).substr(15)
                << "  尝试 " << d.attempts() << " 次";
      if (!d.last_error().empty()) std::cout << "  最近错误：" << d.last_error();
      std::cout << "\n";
    }
  });
}

}  // namespace reportflow::reportctl
