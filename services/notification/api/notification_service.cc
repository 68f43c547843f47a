#include "services/notification/api/notification_service.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/directory_client.h"
#include "services/common/outbox.h"
#include "services/common/paging.h"
#include "services/common/status_macros.h"
#include "services/notification/domain/email.h"
#include "services/notification/domain/notify_rules.h"
#include "services/notification/store/notification_store.h"

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

}  // namespace

DeliverFunction MailDeliverer(const MailConfig& mail) {
  return [mail](const OutboxMessage& message) -> absl::Status {
    if (message.method != kSendMail) {
      return absl::InvalidArgumentError(
          absl::StrCat("notification outbox: no route for ", message.method));
    }
    if (!mail.enabled()) {
      return absl::UnavailableError("邮件服务器未配置 (--smtp-host and --mail-from)");
    }
    return SendMail(mail.smtp, mail.from_address, message.subject, message.payload);
  };
}

grpc::Status NotificationServiceImpl::Notify(grpc::ServerContext* context,
                                             const v1::NotifyRequest* request,
                                             v1::NotifyResponse* response) {
  return context_.Handle(context, [&](const Caller& caller) -> absl::Status {
    if (!IsSendingService(caller)) {
      return absl::PermissionDeniedError(
          "Notify 只接受审校、起草与发布服务的调用 (service callers only)");
    }
    RETURN_IF_ERROR(ValidateNotify(*request));
    // Recipients are resolved now, from the directory, outside the
    // transaction (a remote call); a repeat resolves again and inserts
    // nothing new for those already told.
    std::vector<std::string> recipients;
    if (!request->role().empty()) {
      ASSIGN_OR_RETURN(recipients, RoleHolderIds(context_.peers, request->unit(), request->role()));
    }
    for (const std::string& person : request->people()) {
      const std::string id = person.substr(std::string("people/").size());
      if (std::find(recipients.begin(), recipients.end(), id) != recipients.end()) continue;
      ASSIGN_OR_RETURN(bool member, HoldsAnyRole(context_.peers, id, request->unit()));
      if (member) recipients.push_back(id);  // an outsider is never told
    }
    // Addresses too are read now (outside the transaction).
    std::map<std::string, PersonContact> contacts;
    if (mail_.enabled()) {
      for (const std::string& recipient : recipients) {
        ASSIGN_OR_RETURN(contacts[recipient], ContactOf(context_.peers, recipient));
      }
    }
    v1::Notification notification;
    notification.set_kind(request->kind());
    notification.set_unit(request->unit());
    notification.set_subject(request->subject());
    notification.set_title(request->title());
    notification.set_text(request->text());
    notification.set_link(request->link());
    const absl::Time now = context_.now();
    return context_.db->Transact([&](Transaction& tx) -> absl::Status {
      response->Clear();
      for (const std::string& recipient : recipients) {
        ASSIGN_OR_RETURN(int64_t id,
                         InsertNotification(tx, recipient, request->event(), notification, now));
        if (id == 0) continue;  // told before
        response->set_notified(response->notified() + 1);
        auto contact = contacts.find(recipient);
        if (contact == contacts.end() || !IsMailAddress(contact->second.email)) continue;
        Email email;
        email.from_address = mail_.from_address;
        email.from_name = mail_.from_name;
        email.to_address = contact->second.email;
        email.to_name = contact->second.display_name;
        email.subject = request->title();
        const std::string link =
            request->link().empty() ? "" : absl::StrCat(mail_.console_url, request->link());
        email.plain =
            absl::StrCat(contact->second.display_name, "，您好：\n\n", request->text(),
                         link.empty() ? "" : absl::StrCat("\n\n打开：", link),
                         "\n\n（此邮件由 ReportFlow 审批工作台自动发送，请勿直接回复。）\n");
        email.html =
            HtmlBody(request->title(),
                     {absl::StrCat(contact->second.display_name, "，您好："), request->text()},
                     link, "在审批工作台中打开");
        email.message_id = absl::StrCat("n", id, ".", recipient, "@reportflow");
        ASSIGN_OR_RETURN(std::string message, FormatEmail(email, now));
        RETURN_IF_ERROR(EnqueueMessage(tx, {request->unit(), kSendMail, email.to_address,
                                            absl::StrCat("mail-", id), message}));
      }
      return absl::OkStatus();
    });
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

}  // namespace reportflow::notification
