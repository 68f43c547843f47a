// What reaches people from the flow, on the real services in-process
// (identity, drafting, review and notification, each on its own fresh schema
// of the test MariaDB) with injected clocks: the reminder ticker reminds a
// stage's holders after the unit's working days, escalates to the unit's
// head, and warns the drafters and the publisher 5 and 1 working days before
// the deadline and when it is missed — counted across a weekend and 2026's
// 春节 with its 调休 working Saturday (14 Feb) — each once; the action links
// (一键签署) in the e-mails of waiting tasks, and everything that must make
// one decide nothing; and the finance bureau's view of its region.
#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "embedded/drafting_migrations.h"
#include "embedded/identity_migrations.h"
#include "embedded/notification_migrations.h"
#include "embedded/review_migrations.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reportflow/identity/v1/identity.grpc.pb.h"
#include "services/common/disclosure_deadline.h"
#include "services/common/outbox.h"
#include "services/common/status_macros.h"
#include "services/common/status_matchers.h"
#include "services/drafting/api/delivery.h"
#include "services/drafting/api/drafting_service.h"
#include "services/drafting/domain/templates.h"
#include "services/notification/api/notification_service.h"
#include "services/notification/api/reminder_ticker.h"
#include "services/review/api/delivery.h"
#include "services/review/api/review_service.h"
#include "tests/support/identity_server.h"
#include "tests/support/in_process.h"
#include "tests/support/process.h"
#include "tests/support/test_db.h"

