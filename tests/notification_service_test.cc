// The notification service on the test MariaDB with the real identity
// service in-process: recipients come from the directory at Notify time
// (holders of the role; named people only if they belong to the unit), an
// event notifies each person once however often it is sent, only the
// services may send, and each person reads and marks only their own.
#include "services/notification/api/notification_service.h"

#include <dirent.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "embedded/identity_migrations.h"
#include "embedded/notification_migrations.h"
#include "gtest/gtest.h"
#include "reportflow/identity/v1/identity.grpc.pb.h"
#include "reportflow/notification/v1/notification.grpc.pb.h"
#include "services/common/disclosure_deadline.h"
#include "services/common/outbox.h"
#include "services/common/status_macros.h"
#include "services/common/status_matchers.h"
#include "tests/support/identity_server.h"
#include "tests/support/in_process.h"
#include "tests/support/process.h"
#include "tests/support/query_plan.h"
#include "tests/support/test_db.h"

namespace reportflow {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::TestSchema;
using Code = grpc::StatusCode;
namespace nv1 = notification::v1;

class NotificationServiceTest : public ::testing::Test, protected testing::InProcessServers {
 protected:
  void SetUp() override {
    for (auto* schema : {&identity_schema_, &notification_schema_}) {
      absl::StatusOr<std::unique_ptr<TestSchema>> created = TestSchema::Create();
      ASSERT_THAT(created, IsOk());
      *schema = *std::move(created);
    }
    identity_db_ = testing::OpenMigrated(*identity_schema_, identity::Migrations());
    notification_db_ = testing::OpenMigrated(*notification_schema_, notification::Migrations());
    identity_server_ = testing::StartIdentityServer(*this, identity_db_.get());
    PeerConfig peers;
    peers.identity_address = absl::StrCat("127.0.0.1:", identity_server_->port());
    peers.service_token_file = dir_.WriteFile(
        "svc.token",
        Token("svc-notification", "notification-server", {"service:notification"}, {}));
    server_ = Start("notification", [&, peers](const CallerRegistry& callers) {
      ServiceContext context;
      context.db = notification_db_.get();
      context.callers = &callers;
      context.peers = peers;
      std::vector<std::unique_ptr<grpc::Service>> services;
      services.push_back(
          std::make_unique<notification::NotificationServiceImpl>(context, channels_));
      return services;
    });
    stub_ = nv1::NotificationService::NewStub(Channel(*server_));
    Seed();
  }

  void Seed() {
    testing::SeedDirectory(*this, *identity_server_,
                           {{"jinkouhe-gov-office", "jinkouhe-gov-office", ""},
                            {"shizhong-gov-office", "shizhong-gov-office", ""}},
                           {{"u-zhangwei", "u-zhangwei", "jinkouhe-gov-office", "drafter", ""},
                            {"u-wangqiang", "王强", "jinkouhe-gov-office", "review_1",
                             "wangqiang@jinkouhe.example.gov.cn"},
                            {"u-outsider", "u-outsider", "shizhong-gov-office", "drafter", ""}});
  }

