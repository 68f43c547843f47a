#include "services/notification/api/notification_service.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/outbox.h"
#include "services/common/paging.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/text_rules.h"
#include "services/notification/domain/notify_rules.h"
#include "services/notification/domain/settings.h"
#include "services/notification/store/notification_store.h"
#include "services/notification/store/settings_store.h"

namespace reportflow::notification {
namespace {

bool IsSendingService(const Caller& caller) {
  return caller.IsService("review") || caller.IsService("drafting") ||
         caller.IsService("publication");
}

// The person a signed-in caller is: services and bootstrap tokens have no
// notifications of their own.
absl::Status RequirePerson(const Caller& caller) {
  const bool service = std::any_of(caller.roles.begin(), caller.roles.end(), [](const auto& r) {
    return absl::StartsWith(r, kServiceRolePrefix);
  });
  if (caller.user_id.empty() || service) {
    return absl::PermissionDeniedError("通知只属于登录的人员 (notifications belong to people)");
  }
  return absl::OkStatus();
}

// "units/{unit}/notificationSettings" → the unit, which the caller must
// administer or head: NOT_FOUND outside the unit (like a missing one),
// PERMISSION_DENIED inside it without the role.
absl::StatusOr<std::string> SettingsUnit(const Caller& caller, absl::string_view name,
                                         absl::string_view field) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseResourceName(name, "units/{unit}/notificationSettings", field));
  RETURN_IF_ERROR(ValidateUnitId(field, ids[0]));
  if (!caller.InUnit(ids[0])) {
    return absl::NotFoundError(absl::StrCat("单位 ", ids[0], " 不存在 (unit not found)"));
  }
  if (!caller.HasRoleIn(kRoleAdmin, ids[0]) && !caller.HasRoleIn(kRoleUnitHead, ids[0])) {
    return absl::PermissionDeniedError(
        "通知设置需要本单位的管理员或单位负责人角色 (requires role admin or unit_head)");
  }
  return ids[0];
}

// The settings as answered: webhooks and secrets never leave the server.
v1::UnitSettings Public(v1::UnitSettings settings) {
  for (v1::Robot& robot : *settings.mutable_robots()) {
    robot.set_webhook_host(WebhookHost(robot.webhook()));
    robot.set_has_secret(!robot.secret().empty());
    robot.clear_webhook();
    robot.clear_secret();
  }
  return settings;
}

// "people/{person}/notificationPreferences" of the caller only (`me` names
// the caller); another person's is NOT_FOUND.
absl::Status OwnPreferences(const Caller& caller, absl::string_view name, absl::string_view field) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseResourceName(name, "people/{person}/notificationPreferences", field));
  if (ids[0] != caller.user_id && ids[0] != "me") {
    return absl::NotFoundError(
        absl::StrCat(field, ": 只能查看与修改自己的通知偏好 (only your own preferences)"));
  }
  return absl::OkStatus();
}

absl::Status CheckEtag(absl::string_view given, absl::string_view stored) {
  if (!given.empty() && given != stored) {
    return absl::AbortedError(
        "etag: 设置已被他人修改，请刷新后重试 (stale etag: read the settings again)");
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status NotificationServiceImpl::Notify(grpc::ServerContext* context,
                                             const v1::NotifyRequest* request,
                                             v1::NotifyResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    if (!IsSendingService(caller)) {
      return absl::PermissionDeniedError(
          "Notify 只接受审校、起草与发布服务的调用 (service callers only)");
    }
    RETURN_IF_ERROR(ValidateNotify(*request));
    ASSIGN_OR_RETURN(int notified, notifier_.Record(*request));
    response->set_notified(notified);
    return absl::OkStatus();
  });
}

grpc::Status NotificationServiceImpl::ListNotifications(grpc::ServerContext* context,
                                                        const v1::ListNotificationsRequest* request,
                                                        v1::ListNotificationsResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    RETURN_IF_ERROR(RequirePerson(caller));
    ASSIGN_OR_RETURN(int page_size, PageSize(request->page_size(), 100));
    ASSIGN_OR_RETURN(int64_t before, NumberToken(request->page_token(), 1));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      ASSIGN_OR_RETURN(auto rows, ListNotificationsOf(tx, caller.user_id, request->unread_only(),
                                                      before, page_size));
      for (const auto& row : PageOf(rows, page_size)) *response->add_notifications() = row.second;
      response->set_next_page_token(
          NextPageToken(rows, page_size, [](const auto& row) { return absl::StrCat(row.first); }));
      ASSIGN_OR_RETURN(int64_t unread, CountUnread(tx, caller.user_id));
      response->set_unread_count(static_cast<int32_t>(unread));
      return absl::OkStatus();
    });
  });
}

grpc::Status NotificationServiceImpl::MarkNotificationRead(
    grpc::ServerContext* context, const v1::MarkNotificationReadRequest* request,
    v1::Notification* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    RETURN_IF_ERROR(RequirePerson(caller));
    absl::string_view id_text = request->name();
    int64_t id = 0;
    if (!absl::ConsumePrefix(&id_text, "notifications/") || !absl::SimpleAtoi(id_text, &id) ||
        id <= 0) {
      return absl::InvalidArgumentError("name: 须为 notifications/{id} (notifications/{id})");
    }
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(std::optional<v1::Notification> read,
                       MarkRead(tx, caller.user_id, id, context_.now()));
      if (!read.has_value()) {
        return absl::NotFoundError(absl::StrCat("通知 ", request->name(), " 不存在 (not found)"));
      }
      *response = *std::move(read);
      return absl::OkStatus();
    });
  });
}