namespace reportflow {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::TestSchema;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace nv1 = notification::v1;

constexpr char kUnit[] = "jinkouhe-gov-office";

absl::Time China(int y, int m, int d, int h, int min) {
  return absl::FromCivil(absl::CivilMinute(y, m, d, h, min), ChinaTime());
}

std::string SeedText() {
  std::ifstream file(RF_SEED_REPORT);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

class RemindersTest : public ::testing::Test, protected testing::InProcessServers {
 protected:
  void SetUp() override {
    for (auto* schema :
         {&identity_schema_, &drafting_schema_, &review_schema_, &notification_schema_}) {
      absl::StatusOr<std::unique_ptr<TestSchema>> created = TestSchema::Create();
      ASSERT_THAT(created, IsOk());
      *schema = *std::move(created);
    }
    identity_db_ = testing::OpenMigrated(*identity_schema_, identity::Migrations());
    drafting_db_ = testing::OpenMigrated(*drafting_schema_, drafting::Migrations());
    review_db_ = testing::OpenMigrated(*review_schema_, review::Migrations());
    notification_db_ = testing::OpenMigrated(*notification_schema_, notification::Migrations());
    identity_server_ = testing::StartIdentityServer(*this, identity_db_.get());
    const std::string identity = absl::StrCat("127.0.0.1:", identity_server_->port());
    Seed();

    absl::StatusOr<std::map<std::string, drafting::v1::Template>> templates =
        drafting::ShippedTemplates();
    ASSERT_THAT(templates, IsOk());
    PeerConfig drafting_peers;
    drafting_peers.identity_address = identity;
    drafting_peers.service_token_file = dir_.WriteFile(
        "drafting.token", Token("svc-drafting", "drafting-server", {"service:drafting"}, {}));
    drafting_server_ = Start("drafting", [&, drafting_peers](const CallerRegistry& callers) {
      ServiceContext context;
      context.db = drafting_db_.get();
      context.callers = &callers;
      context.peers = drafting_peers;
      context.now = [this] { return clock_; };
      std::vector<std::unique_ptr<grpc::Service>> services;
      services.push_back(std::make_unique<drafting::DraftingServiceImpl>(context, *templates));
      return services;
    });
    drafting_ = drafting::v1::DraftingService::NewStub(Channel(*drafting_server_));

    PeerConfig review_peers;
    review_peers.drafting_address = absl::StrCat("127.0.0.1:", drafting_server_->port());
    // Review enqueues its events for a notification service; the tests
    // deliver them (ReviewToNotification) once that server is up.
    review_peers.notification_address = "127.0.0.1:1";
    review_peers.service_token_file = dir_.WriteFile(
        "review.token", Token("svc-review", "review-server", {"service:review"}, {}));
    review_server_ = Start("review", [&, review_peers](const CallerRegistry& callers) {
      ServiceContext context;
      context.db = review_db_.get();
      context.callers = &callers;
      context.peers = review_peers;
      context.now = [this] { return clock_; };
      absl::StatusOr<workflow::ShippedWorkflows> workflows = workflow::LoadShippedWorkflows();
      EXPECT_THAT(workflows, IsOk());
      std::vector<std::unique_ptr<grpc::Service>> services;
      services.push_back(std::make_unique<review::ReviewServiceImpl>(context, *std::move(workflows),
                                                                     GenerateSigningKey()));
      return services;
    });
    drafting_to_review_.review_address = absl::StrCat("127.0.0.1:", review_server_->port());
    drafting_to_review_.service_token_file = drafting_peers.service_token_file;

    notification_.identity_address = identity;
    notification_.review_address = absl::StrCat("127.0.0.1:", review_server_->port());
    notification_.drafting_address = absl::StrCat("127.0.0.1:", drafting_server_->port());
    notification_.service_token_file = dir_.WriteFile(
        "notification.token",
        Token("svc-notification", "notification-server", {"service:notification"}, {}));
    // E-mail configured (never sent here: the tests read the outbox).
    notification::ChannelConfig channels;
    channels.mail.smtp.host = "127.0.0.1";
    channels.mail.smtp.port = 1;
    channels.mail.from_address = "reportflow@jinkouhe.example.gov.cn";
    channels.console_url = "https://rf.example.gov.cn";
    notification_server_ = Start("notification", [&, channels](const CallerRegistry& callers) {
      ServiceContext context;
      context.db = notification_db_.get();
      context.callers = &callers;
      context.peers = notification_;
      context.now = [this] { return notification_clock_; };
      std::vector<std::unique_ptr<grpc::Service>> services;
      services.push_back(
          std::make_unique<notification::NotificationServiceImpl>(context, channels));
      return services;
    });
    review_to_notification_.notification_address =
        absl::StrCat("127.0.0.1:", notification_server_->port());
    review_to_notification_.service_token_file = review_peers.service_token_file;
    notifications_ = nv1::NotificationService::NewStub(Channel(*notification_server_));
  }

  void Seed() {
    const auto mail = [](const std::string& id) {
      return id.substr(2) + "@jinkouhe.example.gov.cn";
    };
    testing::SeedDirectory(*this, *identity_server_,
                           {{"511113", "金口河区", "", true},
                            {kUnit, "乐山市金口河区人民政府办公室", "511113"},
                            {"jinkouhe-finance", "金口河区财政局", "511113"}},
                           {{"u-zhangwei", "张伟", kUnit, "drafter", mail("u-zhangwei")},
                            {"u-lina", "李娜", kUnit, "proofread_1", mail("u-lina")},
                            {"u-wangqiang", "王强", kUnit, "review_1", mail("u-wangqiang")},
                            {"u-liufang", "刘芳", kUnit, "proofread_2", mail("u-liufang")},
                            {"u-zhaolei", "赵磊", kUnit, "unit_head", mail("u-zhaolei")},
                            {"u-sunli", "孙丽", kUnit, "publisher", mail("u-sunli")},
                            {"u-zhoujing", "周静", "511113", "supervisor", ""}});
  }

  std::unique_ptr<grpc::ClientContext> Drafter() {
    return As("u-zhangwei", "张伟", {"drafter"}, {kUnit});
  }

  // The sample report of 2024 with 批复日期 `approval`, submitted at `clock_`;
  // its review's 一校 becomes active then.
  std::string SubmitSample(const std::string& approval) {
    drafting::v1::CreateReportRequest create;
    create.mutable_report()->set_unit(kUnit);
    create.mutable_report()->set_unit_display_name("乐山市金口河区人民政府办公室");
    create.mutable_report()->set_fiscal_year(2024);
    create.mutable_report()->set_kind(drafting::v1::REPORT_KIND_FINAL_ACCOUNTS);
    create.mutable_report()->set_template_("templates/sichuan-final-accounts-2024");
    drafting::v1::Report report;
    EXPECT_TRUE(drafting_->CreateReport(Drafter().get(), create, &report).ok());
    drafting::v1::ImportDocumentRequest import;
    import.set_report(report.name());
    import.set_text(SeedText());
    drafting::v1::ImportDocumentResponse imported;
    EXPECT_TRUE(drafting_->ImportDocument(Drafter().get(), import, &imported).ok());
    drafting::v1::UpdateReportRequest update;
    update.mutable_report()->set_name(report.name());
    update.mutable_report()->set_finance_approval_date(approval);
    update.mutable_update_mask()->add_paths("finance_approval_date");
    drafting::v1::Report updated;
    grpc::Status status = drafting_->UpdateReport(Drafter().get(), update, &updated);
    EXPECT_TRUE(status.ok()) << status.error_message();
    drafting::v1::SubmitReportRequest submit;
    submit.set_name(report.name());
    drafting::v1::SubmitReportResponse submitted;
    status = drafting_->SubmitReport(Drafter().get(), submit, &submitted);
    EXPECT_TRUE(status.ok()) << status.error_message();
    DispatchAll(*drafting_db_, drafting::MakeDeliverer(drafting_to_review_));
    return report.name();
  }

  int Tick(absl::Time at) {
    notification::ReminderTicker ticker(
        [&] {
          ServiceContext context;
          context.db = notification_db_.get();
          context.peers = notification_;
          context.now = [at] { return at; };
          return context;
        }(),
        notification::ChannelConfig(), notification::WorkCalendar::Shipped());
    absl::StatusOr<notification::TickCounts> counts = ticker.Tick(at);
    EXPECT_THAT(counts, IsOk());
    return counts.ok() ? counts->sent : -1;
  }

  // The titles of a person's notifications, oldest first.
  std::vector<std::string> Titles(const std::string& person) {
    nv1::ListNotificationsResponse response;
    grpc::Status status = notifications_->ListNotifications(
        As(person, person, {"drafter"}, {kUnit}).get(), nv1::ListNotificationsRequest(), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> titles;
    for (auto it = response.notifications().rbegin(); it != response.notifications().rend(); ++it) {
      titles.push_back(it->title());
    }
    return titles;
  }

  // Delivers review's outbox (its events) to the notification server.
  void ReviewToNotification() {
    DispatchAll(*review_db_, review::MakeDeliverer(review_to_notification_));
  }
  // Delivers every due message of an outbox.
  static void DispatchAll(Database& db, const DeliverFunction& deliver) {
    for (int i = 0; i < 50; ++i) {
      absl::StatusOr<bool> one = DispatchOne(db, deliver);
      EXPECT_THAT(one, IsOk());
      if (!one.ok() || !*one) break;
    }
  }

  testing::TempDir dir_;
  absl::Time clock_ = China(2026, 2, 5, 10, 0);  // a Thursday
  absl::Time notification_clock_ = absl::Now();
  PeerConfig review_to_notification_;
  std::unique_ptr<TestSchema> identity_schema_, drafting_schema_, review_schema_,
      notification_schema_;
  std::unique_ptr<Database> identity_db_, drafting_db_, review_db_, notification_db_;
  std::unique_ptr<RunningServer> identity_server_, drafting_server_, review_server_,
      notification_server_;
  std::unique_ptr<drafting::v1::DraftingService::Stub> drafting_;
  std::unique_ptr<nv1::NotificationService::Stub> notifications_;
  PeerConfig drafting_to_review_, notification_;
};

const char kTitle[] = "乐山市金口河区人民政府办公室2024年度部门决算";

TEST_F(RemindersTest, AWaitingTaskIsRemindedThenEscalatedAcrossAWeekendOnce) {
  // 一校 active Thursday 5 Feb 2026 10:00; 批复 on 2 Feb: the deadline is 22 Feb.
  SubmitSample("2026-02-02");
  EXPECT_EQ(Tick(China(2026, 2, 8, 12, 0)), 0) << "Sunday: one working day has passed";
  EXPECT_EQ(Tick(China(2026, 2, 9, 8, 59)), 0) << "Monday before 09:00";
  // Two working days (Fri 6, Mon 9 — the weekend does not count): 李娜 is reminded.
  EXPECT_EQ(Tick(China(2026, 2, 9, 9, 0)), 1);
  EXPECT_EQ(Tick(China(2026, 2, 9, 15, 0)), 0) << "once";
  EXPECT_THAT(Titles("u-lina"), ElementsAre(absl::StrCat("提醒：", kTitle, "（第 1 版，一校）")));
  // Four working days (Tue 10, Wed 11): escalated to the unit's head.
  EXPECT_EQ(Tick(China(2026, 2, 10, 9, 0)), 1) << "the deadline's 5-day warning (below)";
  EXPECT_EQ(Tick(China(2026, 2, 11, 9, 0)), 1);
  EXPECT_THAT(Titles("u-zhaolei"),
              ElementsAre(absl::StrCat("督办：", kTitle, "（第 1 版，一校）")));
  EXPECT_EQ(Tick(China(2026, 2, 11, 9, 30)), 0) << "once";
  EXPECT_EQ(Titles("u-lina").size(), 1u) << "the holder is not escalated to";
}

TEST_F(RemindersTest, DeadlineWarningsCountTheOfficialWorkingSaturdayAndTheHoliday) {
  SubmitSample("2026-02-02");  // deadline Sunday 22 Feb 2026, inside 春节 (15–23 Feb)
  EXPECT_EQ(DeadlineFor(absl::CivilDay(2026, 2, 2)), absl::CivilDay(2026, 2, 22));
  // Five working days before the 22nd: Sat 14 (调休, a working day), Fri 13,
  // Thu 12, Wed 11, Tue 10.
  EXPECT_EQ(Tick(China(2026, 2, 10, 8, 0)), 1) << "only the task reminder of 9 Feb";
  EXPECT_EQ(Tick(China(2026, 2, 10, 9, 0)), 1);
  const std::string five = absl::StrCat("距公开期限还有 5 个工作日：", kTitle);
  EXPECT_THAT(Titles("u-zhangwei"), ElementsAre(five));
  EXPECT_THAT(Titles("u-sunli"), ElementsAre(five));
  // One working day before: Saturday 14 Feb, the official working Saturday.
  EXPECT_EQ(Tick(China(2026, 2, 13, 18, 0)), 1) << "the escalation of 11 Feb only";
  EXPECT_EQ(Tick(China(2026, 2, 14, 9, 0)), 1);
  const std::string one = absl::StrCat("距公开期限还有 1 个工作日：", kTitle);
  EXPECT_THAT(Titles("u-zhangwei"), ElementsAre(five, one));
  EXPECT_EQ(Tick(China(2026, 2, 22, 23, 0)), 0) << "the last day itself is not missed";
  EXPECT_EQ(Tick(China(2026, 2, 23, 9, 0)), 1);
  const std::string missed = absl::StrCat("已超过公开期限：", kTitle);
  EXPECT_THAT(Titles("u-sunli"), ElementsAre(five, one, missed));
  EXPECT_EQ(Tick(China(2026, 2, 24, 9, 0)), 0) << "each warning once";
  EXPECT_THAT(Titles("u-lina"), ElementsAre(absl::StrCat("提醒：", kTitle, "（第 1 版，一校）")))
      << "deadline warnings go to the drafters and the publisher only";
}

TEST_F(RemindersTest, AReportFoundLateIsToldOnlyTheLatestWarning) {
  clock_ = China(2026, 2, 20, 10, 0);  // submitted in the 春节 holiday
  SubmitSample("2026-02-02");
  EXPECT_EQ(Tick(China(2026, 2, 24, 10, 0)), 1)
      << "missed; the task, active since a holiday, has waited one working day";
  EXPECT_THAT(Titles("u-zhangwei"), ElementsAre(absl::StrCat("已超过公开期限：", kTitle)))
      << "no “5 days left” after the deadline";
}

TEST_F(RemindersTest, TheUnitsReminderDaysApply) {
  nv1::UpdateUnitSettingsRequest update;
  update.mutable_settings()->set_name(absl::StrCat("units/", kUnit, "/notificationSettings"));
  update.mutable_settings()->set_remind_after_working_days(1);
  update.mutable_settings()->set_escalate_after_working_days(8);
  update.mutable_update_mask()->add_paths("remind_after_working_days");
  update.mutable_update_mask()->add_paths("escalate_after_working_days");
  nv1::UnitSettings settings;
  grpc::Status status = notifications_->UpdateUnitSettings(
      As("u-zhaolei", "赵磊", {"unit_head"}, {kUnit}).get(), update, &settings);
  ASSERT_TRUE(status.ok()) << status.error_message();
  SubmitSample("2026-03-30");
  EXPECT_EQ(Tick(China(2026, 2, 6, 9, 0)), 1) << "one working day: Friday";
  EXPECT_EQ(Tick(China(2026, 2, 13, 9, 0)), 0) << "six working days: not yet escalated";
  EXPECT_EQ(Tick(China(2026, 2, 24, 9, 0)), 1) << "eight working days across 春节";
  EXPECT_THAT(Titles("u-zhaolei"),
              ElementsAre(absl::StrCat("督办：", kTitle, "（第 1 版，一校）")));
}

TEST_F(RemindersTest, TheFinanceBureauSeesItsRegionsUnits) {
  clock_ = China(2026, 2, 10, 10, 0);
  const std::string report = SubmitSample("2026-02-02");
  auto supervisor = [&] { return As("u-zhoujing", "周静", {"supervisor"}, {"511113", kUnit}); };
  drafting::v1::ListRegionReportsRequest request;
  request.set_region("units/511113");
  request.set_fiscal_year(2024);
  request.set_kind(drafting::v1::REPORT_KIND_FINAL_ACCOUNTS);
  drafting::v1::ListRegionReportsResponse response;
  grpc::Status status = drafting_->ListRegionReports(supervisor().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.as_of(), "2026-02-10");
  ASSERT_EQ(response.reports_size(), 2) << "the region's two budget units, not the region";
  const drafting::v1::RegionReport& office = response.reports(1);
  EXPECT_EQ(response.reports(0).unit(), "units/jinkouhe-finance");
  EXPECT_EQ(response.reports(0).timeliness(), drafting::v1::TIMELINESS_NO_REPORT);
  EXPECT_EQ(office.unit(), "units/jinkouhe-gov-office");
  EXPECT_EQ(office.unit_display_name(), "乐山市金口河区人民政府办公室");
  EXPECT_EQ(office.report(), report);
  EXPECT_EQ(office.state(), drafting::v1::REPORT_STATE_IN_REVIEW);
  EXPECT_EQ(office.finance_approval_date(), "2026-02-02");
  EXPECT_EQ(office.deadline_date(), "2026-02-22");
  EXPECT_EQ(office.days_since_approval(), 8);
  EXPECT_EQ(office.timeliness(), drafting::v1::TIMELINESS_OPEN);
  EXPECT_GT(office.required_sections(), 0);
  EXPECT_EQ(office.required_sections_filled(), office.required_sections());
  EXPECT_EQ(office.tables(), 13) << "the Sichuan template's 13 tables";
  EXPECT_EQ(office.tables_filled(), 0) << "the sample text carries no table CSV";

  // A drafter of the unit is refused; another region's supervisor does not
  // learn the region exists.
  status = drafting_->ListRegionReports(Drafter().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  status = drafting_->ListRegionReports(
      As("u-zhangwei", "张伟", {"drafter"}, {"511113", kUnit}).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("财政监督"));
  status = drafting_->ListRegionReports(As("u-x", "x", {"supervisor"}, {"511112"}).get(), request,
                                        &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  request.set_fiscal_year(0);
  status = drafting_->ListRegionReports(supervisor().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("fiscal_year"));
}

TEST_F(RemindersTest, OnlyTheNotificationServiceListsWaitingTasksAndDeadlines) {
  SubmitSample("2026-02-02");
  drafting::v1::ListOpenDeadlinesResponse deadlines;
  grpc::Status status = drafting_->ListOpenDeadlines(
      Drafter().get(), drafting::v1::ListOpenDeadlinesRequest(), &deadlines);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  status = drafting_->ListOpenDeadlines(
      As("svc-notification", "notification-server", {"service:notification"}, {}).get(),
      drafting::v1::ListOpenDeadlinesRequest(), &deadlines);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(deadlines.deadlines_size(), 1);
  EXPECT_EQ(deadlines.deadlines(0).deadline_date(), "2026-02-22");
  auto review = review::v1::ReviewService::NewStub(Channel(*review_server_));
  review::v1::ListWaitingTasksResponse waiting;
  status = review->ListWaitingTasks(As("u-lina", "李娜", {"proofread_1"}, {kUnit}).get(),
                                    review::v1::ListWaitingTasksRequest(), &waiting);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  status = review->ListWaitingTasks(
      As("svc-notification", "notification-server", {"service:notification"}, {}).get(),
      review::v1::ListWaitingTasksRequest(), &waiting);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(waiting.tasks_size(), 1);
  EXPECT_EQ(waiting.tasks(0).role(), "proofread_1");
  EXPECT_EQ(waiting.tasks(0).stage_display_name(), "一校");
  EXPECT_EQ(waiting.tasks(0).activate_time().seconds(), absl::ToUnixSeconds(clock_));
}

// The action links (一键签署) of the e-mails of waiting tasks.
class ActionLinkTest : public RemindersTest {
 protected:
  void SetUp() override {
    RemindersTest::SetUp();
    nv1::UpdateUnitSettingsRequest update;
    update.mutable_settings()->set_name(absl::StrCat("units/", kUnit, "/notificationSettings"));
    update.mutable_settings()->set_action_links(true);
    update.mutable_update_mask()->add_paths("action_links");
    nv1::UnitSettings settings;
    grpc::Status status = notifications_->UpdateUnitSettings(
        As("u-zhaolei", "赵磊", {"unit_head"}, {kUnit}).get(), update, &settings);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_TRUE(settings.action_links());
    review_ = review::v1::ReviewService::NewStub(Channel(*review_server_));
  }

  // The action link in the newest e-mail to `address`: its token.
  std::string TokenMailedTo(const std::string& address) {
    std::string token;
    EXPECT_THAT(notification_db_->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT payload FROM outbox WHERE method = 'smtp' AND "
                                           "subject = ? ORDER BY id DESC LIMIT 1",
                                           {address}));
      if (rows.empty()) return absl::NotFoundError(absl::StrCat("no mail to ", address));
      // The plain part: the first base64 block of the message.
      const std::string message = rows[0].GetString(0);
      const size_t start = message.find("base64\r\n\r\n") + 10;
      const size_t end = message.find("\r\n--", start);
      std::string encoded, plain;
      for (char c : message.substr(start, end - start)) {
        if (c != '\r' && c != '\n') encoded.push_back(c);
      }
      if (!absl::Base64Unescape(encoded, &plain)) return absl::InternalError("not base64");
      const size_t at = plain.find("https://rf.example.gov.cn/act/");
      if (at == std::string::npos) return absl::NotFoundError(plain);
      token = plain.substr(at + 30, 43);
      EXPECT_NE(plain.find("一键签署（打开后须在确认页点“确认同意”；仅限本人，只能使用一次，72 "
                           "小时内有效）"),
                std::string::npos);
      return absl::OkStatus();
    }),
                IsOk());
    return token;
  }
  grpc::Status Use(const std::string& person, const std::string& role, const std::string& token,
                   nv1::UseActionLinkResponse* response) {
    nv1::UseActionLinkRequest request;
    request.set_token(token);
    request.set_opinion("同意（邮件一键签署）");
    return notifications_->UseActionLink(As(person, person, {role}, {kUnit}).get(), request,
                                         response);
  }
  nv1::ActionLink Get(const std::string& person, const std::string& role,
                      const std::string& token) {
    nv1::GetActionLinkRequest request;
    request.set_token(token);
    nv1::ActionLink link;
    grpc::Status status =
        notifications_->GetActionLink(As(person, person, {role}, {kUnit}).get(), request, &link);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return link;
  }
  std::string StageState(const std::string& review, int index) {
    review::v1::GetReviewRequest get;
    get.set_name(review);
    review::v1::Review got;
    EXPECT_TRUE(
        review_->GetReview(As("u-zhangwei", "张伟", {"drafter"}, {kUnit}).get(), get, &got).ok());
    return review::v1::StageState_Name(got.stages(index).state());
  }
  std::unique_ptr<review::v1::ReviewService::Stub> review_;
};

TEST_F(ActionLinkTest, OneUseByThePersonItWasSentToAndNothingElseDecides) {
  SubmitSample("2026-02-02");
  ReviewToNotification();
  const std::string token = TokenMailedTo("lina@jinkouhe.example.gov.cn");
  ASSERT_EQ(token.size(), 43u);

  // Reading the link (what a mail scanner's fetch and the confirmation page
  // do) decides nothing.
  nv1::ActionLink link = Get("u-lina", "proofread_1", token);
  EXPECT_EQ(link.state(), nv1::ACTION_LINK_STATE_VALID);
  EXPECT_EQ(link.task(), "reviews/1/tasks/proofread-1");
  EXPECT_EQ(link.digest().size(), 64u);
  EXPECT_EQ(Get("u-lina", "proofread_1", token).state(), nv1::ACTION_LINK_STATE_VALID);
  // The machine's stage (index 0) is done; 一校 (index 1) still waits.
  EXPECT_EQ(StageState("reviews/1", 1), "STAGE_STATE_ACTIVE");

  // Another person — even one who may act on the stage — learns nothing.
  nv1::UseActionLinkResponse used;
  grpc::Status status = Use("u-wangqiang", "proofread_1", token, &used);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  nv1::GetActionLinkRequest get;
  get.set_token(token);
  nv1::ActionLink seen;
  EXPECT_EQ(
      notifications_->GetActionLink(As("u-wangqiang", "x", {"review_1"}, {kUnit}).get(), get, &seen)
          .error_code(),
      grpc::StatusCode::NOT_FOUND);
  get.set_token("not-a-token");
  EXPECT_EQ(
      notifications_->GetActionLink(As("u-lina", "x", {"proofread_1"}, {kUnit}).get(), get, &seen)
          .error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(StageState("reviews/1", 1), "STAGE_STATE_ACTIVE");

  // Her use approves, as her, with the digest the link was made for.
  status = Use("u-lina", "proofread_1", token, &used);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(used.task(), "reviews/1/tasks/proofread-1");
  EXPECT_EQ(StageState("reviews/1", 1), "STAGE_STATE_APPROVED");
  // A second use decides nothing.
  status = Use("u-lina", "proofread_1", token, &used);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("已使用"));
  EXPECT_EQ(Get("u-lina", "proofread_1", token).state(), nv1::ACTION_LINK_STATE_USED);
}

TEST_F(ActionLinkTest, AnExpiredLinkAndALinkWhoseTaskChangedDecideNothing) {
  SubmitSample("2026-02-02");
  ReviewToNotification();
  nv1::UseActionLinkResponse used;
  ASSERT_TRUE(
      Use("u-lina", "proofread_1", TokenMailedTo("lina@jinkouhe.example.gov.cn"), &used).ok());
  ReviewToNotification();  // 初审 now waits: 王强's mail and link
  const std::string wang = TokenMailedTo("wangqiang@jinkouhe.example.gov.cn");
  ASSERT_EQ(wang.size(), 43u);
  // 72 hours later the link has expired.
  notification_clock_ += absl::Hours(72);
  grpc::Status status = Use("u-wangqiang", "review_1", wang, &used);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("72 小时"));
  EXPECT_EQ(Get("u-wangqiang", "review_1", wang).state(), nv1::ACTION_LINK_STATE_EXPIRED);
  EXPECT_EQ(StageState("reviews/1", 2), "STAGE_STATE_ACTIVE");
  notification_clock_ = absl::Now();