  std::unique_ptr<grpc::ClientContext> Review() {
    return As("svc-review", "review-server", {"service:review"}, {});
  }
  std::unique_ptr<grpc::ClientContext> Person(const std::string& id) {
    return As(id, id, {"drafter"}, {"jinkouhe-gov-office"});
  }
  static nv1::NotifyRequest Event() {
    nv1::NotifyRequest request;
    request.set_event("n-3-review-1-1764554400123456");
    request.set_kind(nv1::EVENT_KIND_TASK_ACTIVE);
    request.set_unit("jinkouhe-gov-office");
    request.set_subject("reports/r-1/versions/2");
    request.set_role("review_1");
    request.add_people("people/u-zhangwei");
    request.add_people("people/u-outsider");  // not of the unit: never told
    request.set_title("待审校：2024年度部门决算（第 2 版，初审）");
    request.set_text("第 2 版等待初审签署。");
    request.set_link("/reviews/3");
    return request;
  }
  nv1::ListNotificationsResponse List(const std::string& person) {
    nv1::ListNotificationsResponse response;
    grpc::Status status =
        stub_->ListNotifications(Person(person).get(), nv1::ListNotificationsRequest(), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  testing::TempDir dir_;
  notification::ChannelConfig channels_;  // no e-mail unless a test sets it before SetUp
  notification::MailConfig& mail_ = channels_.mail;
  std::unique_ptr<TestSchema> identity_schema_, notification_schema_;
  std::unique_ptr<Database> identity_db_, notification_db_;
  std::unique_ptr<RunningServer> identity_server_, server_;
  std::unique_ptr<nv1::NotificationService::Stub> stub_;
};

TEST_F(NotificationServiceTest, TheRoleHoldersAndTheUnitsPeopleAreToldOnceOutsidersNever) {
  nv1::NotifyResponse response;
  grpc::Status status = stub_->Notify(Review().get(), Event(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.notified(), 2) << "王强 (review_1) and 张伟 (named, of the unit)";
  ASSERT_TRUE(stub_->Notify(Review().get(), Event(), &response).ok());
  EXPECT_EQ(response.notified(), 0) << "the same event again notifies nobody twice";

  nv1::ListNotificationsResponse wang = List("u-wangqiang");
  ASSERT_EQ(wang.notifications_size(), 1);
  EXPECT_EQ(wang.unread_count(), 1);
  EXPECT_EQ(wang.notifications(0).title(), "待审校：2024年度部门决算（第 2 版，初审）");
  EXPECT_EQ(wang.notifications(0).link(), "/reviews/3");
  EXPECT_EQ(wang.notifications(0).kind(), nv1::EVENT_KIND_TASK_ACTIVE);
  EXPECT_EQ(List("u-zhangwei").notifications_size(), 1);
  EXPECT_EQ(List("u-outsider").notifications_size(), 0) << "a person outside the unit";

  // Each person marks only their own; another's is NOT_FOUND.
  nv1::MarkNotificationReadRequest mark;
  mark.set_name(wang.notifications(0).name());
  nv1::Notification read;
  EXPECT_EQ(stub_->MarkNotificationRead(Person("u-zhangwei").get(), mark, &read).error_code(),
            Code::NOT_FOUND);
  ASSERT_TRUE(stub_->MarkNotificationRead(Person("u-wangqiang").get(), mark, &read).ok());
  EXPECT_TRUE(read.has_read_time());
  EXPECT_EQ(List("u-wangqiang").unread_count(), 0);
  EXPECT_EQ(List("u-zhangwei").unread_count(), 1);
  ASSERT_TRUE(stub_->MarkNotificationRead(Person("u-wangqiang").get(), mark, &read).ok())
      << "marking twice is harmless";
  mark.set_name("notifications/abc");
  EXPECT_EQ(stub_->MarkNotificationRead(Person("u-wangqiang").get(), mark, &read).error_code(),
            Code::INVALID_ARGUMENT);
}

TEST_F(NotificationServiceTest, OnlyTheServicesSendAndABadEventNamesItsField) {
  nv1::NotifyResponse response;
  EXPECT_EQ(stub_->Notify(Person("u-zhangwei").get(), Event(), &response).error_code(),
            Code::PERMISSION_DENIED);
  EXPECT_EQ(stub_
                ->Notify(As("svc-identity", "identity-server", {"service:identity"}, {}).get(),
                         Event(), &response)
                .error_code(),
            Code::PERMISSION_DENIED);
  nv1::NotifyRequest bad = Event();
  bad.set_link("https://evil.example/");
  grpc::Status refused = stub_->Notify(Review().get(), bad, &response);
  EXPECT_EQ(refused.error_code(), Code::INVALID_ARGUMENT);
  EXPECT_EQ(refused.error_message().rfind("link:", 0), 0u) << refused.error_message();
  bad = Event();
  bad.set_unit("no-such-unit");
  bad.clear_people();
  EXPECT_EQ(stub_->Notify(Review().get(), bad, &response).error_code(), Code::NOT_FOUND);
  nv1::ListNotificationsResponse list;
  EXPECT_EQ(
      stub_->ListNotifications(Review().get(), nv1::ListNotificationsRequest(), &list).error_code(),
      Code::PERMISSION_DENIED)
      << "a service has no notifications of its own";
}

TEST_F(NotificationServiceTest, UnitSettingsAreTheHeadsAndNeverShowAKey) {
  auto head = [&] { return As("u-zhaolei", "赵磊", {"unit_head"}, {"jinkouhe-gov-office"}); };
  nv1::GetUnitSettingsRequest get;
  get.set_name("units/jinkouhe-gov-office/notificationSettings");
  nv1::UnitSettings settings;
  ASSERT_TRUE(stub_->GetUnitSettings(head().get(), get, &settings).ok());
  EXPECT_EQ(settings.remind_after_working_days(), 2) << "the defaults";
  EXPECT_EQ(settings.escalate_after_working_days(), 4);
  EXPECT_EQ(settings.etag(), "0");
  // A drafter of the unit is refused; another unit's person does not learn
  // the unit's settings exist.
  EXPECT_EQ(stub_->GetUnitSettings(Person("u-zhangwei").get(), get, &settings).error_code(),
            Code::PERMISSION_DENIED);
  EXPECT_EQ(stub_
                ->GetUnitSettings(As("u-outsider", "x", {"admin"}, {"shizhong-gov-office"}).get(),
                                  get, &settings)
                .error_code(),
            Code::NOT_FOUND);

  nv1::UpdateUnitSettingsRequest update;
  update.mutable_settings()->set_name(get.name());
  update.mutable_settings()->set_etag("0");
  nv1::Robot* robot = update.mutable_settings()->add_robots();
  robot->set_id("office");
  robot->set_kind(nv1::ROBOT_KIND_DINGTALK);
  robot->set_webhook("https://oapi.dingtalk.com/robot/send?access_token=SECRET-TOKEN");
  robot->set_secret("SECabcdef");
  update.mutable_update_mask()->add_paths("robots");
  grpc::Status status = stub_->UpdateUnitSettings(head().get(), update, &settings);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(settings.robots_size(), 1);
  EXPECT_EQ(settings.robots(0).webhook(), "") << "never returned";
  EXPECT_EQ(settings.robots(0).secret(), "");
  EXPECT_EQ(settings.robots(0).webhook_host(), "oapi.dingtalk.com");
  EXPECT_TRUE(settings.robots(0).has_secret());
  EXPECT_EQ(settings.etag(), "1");
  EXPECT_EQ(settings.DebugString().find("SECRET-TOKEN"), std::string::npos);

  // A stale etag is ABORTED; sent without webhook and secret, the robot
  // keeps its own (the console edits other fields without the key).
  status = stub_->UpdateUnitSettings(head().get(), update, &settings);
  EXPECT_EQ(status.error_code(), Code::ABORTED) << status.error_message();
  update.mutable_settings()->set_etag("1");
  update.mutable_settings()->mutable_robots(0)->clear_webhook();
  update.mutable_settings()->mutable_robots(0)->clear_secret();
  update.mutable_settings()->mutable_robots(0)->set_disabled(true);
  update.mutable_settings()->set_remind_after_working_days(3);
  update.mutable_update_mask()->add_paths("remind_after_working_days");
  status = stub_->UpdateUnitSettings(head().get(), update, &settings);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(settings.robots(0).has_secret());
  EXPECT_TRUE(settings.robots(0).disabled());
  EXPECT_EQ(settings.remind_after_working_days(), 3);
  EXPECT_EQ(settings.escalate_after_working_days(), 4) << "not in the mask: kept";
  ASSERT_THAT(notification_db_->Transact([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT webhook, secret FROM unit_robots"));
    EXPECT_EQ(rows.at(0).GetString(0),
              "https://oapi.dingtalk.com/robot/send?access_token=SECRET-TOKEN");
    EXPECT_EQ(rows.at(0).GetString(1), "SECabcdef");
    return absl::OkStatus();
  }),
              IsOk());

  // A webhook elsewhere than the platform is refused, naming the field.
  update.mutable_settings()->set_etag("2");
  update.mutable_settings()->mutable_robots(0)->set_webhook("https://10.1.2.3/robot/send");
  status = stub_->UpdateUnitSettings(head().get(), update, &settings);
  EXPECT_EQ(status.error_code(), Code::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("settings.robots[0].webhook:", 0), 0u)
      << status.error_message();
}

TEST_F(NotificationServiceTest, RobotMessagesGoThroughTheOutboxOncePerEventAndRobot) {
  auto head = [&] { return As("u-zhaolei", "赵磊", {"unit_head"}, {"jinkouhe-gov-office"}); };
  nv1::UpdateUnitSettingsRequest update;
  update.mutable_settings()->set_name("units/jinkouhe-gov-office/notificationSettings");
  for (const auto& [id, kind, webhook] :
       std::vector<std::tuple<std::string, nv1::RobotKind, std::string>>{
           {"office", nv1::ROBOT_KIND_DINGTALK,
            "https://oapi.dingtalk.com/robot/send?access_token=t"},
           {"leaders", nv1::ROBOT_KIND_WECOM,
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"}}) {
    nv1::Robot* robot = update.mutable_settings()->add_robots();
    robot->set_id(id);
    robot->set_kind(kind);
    robot->set_webhook(webhook);
  }
  update.mutable_update_mask()->add_paths("robots");
  nv1::UnitSettings settings;
  ASSERT_TRUE(stub_->UpdateUnitSettings(head().get(), update, &settings).ok());
  nv1::NotifyResponse response;
  ASSERT_TRUE(stub_->Notify(Review().get(), Event(), &response).ok());
  ASSERT_TRUE(stub_->Notify(Review().get(), Event(), &response).ok());
  nv1::ListDeliveriesRequest list;
  nv1::ListDeliveriesResponse deliveries;
  ASSERT_TRUE(stub_->ListDeliveries(head().get(), list, &deliveries).ok());
  ASSERT_EQ(deliveries.deliveries_size(), 2) << "one per robot, the repeat adds none";
  EXPECT_EQ(deliveries.deliveries(0).method(), "robot");
  EXPECT_EQ(deliveries.deliveries(0).subject(), "units/jinkouhe-gov-office/robots/office");
  EXPECT_EQ(deliveries.deliveries(1).subject(), "units/jinkouhe-gov-office/robots/leaders");
  EXPECT_EQ(stub_
                ->ListDeliveries(As("u-outsider", "x", {"admin"}, {"shizhong-gov-office"}).get(),
                                 list, &deliveries)
                .ok(),
            true);
  EXPECT_EQ(deliveries.deliveries_size(), 0) << "another unit's deliveries are not listed";

  // A robot removed before its message went out: the message is parked with
  // the reason, never sent elsewhere.
  update.mutable_settings()->set_etag("1");
  update.mutable_settings()->mutable_robots()->DeleteSubrange(0, 1);
  ASSERT_TRUE(stub_->UpdateUnitSettings(head().get(), update, &settings).ok());
  ASSERT_THAT(
      DispatchOne(*notification_db_, notification::Deliverer(channels_, notification_db_.get())),
      IsOk());
  ASSERT_TRUE(stub_->ListDeliveries(head().get(), list, &deliveries).ok());
  EXPECT_EQ(deliveries.deliveries(0).state(), type::v1::DELIVERY_STATE_PARKED);
  EXPECT_NE(deliveries.deliveries(0).last_error().find("机器人 office 已删除"), std::string::npos)
      << deliveries.deliveries(0).last_error();
}

TEST_F(NotificationServiceTest, PreferencesAreEachPersonsOwnAndTurnOffTheirMail) {
  nv1::GetPreferencesRequest get;
  get.set_name("people/me/notificationPreferences");
  nv1::Preferences preferences;
  ASSERT_TRUE(stub_->GetPreferences(Person("u-wangqiang").get(), get, &preferences).ok());
  EXPECT_EQ(preferences.name(), "people/u-wangqiang/notificationPreferences");
  EXPECT_TRUE(preferences.email_enabled()) << "on by default";
  get.set_name("people/u-zhangwei/notificationPreferences");
  EXPECT_EQ(stub_->GetPreferences(Person("u-wangqiang").get(), get, &preferences).error_code(),
            Code::NOT_FOUND)
      << "another person's";
  nv1::UpdatePreferencesRequest update;
  update.mutable_preferences()->set_name("people/u-wangqiang/notificationPreferences");
  update.mutable_preferences()->set_email_enabled(false);
  update.mutable_preferences()->mutable_quiet_hours()->set_start_minute(1500);
  update.mutable_update_mask()->add_paths("email_enabled");
  grpc::Status status = stub_->UpdatePreferences(Person("u-wangqiang").get(), update, &preferences);
  EXPECT_EQ(status.error_code(), Code::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("preferences.quiet_hours.start_minute:", 0), 0u)
      << status.error_message();
  update.mutable_preferences()->clear_quiet_hours();
  status = stub_->UpdatePreferences(Person("u-wangqiang").get(), update, &preferences);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(preferences.email_enabled());
  EXPECT_EQ(preferences.etag(), "1");
}

// E-mail through the outbox: the SMTP server (Debian's aiosmtpd) is down
// when the event comes — Notify succeeds at once, the mail waits — and it
// arrives once the server is up.
class NotificationMailTest : public NotificationServiceTest {
 protected:
  NotificationMailTest() {
    port_ = testing::FreeLoopbackPort();
    mail_.smtp.host = "127.0.0.1";
    mail_.smtp.port = port_;
    mail_.smtp.starttls = false;  // a loopback test server
    mail_.smtp.timeout_seconds = 5;
    mail_.from_address = "reportflow@rf.example.gov.cn";
    channels_.console_url = "https://rf.example.gov.cn";
  }
  std::vector<std::string> Outbox() {
    std::vector<std::string> rows;
    EXPECT_THAT(notification_db_->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(auto found, tx.Query("SELECT subject, state, COALESCE(last_error, '') "
                                            "FROM outbox ORDER BY id"));
      for (const Row& row : found) {
        rows.push_back(absl::StrCat(row.GetString(0), " ", row.GetInt64(1), " ", row.GetString(2)));
      }
      return absl::OkStatus();
    }),
                IsOk());
    return rows;
  }
  int port_ = 0;
};

TEST_F(NotificationMailTest, AMailServerDownDelaysNothingAndTheMailArrivesAfterItComesBack) {
  nv1::NotifyResponse response;
  ASSERT_TRUE(stub_->Notify(Review().get(), Event(), &response).ok()) << "the server is down";
  EXPECT_EQ(response.notified(), 2);
  ASSERT_EQ(Outbox().size(), 1u) << "only 王强 has an address";
  const DeliverFunction deliver = notification::Deliverer(channels_, notification_db_.get());
  ASSERT_THAT(DispatchOne(*notification_db_, deliver), IsOk());
  std::vector<std::string> outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_NE(outbox[0].find("wangqiang@jinkouhe.example.gov.cn 3 "), std::string::npos)
      << "FAILED_RETRYING: " << outbox[0];
  EXPECT_NE(outbox[0].find("邮件服务器 127.0.0.1"), std::string::npos) << outbox[0];

  const std::string maildir = dir_.path() + "/maildir";
  absl::StatusOr<std::unique_ptr<testing::ChildProcess>> smtpd = testing::ChildProcess::Start(
      {"/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", absl::StrCat("127.0.0.1:", port_), "-c",
       "aiosmtpd.handlers.Mailbox", maildir},
      dir_.path() + "/smtpd.log");
  ASSERT_THAT(smtpd, IsOk());
  std::string delivered;
  for (int i = 0; i < 150 && delivered.empty(); ++i) {
    absl::SleepFor(absl::Milliseconds(100));
    ASSERT_THAT(DispatchOne(*notification_db_, deliver), IsOk());  // once the backoff is over
    if (DIR* dir = opendir((maildir + "/new").c_str())) {
      while (dirent* entry = readdir(dir)) {
        if (entry->d_name[0] != '.') {
          delivered = testing::ReadFileOrEmpty(maildir + "/new/" + entry->d_name);
        }
      }
      closedir(dir);
    }
  }
  ASSERT_FALSE(delivered.empty()) << testing::ReadFileOrEmpty(dir_.path() + "/smtpd.log");
  EXPECT_NE(delivered.find("<wangqiang@jinkouhe.example.gov.cn>"), std::string::npos);
  EXPECT_NE(delivered.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(delivered.find("Message-ID: <n1.u-wangqiang@reportflow>"), std::string::npos);
  EXPECT_NE(Outbox()[0].find(" 2 "), std::string::npos) << "DELIVERED: " << Outbox()[0];

  ASSERT_TRUE(stub_->Notify(Review().get(), Event(), &response).ok());
  EXPECT_EQ(Outbox().size(), 1u) << "the event again mails nobody twice";
}

TEST_F(NotificationMailTest, NoMailForWhoTurnedItOffAndNoneInTheirQuietHours) {
  nv1::UpdatePreferencesRequest update;
  update.mutable_preferences()->set_name("people/me/notificationPreferences");
  // Quiet from an hour ago to two hours from now (China time).
  const absl::CivilMinute now = absl::ToCivilMinute(absl::Now(), ChinaTime());
  const int minute = now.hour() * 60 + now.minute();
  update.mutable_preferences()->mutable_quiet_hours()->set_start_minute((minute + 1380) % 1440);
  update.mutable_preferences()->mutable_quiet_hours()->set_end_minute((minute + 120) % 1440);
  update.mutable_update_mask()->add_paths("quiet_hours");
  nv1::Preferences preferences;
  ASSERT_TRUE(stub_->UpdatePreferences(Person("u-wangqiang").get(), update, &preferences).ok());
  nv1::NotifyResponse response;
  ASSERT_TRUE(stub_->Notify(Review().get(), Event(), &response).ok());
  ASSERT_EQ(Outbox().size(), 1u);
  ASSERT_THAT(notification_db_->Transact([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT next_attempt_time > CURRENT_TIMESTAMP(6) + "
                                         "INTERVAL 1 MINUTE FROM outbox"));
    EXPECT_EQ(rows.at(0).GetInt64(0), 1) << "held until the quiet hours end";
    return absl::OkStatus();
  }),
              IsOk());

  update.mutable_preferences()->set_email_enabled(false);
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("email_enabled");
  ASSERT_TRUE(stub_->UpdatePreferences(Person("u-wangqiang").get(), update, &preferences).ok());
  nv1::NotifyRequest next = Event();
  next.set_event("n-3-review-1-1764554499999999");
  ASSERT_TRUE(stub_->Notify(Review().get(), next, &response).ok());
  EXPECT_EQ(response.notified(), 2) << "still told in the console";
  EXPECT_EQ(Outbox().size(), 1u) << "but no second mail";
}

TEST_F(NotificationServiceTest, EveryQueryUsesAnIndex) {
  ASSERT_THAT(notification_db_->Transact([&](Transaction& tx) -> absl::Status {
    for (int i = 0; i < 400; ++i) {
      RETURN_IF_ERROR(tx.Execute("INSERT INTO notifications (recipient_id, event_key, kind, unit, "
                                 "subject, title, body, link) VALUES (?, ?, 1, 'u', 's', 't', "
                                 "'b', '/')",
                                 {absl::StrCat("u-", i % 40), absl::StrCat("e-", i)})
                          .status());
    }
    return tx.ExecuteDirect("ANALYZE TABLE notifications");
  }),
              IsOk());
  testing::ExpectIndexed(
      *notification_db_,
      {{"a person's page",
        "SELECT id FROM notifications WHERE recipient_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
        {"u-7", 300, 51}},
       {"a person's unread count",
        "SELECT COUNT(*) FROM notifications WHERE recipient_id = ? AND read_time IS NULL",
        {"u-7"}},
       {"one notification of a person",
        "SELECT id FROM notifications WHERE id = ? AND recipient_id = ?",
        {int64_t{7}, "u-6"}}});  // row 7 is u-6's (a miss is "impossible WHERE", no key)
}

}  // namespace
}  // namespace reportflow