grpc::Status NotificationServiceImpl::GetUnitSettings(grpc::ServerContext* context,
                                                      const v1::GetUnitSettingsRequest* request,
                                                      v1::UnitSettings* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::string unit, SettingsUnit(caller, request->name(), "name"));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(v1::UnitSettings settings, LoadUnitSettings(tx, unit, false));
      *response = Public(std::move(settings));
      return absl::OkStatus();
    });
  });
}

grpc::Status NotificationServiceImpl::UpdateUnitSettings(
    grpc::ServerContext* context, const v1::UpdateUnitSettingsRequest* request,
    v1::UnitSettings* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    ASSIGN_OR_RETURN(std::string unit,
                     SettingsUnit(caller, request->settings().name(), "settings.name"));
    const std::vector<std::string> paths(request->update_mask().paths().begin(),
                                         request->update_mask().paths().end());
    const auto has = [&](absl::string_view path) {
      return std::find(paths.begin(), paths.end(), path) != paths.end();
    };
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(v1::UnitSettings stored, LoadUnitSettings(tx, unit, true));
      RETURN_IF_ERROR(CheckEtag(request->settings().etag(), stored.etag()));
      // The stored settings with the masked fields of the request.
      v1::UnitSettings merged = stored;
      const v1::UnitSettings& given = request->settings();
      if (has("remind_after_working_days")) {
        merged.set_remind_after_working_days(given.remind_after_working_days());
      }
      if (has("escalate_after_working_days")) {
        merged.set_escalate_after_working_days(given.escalate_after_working_days());
      }
      if (has("quiet_hours")) *merged.mutable_quiet_hours() = given.quiet_hours();
      if (has("action_links")) merged.set_action_links(given.action_links());
      if (has("robots")) {
        merged.clear_robots();
        for (const v1::Robot& robot : given.robots()) {
          v1::Robot* kept = merged.add_robots();
          *kept = robot;
          kept->clear_webhook_host();
          kept->clear_has_secret();
          for (const v1::Robot& old : stored.robots()) {
            if (old.id() != robot.id() || old.kind() != robot.kind()) continue;
            if (robot.webhook().empty()) kept->set_webhook(old.webhook());
            if (robot.secret().empty()) kept->set_secret(old.secret());
          }
        }
      }
      // Checked as merged (one day count may come from what is stored),
      // with the robots as given (only new ones need webhooks).
      const std::vector<v1::Robot> stored_robots(stored.robots().begin(), stored.robots().end());
      v1::UnitSettings checked = merged;
      if (has("robots")) *checked.mutable_robots() = given.robots();
      RETURN_IF_ERROR(ValidateUnitSettings(checked, paths, stored_robots,
                                           notifier_.config().allow_loopback_webhooks));
      RETURN_IF_ERROR(SaveUnitSettings(tx, unit, merged, context_.now()));
      ASSIGN_OR_RETURN(v1::UnitSettings saved, LoadUnitSettings(tx, unit, false));
      *response = Public(std::move(saved));
      return absl::OkStatus();
    });
  });
}

grpc::Status NotificationServiceImpl::GetPreferences(grpc::ServerContext* context,
                                                     const v1::GetPreferencesRequest* request,
                                                     v1::Preferences* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    RETURN_IF_ERROR(RequirePerson(caller));
    RETURN_IF_ERROR(OwnPreferences(caller, request->name(), "name"));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(*response, LoadPreferences(tx, caller.user_id, false));
      return absl::OkStatus();
    });
  });
}

grpc::Status NotificationServiceImpl::UpdatePreferences(grpc::ServerContext* context,
                                                        const v1::UpdatePreferencesRequest* request,
                                                        v1::Preferences* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    RETURN_IF_ERROR(RequirePerson(caller));
    RETURN_IF_ERROR(OwnPreferences(caller, request->preferences().name(), "preferences.name"));
    if (request->update_mask().paths().empty()) {
      return absl::InvalidArgumentError("update_mask: 必填，列出要更新的字段 (required)");
    }
    for (const std::string& path : request->update_mask().paths()) {
      if (path != "email_enabled" && path != "quiet_hours") {
        return absl::InvalidArgumentError(absl::StrCat("update_mask: 不能更新 ", QuoteInput(path),
                                                       " (only email_enabled, quiet_hours)"));
      }
    }
    RETURN_IF_ERROR(
        ValidateQuietHours(request->preferences().quiet_hours(), "preferences.quiet_hours"));
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(v1::Preferences stored, LoadPreferences(tx, caller.user_id, true));
      RETURN_IF_ERROR(CheckEtag(request->preferences().etag(), stored.etag()));
      for (const std::string& path : request->update_mask().paths()) {
        if (path == "email_enabled") {
          stored.set_email_enabled(request->preferences().email_enabled());
        } else {
          *stored.mutable_quiet_hours() = request->preferences().quiet_hours();
        }
      }
      RETURN_IF_ERROR(SavePreferences(tx, caller.user_id, stored));
      ASSIGN_OR_RETURN(*response, LoadPreferences(tx, caller.user_id, false));
      return absl::OkStatus();
    });
  });
}

grpc::Status NotificationServiceImpl::ListDeliveries(grpc::ServerContext* context,
                                                     const v1::ListDeliveriesRequest* request,
                                                     v1::ListDeliveriesResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    return ListDeliveriesInto(*context_.db, caller.Units(), *request, response);
  });
}

}  // namespace reportflow::notification