  // 王强 signs in the console; 二校's link goes to 刘芳, who returns the
  // version instead: her link dies with the task.
  review::v1::ApproveTaskRequest approve;
  approve.set_name("reviews/1/tasks/review-1");
  review::v1::GetReviewRequest get;
  get.set_name("reviews/1");
  review::v1::Review current;
  ASSERT_TRUE(
      review_->GetReview(As("u-wangqiang", "王强", {"review_1"}, {kUnit}).get(), get, &current)
          .ok());
  approve.set_digest(current.digest());
  review::v1::Review after;
  ASSERT_TRUE(
      review_->ApproveTask(As("u-wangqiang", "王强", {"review_1"}, {kUnit}).get(), approve, &after)
          .ok());
  ReviewToNotification();
  const std::string liu = TokenMailedTo("liufang@jinkouhe.example.gov.cn");
  ASSERT_EQ(liu.size(), 43u);
  review::v1::ReturnTaskRequest back;
  back.set_name("reviews/1/tasks/proofread-2");
  back.set_reason("数字待核");
  back.set_target(review::v1::RETURN_TARGET_PREVIOUS_STAGE);
  status =
      review_->ReturnTask(As("u-liufang", "刘芳", {"proofread_2"}, {kUnit}).get(), back, &after);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // 初审 is active again, a new activation: 王强's old (expired) link and
  // 刘芳's link decide nothing.
  status = Use("u-liufang", "proofread_2", liu, &used);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("已有变化"));
  EXPECT_EQ(Get("u-liufang", "proofread_2", liu).state(), nv1::ACTION_LINK_STATE_DEAD);
  EXPECT_EQ(StageState("reviews/1", 3), "STAGE_STATE_PENDING");
}

}  // namespace
}  // namespace reportflow
