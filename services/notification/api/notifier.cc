#include "services/notification/api/notifier.h"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "services/common/directory_client.h"
#include "services/common/log.h"
#include "services/common/proto_time.h"
#include "services/common/sha256.h"
#include "services/common/status_macros.h"
#include "services/notification/channels/robot.h"
#include "services/notification/domain/action_links.h"
#include "services/notification/domain/email.h"
#include "services/notification/domain/settings.h"
#include "services/notification/store/action_link_store.h"
#include "services/notification/store/notification_store.h"
#include "services/notification/store/settings_store.h"

namespace reportflow::notification {
namespace {

QuietWindow WindowOf(const v1::QuietHours& quiet) {
  return {quiet.start_minute(), quiet.end_minute()};
}

absl::Status SendRobotMessage(const ChannelConfig& config, Database* db,
                              const OutboxMessage& message) {
  const nlohmann::json payload = nlohmann::json::parse(message.payload, nullptr, false);
  if (!payload.is_object() || !payload.contains("robot")) {
    return absl::InvalidArgumentError("robot message: payload is not the robot JSON");
  }
  const std::string robot_id = payload.value("robot", "");
  const std::string unit = payload.value("unit", "");
  v1::Robot robot;
  bool found = false;
  RETURN_IF_ERROR(db->Transact([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(v1::UnitSettings settings, LoadUnitSettings(tx, unit, false));
    for (const v1::Robot& r : settings.robots()) {
      if (r.id() == robot_id) {
        robot = r;
        found = true;
      }
    }
    return absl::OkStatus();
  }));
  if (!found || robot.disabled()) {
    return absl::FailedPreconditionError(absl::StrCat("机器人 ", robot_id,
                                                      found ? " 已停用" : " 已删除",
                                                      "，消息未发送 (robot removed or disabled)"));
  }
  RobotTarget target;
  target.kind = ToRobotKind(robot.kind());
  target.webhook = robot.webhook();
  target.secret = robot.secret();
  target.ca_file = config.robot_ca_file;
  RobotMessage body;
  body.title = payload.value("title", "");
  body.text = payload.value("text", "");
  body.link_url = payload.value("link", "");
  body.link_text = "在审批工作台中打开";
  // Signed at sending time: 钉钉 and 飞书 refuse a timestamp an hour old.
  return PostRobot(target, body, absl::Now());
}

}  // namespace

DeliverFunction Deliverer(const ChannelConfig& config, Database* db) {
  return [config, db](const OutboxMessage& message) -> absl::Status {
    if (message.method == kPostRobot) {
      return SendRobotMessage(config, db, message);
    }
    if (message.method != kSendMail) {
      return absl::InvalidArgumentError(
          absl::StrCat("notification outbox: no route for ", message.method));
    }
    if (!config.mail.enabled()) {
      return absl::UnavailableError("邮件服务器未配置 (--smtp-host and --mail-from)");
    }
    return SendMail(config.mail.smtp, config.mail.from_address, message.subject, message.payload);
  };
}

absl::StatusOr<std::string> Notifier::MakeActionLink(Transaction& tx, absl::string_view person,
                                                     const v1::NotifyRequest& request,
                                                     absl::Time now) const {
  unsigned char random[32];
  randombytes_buf(random, sizeof(random));
  const std::string token =
      TokenFromBytes(absl::string_view(reinterpret_cast<const char*>(random), sizeof(random)));
  StoredActionLink link;
  link.token_hash = TokenHash(token);
  link.person_id = std::string(person);
  link.link.set_unit(request.unit());
  link.link.set_task(request.task());
  link.link.set_digest(request.digest());
  link.link.set_title(request.title());
  link.activate_time = FromTimestamp(request.activate_time());
  link.expire_time = now + kActionLinkLifetime;
  RETURN_IF_ERROR(InsertActionLink(tx, link, now));
  return absl::StrCat(config_.console_url, ActionLinkPath(token));
}

absl::StatusOr<int> Notifier::Record(const v1::NotifyRequest& request) const {
  // Recipients are resolved now, from the directory, outside the
  // transaction (a remote call); a repeat resolves again and inserts
  // nothing new for those already told.
  std::vector<std::string> recipients;
  std::vector<std::string> roles(request.roles().begin(), request.roles().end());
  if (!request.role().empty()) roles.insert(roles.begin(), request.role());
  for (const std::string& role : roles) {
    ASSIGN_OR_RETURN(std::vector<std::string> holders,
                     RoleHolderIds(context_.peers, request.unit(), role));
    for (std::string& holder : holders) {
      if (std::find(recipients.begin(), recipients.end(), holder) == recipients.end()) {
        recipients.push_back(std::move(holder));
      }
    }
  }
  for (const std::string& person : request.people()) {
    const std::string id = person.substr(std::string("people/").size());
    if (std::find(recipients.begin(), recipients.end(), id) != recipients.end()) continue;
    ASSIGN_OR_RETURN(bool member, HoldsAnyRole(context_.peers, id, request.unit()));
    if (member) recipients.push_back(id);  // an outsider is never told
  }
  // Addresses too are read now (outside the transaction).
  std::map<std::string, PersonContact> contacts;
  if (config_.mail.enabled()) {
    for (const std::string& recipient : recipients) {
      ASSIGN_OR_RETURN(contacts[recipient], ContactOf(context_.peers, recipient));
    }
  }
  v1::Notification notification;
  notification.set_kind(request.kind());
  notification.set_unit(request.unit());
  notification.set_subject(request.subject());
  notification.set_title(request.title());
  notification.set_text(request.text());
  notification.set_link(request.link());
  const std::string link = request.link().empty() || config_.console_url.empty()
                               ? ""
                               : absl::StrCat(config_.console_url, request.link());
  const absl::Time now = context_.now();
  int notified = 0;
  RETURN_IF_ERROR(context_.db->Transact([&](Transaction& tx) -> absl::Status {
    notified = 0;
    ASSIGN_OR_RETURN(v1::UnitSettings settings, LoadUnitSettings(tx, request.unit(), false));
    // A waiting task's mail may carry a one-step action link (一键签署).
    const bool action_links = settings.action_links() && !config_.console_url.empty() &&
                              request.kind() == v1::EVENT_KIND_TASK_ACTIVE &&
                              !request.task().empty() && request.digest().size() == 64;
    for (const std::string& recipient : recipients) {
      ASSIGN_OR_RETURN(int64_t id,
                       InsertNotification(tx, recipient, request.event(), notification, now));
      if (id == 0) continue;  // told before
      ++notified;
      auto contact = contacts.find(recipient);
      if (contact == contacts.end() || !IsMailAddress(contact->second.email)) continue;
      ASSIGN_OR_RETURN(v1::Preferences preferences, LoadPreferences(tx, recipient, false));
      if (!preferences.email_enabled()) continue;
      Email email;
      email.from_address = config_.mail.from_address;
      email.from_name = config_.mail.from_name;
      email.to_address = contact->second.email;
      email.to_name = contact->second.display_name;
      email.subject = request.title();
      std::string action;
      if (action_links) {
        ASSIGN_OR_RETURN(action, MakeActionLink(tx, recipient, request, now));
      }
      email.plain = absl::StrCat(
          contact->second.display_name, "，您好：\n\n", request.text(),
          link.empty() ? "" : absl::StrCat("\n\n打开：", link),
          action.empty() ? ""
                         : absl::StrCat("\n\n一键签署（打开后须在确认页点“确认同意”；仅限本人，"
                                        "只能使用一次，72 小时内有效）：",
                                        action),
          "\n\n（此邮件由 ReportFlow 审批工作台自动发送，请勿直接回复。）\n");
      email.html = HtmlBody(
          request.title(), {absl::StrCat(contact->second.display_name, "，您好："), request.text()},
          {{link, "在审批工作台中打开"},
           {action, "一键签署（打开后需确认，仅限本人、一次、72 小时内有效）"}});
      email.message_id = absl::StrCat("n", id, ".", recipient, "@reportflow");
      ASSIGN_OR_RETURN(std::string message, FormatEmail(email, now));
      OutgoingMessage mail{request.unit(), kSendMail, email.to_address, absl::StrCat("mail-", id),
                           message};
      mail.not_before = AfterQuietHours(WindowOf(preferences.quiet_hours()), now);
      RETURN_IF_ERROR(EnqueueMessage(tx, mail));
    }
    // The unit's groups hear of every event once per robot, whoever it
    // reached (EnqueueMessage is idempotent on the request id).
    for (const v1::Robot& robot : settings.robots()) {
      if (robot.disabled()) continue;
      const nlohmann::json payload = {{"unit", request.unit()},
                                      {"robot", robot.id()},
                                      {"title", request.title()},
                                      {"text", request.text()},
                                      {"link", link}};
      OutgoingMessage post{
          request.unit(), kPostRobot,
          absl::StrCat("units/", request.unit(), "/robots/", robot.id()),
          absl::StrCat("robot-", Sha256Hex(absl::StrCat(request.unit(), "/", robot.id(), "/",
                                                        request.event()))
                                     .substr(0, 40)),
          payload.dump()};
      post.not_before = AfterQuietHours(WindowOf(settings.quiet_hours()), now);
      RETURN_IF_ERROR(EnqueueMessage(tx, post));
    }
    return absl::OkStatus();
  }));
  return notified;
}

}  // namespace reportflow::notification
