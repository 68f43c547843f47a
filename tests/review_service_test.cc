// Service-tier tests of the review service: real gRPC servers in-process —
// drafting-server and (one or two replicas of) review-server, each on its own
// fresh schema of the real MariaDB — talking to each other with service
// tokens, the outboxes dispatched by the test, step by step.
#include "services/review/api/review_service.h"

#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "embedded/drafting_migrations.h"
#include "embedded/review_migrations.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "services/common/certificate.h"
#include "services/common/migrations.h"
#include "services/common/notify_outbox.h"
#include "services/common/outbox.h"
#include "services/common/server.h"
#include "services/common/status_macros.h"
#include "services/common/status_matchers.h"
#include "services/drafting/api/delivery.h"
#include "services/drafting/api/drafting_service.h"
#include "services/drafting/domain/templates.h"
#include "services/review/api/delivery.h"
#include "tests/support/in_process.h"
#include "tests/support/process.h"
#include "tests/support/query_plan.h"
#include "tests/support/test_db.h"

namespace reportflow::review {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::TempDir;
using ::reportflow::testing::TestSchema;
using ::testing::AnyOf;
using ::testing::HasSubstr;

constexpr char kUnit[] = "jinkouhe-gov-office";

// The six people of 三审三校, one per stage, and the drafter.
struct Cast {
  std::string id;
  std::string name;
  std::string role;
};
const Cast kDrafter{"u-zhangwei", "张伟", "drafter"};
const Cast kStages[] = {{"u-lina", "李娜", "proofread_1"},    {"u-wangqiang", "王强", "review_1"},
                        {"u-liufang", "刘芳", "proofread_2"}, {"u-chenjie", "陈杰", "review_2"},
                        {"u-yangmin", "杨敏", "proofread_3"}, {"u-zhaolei", "赵磊", "review_3"}};

std::string SeedText() {
  std::ifstream file(RF_SEED_REPORT);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

class ReviewServiceTest : public ::testing::Test, protected testing::InProcessServers {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestSchema>> drafting_schema = TestSchema::Create();
    absl::StatusOr<std::unique_ptr<TestSchema>> review_schema = TestSchema::Create();
    ASSERT_THAT(drafting_schema, IsOk());
    ASSERT_THAT(review_schema, IsOk());
    drafting_schema_ = *std::move(drafting_schema);
    review_schema_ = *std::move(review_schema);
    drafting_db_ = testing::OpenMigrated(*drafting_schema_, drafting::Migrations());
    review_db_ = testing::OpenMigrated(*review_schema_, Migrations());

    signing_key_ = GenerateSigningKey();

    // drafting-server.
    absl::StatusOr<std::map<std::string, drafting::v1::Template>> templates =
        drafting::ShippedTemplates();
    ASSERT_THAT(templates, IsOk());
    drafting_server_ = Start("drafting", [&](const CallerRegistry& callers) {
      ServiceContext context;
      context.db = drafting_db_.get();
      context.callers = &callers;
      std::vector<std::unique_ptr<grpc::Service>> services;
      services.push_back(std::make_unique<drafting::DraftingServiceImpl>(context, *templates));
      return services;
    });
    drafting_ = drafting::v1::DraftingService::NewStub(Channel(*drafting_server_));
    review_peers_.drafting_address = absl::StrCat("127.0.0.1:", drafting_server_->port());
    if (with_notifications_) review_peers_.notification_address = "127.0.0.1:1";
    review_peers_.service_token_file = dir_.WriteFile(
        "review.token", Token("svc-review", "review-server", {"service:review"}, {}));

    // review-server, two replicas on one database.
    for (int replica = 0; replica < 2; ++replica) {
      review_servers_.push_back(Start("review", [&](const CallerRegistry& callers) {
        ServiceContext context;
        context.db = review_db_.get();
        context.callers = &callers;
        context.peers = review_peers_;
        absl::StatusOr<workflow::ShippedWorkflows> workflows = workflow::LoadShippedWorkflows();
        EXPECT_THAT(workflows, IsOk());
        std::vector<std::unique_ptr<grpc::Service>> services;
        services.push_back(
            std::make_unique<ReviewServiceImpl>(context, *std::move(workflows), signing_key_));
        return services;
      }));
      reviews_.push_back(v1::ReviewService::NewStub(Channel(*review_servers_.back())));
    }
    drafting_peers_.review_address = absl::StrCat("127.0.0.1:", review_servers_[0]->port());
    drafting_peers_.service_token_file = dir_.WriteFile(
        "drafting.token", Token("svc-drafting", "drafting-server", {"service:drafting"}, {}));
  }

  using InProcessServers::As;
  std::unique_ptr<grpc::ClientContext> As(const std::string& user, const std::string& name,
                                          std::vector<std::string> roles) {
    return As(user, name, std::move(roles), {kUnit});
  }
  std::unique_ptr<grpc::ClientContext> As(const Cast& person,
                                          std::vector<std::string> units = {kUnit}) {
    return As(person.id, person.name, {person.role}, std::move(units));
  }

  // Creates the sample report in `unit` and imports the seed as the drafter.
  std::string CreateSeedReport(const std::string& unit = kUnit) {
    drafting::v1::CreateReportRequest create;
    create.mutable_report()->set_unit(unit);
    create.mutable_report()->set_unit_display_name("乐山市金口河区人民政府办公室");
    create.mutable_report()->set_fiscal_year(2024);
    create.mutable_report()->set_kind(drafting::v1::REPORT_KIND_FINAL_ACCOUNTS);
    create.mutable_report()->set_template_("templates/sichuan-final-accounts-2024");
    drafting::v1::Report report;
    EXPECT_TRUE(drafting_->CreateReport(As(kDrafter, {unit}).get(), create, &report).ok());
    drafting::v1::ImportDocumentRequest import;
    import.set_report(report.name());
    import.set_text(SeedText());
    drafting::v1::ImportDocumentResponse imported;
    EXPECT_TRUE(drafting_->ImportDocument(As(kDrafter, {unit}).get(), import, &imported).ok());
    return report.name();
  }

  // Submits the report and delivers StartReview; returns the new review.
  v1::Review SubmitAndStartReview(const std::string& report, const std::string& unit = kUnit) {
    drafting::v1::SubmitReportRequest submit;
    submit.set_name(report);
    drafting::v1::SubmitReportResponse submitted;
    grpc::Status status = drafting_->SubmitReport(As(kDrafter, {unit}).get(), submit, &submitted);
    EXPECT_TRUE(status.ok()) << status.error_message();
    DispatchAll(*drafting_db_, drafting::MakeDeliverer(drafting_peers_));
    v1::ListReviewsRequest list;
    list.set_report(report);
    v1::ListReviewsResponse reviews;
    EXPECT_TRUE(reviews_[0]->ListReviews(As(kStages[0], {unit}).get(), list, &reviews).ok());
    EXPECT_GE(reviews.reviews_size(), 1);
    return reviews.reviews_size() > 0 ? reviews.reviews(0) : v1::Review();
  }

  // Delivers every due message of an outbox; returns how many were handled.
  int DispatchAll(Database& db, const DeliverFunction& deliver,
                  const DeliveredHook& hook = nullptr) {
    int handled = 0;
    for (int i = 0; i < 50; ++i) {
      absl::StatusOr<bool> one = DispatchOne(db, deliver, absl::Seconds(60), hook);
      EXPECT_THAT(one, IsOk());
      if (!one.ok() || !*one) break;
      ++handled;
    }
    return handled;
  }
  int DispatchReview() {
    return DispatchAll(*review_db_, MakeDeliverer(review_peers_),
                       [](Transaction& tx, const OutboxMessage& message) {
                         return AuditDelivery(tx, message, absl::Now());
                       });
  }

  grpc::Status Approve(const Cast& person, const v1::Review& review, const std::string& stage,
                       v1::Review* response, const std::string& digest = "", int replica = 0,
                       const std::string& request_id = "") {
    v1::ApproveTaskRequest approve;
    approve.set_name(absl::StrCat(review.name(), "/tasks/", stage));
    approve.set_digest(digest.empty() ? review.digest() : digest);
    approve.set_opinion(absl::StrCat(person.name, "：同意"));
    approve.set_request_id(request_id);
    return reviews_[replica]->ApproveTask(As(person).get(), approve, response);
  }

  v1::Review Get(const std::string& name, v1::ReviewView view = v1::REVIEW_VIEW_BASIC,
                 const Cast& as = kStages[0]) {
    v1::GetReviewRequest get;
    get.set_name(name);
    get.set_view(view);
    v1::Review review;
    grpc::Status status = reviews_[0]->GetReview(As(as).get(), get, &review);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return review;
  }

  // Overrides every unoverridden error finding as the 终审 reviewer.
  void OverrideErrors(const v1::Review& review) {
    const v1::Review full = Get(review.name(), v1::REVIEW_VIEW_FULL);
    for (const v1::Finding& finding : full.findings()) {
      if (finding.severity() != v1::SEVERITY_ERROR || finding.overridden()) continue;
      v1::OverrideFindingRequest override_request;
      override_request.set_name(finding.name());
      override_request.set_reason("原文如此，已与财务核对，公开时以附表为准");
      v1::Finding overridden;
      ASSERT_TRUE(
          reviews_[0]->OverrideFinding(As(kStages[5]).get(), override_request, &overridden).ok());
      EXPECT_TRUE(overridden.overridden());
      EXPECT_EQ(overridden.overrider().display_name(), "赵磊");
    }
  }

  int64_t Count(Database& db, const std::string& query) {
    absl::StatusOr<int64_t> count =
        db.Transact<int64_t>([&](Transaction& tx) -> absl::StatusOr<int64_t> {
          ASSIGN_OR_RETURN(std::vector<Row> rows, tx.Query(query));
          return rows.at(0).GetInt64(0);
        });
    EXPECT_THAT(count, IsOk()) << query;
    return count.ok() ? *count : -1;
  }

  // Set by a subclass before SetUp: review names a notification service
  // (never reached: the tests read review's outbox).
  bool with_notifications_ = false;
  TempDir dir_;
  std::unique_ptr<TestSchema> drafting_schema_;
  std::unique_ptr<TestSchema> review_schema_;
  std::unique_ptr<Database> drafting_db_;
  std::unique_ptr<Database> review_db_;
  SigningKey signing_key_;
  PeerConfig review_peers_;
  PeerConfig drafting_peers_;
  std::unique_ptr<RunningServer> drafting_server_;
  std::vector<std::unique_ptr<RunningServer>> review_servers_;
  std::unique_ptr<drafting::v1::DraftingService::Stub> drafting_;
  std::vector<std::unique_ptr<v1::ReviewService::Stub>> reviews_;
};

TEST_F(ReviewServiceTest, SixPeopleTakeTheSeedThroughGovInterleavedToASignedCertificate) {
  const std::string report = CreateSeedReport();
  v1::Review review = SubmitAndStartReview(report);
  ASSERT_EQ(review.state(), v1::REVIEW_STATE_IN_PROGRESS);
  EXPECT_EQ(review.workflow_definition(), "workflowDefinitions/gov-interleaved");
  ASSERT_EQ(review.stages_size(), 7);
  EXPECT_EQ(review.stages(0).definition().display_name(), "机器预检");
  EXPECT_EQ(review.stages(0).state(), v1::STAGE_STATE_APPROVED) << "the machine check ran";
  EXPECT_EQ(review.stages(1).state(), v1::STAGE_STATE_ACTIVE);
  EXPECT_EQ(review.authors(0).user_id(), "u-zhangwei");

  // The machine checks found the seed's errors, placed in sections.
  const v1::Review full = Get(review.name(), v1::REVIEW_VIEW_FULL);
  int errors = 0;
  for (const v1::Finding& finding : full.findings()) {
    errors += finding.severity() == v1::SEVERITY_ERROR;
    EXPECT_THAT(finding.section(), ::testing::StartsWith(report + "/sections/"));
  }
  EXPECT_GE(errors, 10);
  ASSERT_EQ(full.sections_size(), 27);
  EXPECT_THAT(full.sections(2).content(), HasSubstr("1089.82"));

  // Each stage in the inbox of its person, approved in turn.
  for (int i = 0; i < 6; ++i) {
    const Cast& person = kStages[i];
    v1::ListTasksResponse inbox;
    ASSERT_TRUE(reviews_[0]->ListTasks(As(person).get(), {}, &inbox).ok());
    ASSERT_EQ(inbox.tasks_size(), 1) << person.name;
    const v1::Task& task = inbox.tasks(0);
    EXPECT_EQ(task.review(), review.name());
    EXPECT_EQ(task.stage().role(), person.role);
    EXPECT_EQ(task.digest(), review.digest());
    for (int other = 0; other < 6; ++other) {
      if (other == i) continue;
      v1::ListTasksResponse empty;
      ASSERT_TRUE(reviews_[0]->ListTasks(As(kStages[other]).get(), {}, &empty).ok());
      EXPECT_EQ(empty.tasks_size(), 0) << kStages[other].name << " at stage " << i;
    }
    if (i == 5) {
      v1::Review blocked;
      EXPECT_EQ(Approve(person, review, task.stage().key(), &blocked).error_code(),
                grpc::StatusCode::FAILED_PRECONDITION)
          << "machine-check errors block 终审 until overridden";
      OverrideErrors(review);
    }
    v1::Review approved;
    grpc::Status status = Approve(person, review, task.stage().key(), &approved);
    ASSERT_TRUE(status.ok()) << person.name << ": " << status.error_message();
    EXPECT_EQ(approved.stages(i + 1).state(), v1::STAGE_STATE_APPROVED);
    EXPECT_EQ(approved.stages(i + 1).actor().display_name(), person.name);
    review = approved;
  }
  EXPECT_EQ(review.state(), v1::REVIEW_STATE_APPROVED);

  // The certificate verifies with the service's public key.
  v1::GetApprovalCertificateRequest get_certificate;
  get_certificate.set_name(review.name() + "/certificate");
  v1::ApprovalCertificate certificate;
  // Another unit's certificate answers like a missing one (issue 12, F9).
  EXPECT_EQ(reviews_[1]
                ->GetApprovalCertificate(As("u-other", "他人", {}, {"another-unit"}).get(),
                                         get_certificate, &certificate)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(reviews_[1]
                  ->GetApprovalCertificate(As("u-sunli", "孙丽", {"publisher"}, {kUnit}).get(),
                                           get_certificate, &certificate)
                  .ok())
      << "the unit's own people read it";
  EXPECT_EQ(certificate.digest(), review.digest());
  ASSERT_EQ(certificate.stages_size(), 7);
  EXPECT_EQ(certificate.stages(6).display_name(), "终审");
  EXPECT_EQ(certificate.stages(6).signer().display_name(), "赵磊");
  EXPECT_EQ(certificate.stages(6).opinion(), "赵磊：同意");
  v1::ListPublicKeysResponse keys;
  ASSERT_TRUE(reviews_[0]->ListPublicKeys(As(kDrafter).get(), {}, &keys).ok());
  ASSERT_EQ(keys.public_keys_size(), 1);
  EXPECT_EQ(keys.public_keys(0).name(), certificate.public_key());
  EXPECT_THAT(VerifyCertificate(certificate, keys.public_keys(0).key()), IsOk());
  for (size_t i = 0; i < certificate.signed_payload().size(); i += 7) {
    v1::ApprovalCertificate tampered = certificate;
    std::string payload = tampered.signed_payload();
    payload[i] ^= 0x20;
    tampered.set_signed_payload(payload);
    EXPECT_FALSE(VerifyCertificate(tampered, keys.public_keys(0).key()).ok()) << "byte " << i;
  }

  // Outcomes leave through the outbox: APPROVED reaches drafting; Publish
  // waits for the publication service, visibly.
  EXPECT_EQ(DispatchReview(), 2);
  drafting::v1::GetReportRequest get_report;
  get_report.set_name(report);
  drafting::v1::Report drafted;
  ASSERT_TRUE(drafting_->GetReport(As(kDrafter).get(), get_report, &drafted).ok());
  EXPECT_EQ(drafted.state(), drafting::v1::REPORT_STATE_APPROVED);
  v1::ListDeliveriesResponse deliveries;
  ASSERT_TRUE(reviews_[0]->ListDeliveries(As(kStages[5]).get(), {}, &deliveries).ok());
  ASSERT_EQ(deliveries.deliveries_size(), 2);
  for (const type::v1::Delivery& delivery : deliveries.deliveries()) {
    if (delivery.method() == kPublishReport) {
      EXPECT_EQ(delivery.state(), type::v1::DELIVERY_STATE_PENDING);
      EXPECT_THAT(delivery.last_error(), HasSubstr("not configured"));
    } else {
      EXPECT_EQ(delivery.method(), kRecordReviewOutcome);
      EXPECT_EQ(delivery.state(), type::v1::DELIVERY_STATE_DELIVERED);
      EXPECT_EQ(delivery.attempts(), 1);
    }
  }

  // Every step is in the audit chain, which verifies.
  v1::ListAuditEventsRequest list_audit;
  list_audit.set_parent(report);
  list_audit.set_page_size(500);
  v1::ListAuditEventsResponse audit;
  ASSERT_TRUE(reviews_[0]->ListAuditEvents(As(kDrafter).get(), list_audit, &audit).ok());
  std::vector<std::string> actions;
  for (const v1::AuditEvent& event : audit.audit_events()) actions.push_back(event.action());
  EXPECT_EQ(actions.front(), "review.start");
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "machine_check.complete"), 1);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "stage.approve"), 6);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "finding.override"), errors);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "certificate.issue"), 1);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "outbox.delivered"), 1);
  v1::VerifyAuditChainRequest verify;
  verify.set_parent(report);
  v1::VerifyAuditChainResponse verified;
  ASSERT_TRUE(reviews_[1]->VerifyAuditChain(As(kDrafter).get(), verify, &verified).ok());
  EXPECT_TRUE(verified.valid()) << verified.reason();
  EXPECT_EQ(verified.checked_events(), audit.audit_events_size());
}

TEST_F(ReviewServiceTest, SeparationOfDutiesIsEnforcedWithTheRightCodes) {
  v1::Review review = SubmitAndStartReview(CreateSeedReport());
  v1::Review response;
  EXPECT_EQ(Approve(kStages[1], review, "proofread-1", &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "the wrong role";
  EXPECT_EQ(Approve(kStages[1], review, "review-1", &response).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "not the active stage";
  const Cast author_as_proofreader{"u-zhangwei", "张伟", "proofread_1"};
  EXPECT_EQ(Approve(author_as_proofreader, review, "proofread-1", &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "an author may not review their own text";
  v1::ApproveTaskRequest other_unit;
  other_unit.set_name(review.name() + "/tasks/proofread-1");
  other_unit.set_digest(review.digest());
  EXPECT_EQ(reviews_[0]
                ->ApproveTask(As("u-x", "外单位", {"proofread_1"}, {"another-unit"}).get(),
                              other_unit, &response)
                .error_code(),
            grpc::StatusCode::NOT_FOUND)
      << "another unit's review does not exist for them";
  ASSERT_TRUE(Approve(kStages[0], review, "proofread-1", &response).ok());
  const Cast same_person_next_stage{"u-lina", "李娜", "review_1"};
  grpc::Status twice = Approve(same_person_next_stage, review, "review-1", &response);
  EXPECT_EQ(twice.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(twice.error_message(), HasSubstr("一校"));
  EXPECT_EQ(Approve(kStages[1], review, "review-1", &response, std::string(64, '0')).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "an approval is bound to the digest read";
  EXPECT_EQ(Count(*review_db_, "SELECT COUNT(*) FROM review_decisions"), 1)
      << "refusals write nothing";
}

TEST_F(ReviewServiceTest, OnlyTheDraftingServiceStartsReviewsAndTheDigestMustMatch) {
  const std::string report = CreateSeedReport();
  drafting::v1::SubmitReportRequest submit;
  submit.set_name(report);
  drafting::v1::SubmitReportResponse submitted;
  ASSERT_TRUE(drafting_->SubmitReport(As(kDrafter).get(), submit, &submitted).ok());
  v1::StartReviewRequest start;
  start.set_report_version(submitted.version().name());
  start.set_digest(submitted.version().digest());
  v1::Review review;
  EXPECT_EQ(reviews_[0]->StartReview(As(kDrafter).get(), start, &review).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  auto drafting_service = [&] { return As("svc-drafting", "drafting", {"service:drafting"}, {}); };
  start.set_digest(std::string(64, 'a'));
  EXPECT_EQ(reviews_[0]->StartReview(drafting_service().get(), start, &review).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Count(*review_db_, "SELECT COUNT(*) FROM reviews"), 0);
  EXPECT_EQ(
      Count(*review_db_, "SELECT COUNT(*) FROM audit_events WHERE action = 'review.start_refused'"),
      1)
      << "the refusal is audited";
  start.set_digest("not-hex");
  EXPECT_EQ(reviews_[0]->StartReview(drafting_service().get(), start, &review).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  start.set_digest(submitted.version().digest());
  ASSERT_TRUE(reviews_[0]->StartReview(drafting_service().get(), start, &review).ok());
  v1::Review again;
  ASSERT_TRUE(reviews_[1]->StartReview(drafting_service().get(), start, &again).ok());
  EXPECT_EQ(again.name(), review.name()) << "idempotent on (report, version)";
  EXPECT_EQ(Count(*review_db_, "SELECT COUNT(*) FROM reviews"), 1);
  EXPECT_EQ(Count(*review_db_, "SELECT COUNT(*) FROM audit_events WHERE action='review.start'"), 1);
}

TEST_F(ReviewServiceTest, AReturnWithAnchoredCommentsReachesDraftingAndResubmissionStartsAgain) {
  const std::string report = CreateSeedReport();
  v1::Review first = SubmitAndStartReview(report);
  v1::Review response;
  ASSERT_TRUE(Approve(kStages[0], first, "proofread-1", &response).ok());
  const std::string section = report + "/sections/p2-01-overview";
  v1::ReturnTaskRequest give_back;
  give_back.set_name(first.name() + "/tasks/review-1");
  give_back.set_target(v1::RETURN_TARGET_DRAFTERS);
  give_back.set_request_id("return-1");
  v1::Comment* comment = give_back.add_comments();
  comment->mutable_anchor()->set_section(section);
  comment->mutable_anchor()->set_start(0);
  comment->mutable_anchor()->set_end(100000);
  comment->set_text("下降比率应为 8.93%");
  EXPECT_EQ(reviews_[0]->ReturnTask(As(kStages[1]).get(), give_back, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT)
      << "no reason";
  give_back.set_reason("总体情况说明中的下降比率有误");
  grpc::Status status = reviews_[0]->ReturnTask(As(kStages[1]).get(), give_back, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("comments[0].anchor"));
  EXPECT_EQ(Count(*review_db_, "SELECT COUNT(*) FROM comments"), 0) << "nothing half-written";
  comment->mutable_anchor()->set_start(20);
  comment->mutable_anchor()->set_end(40);
  status = reviews_[0]->ReturnTask(As(kStages[1]).get(), give_back, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.state(), v1::REVIEW_STATE_RETURNED);
  v1::Review replay;
  ASSERT_TRUE(reviews_[1]->ReturnTask(As(kStages[1]).get(), give_back, &replay).ok());
  EXPECT_EQ(replay.SerializeAsString(), response.SerializeAsString()) << "a retry, same answer";

  ASSERT_EQ(DispatchReview(), 1);
  drafting::v1::GetReportVersionRequest get_version;
  get_version.set_name(first.report_version());
  drafting::v1::ReportVersion returned;
  ASSERT_TRUE(drafting_->GetReportVersion(As(kDrafter).get(), get_version, &returned).ok());
  EXPECT_EQ(returned.review_outcome(), drafting::v1::REVIEW_OUTCOME_RETURNED);
  EXPECT_EQ(returned.review_reason(), "总体情况说明中的下降比率有误");
  ASSERT_EQ(returned.returned_comments_size(), 1);
  EXPECT_EQ(returned.returned_comments(0).section(), section);
  EXPECT_EQ(returned.returned_comments(0).start(), 20);
  EXPECT_EQ(returned.returned_comments(0).end(), 40);
  EXPECT_THAT(returned.returned_comments(0).revision(), HasSubstr("/revisions/"));
  EXPECT_EQ(returned.returned_comments(0).author().display_name(), "王强");

  // The report is editable again; a fix and a resubmission start a new review.
  drafting::v1::CreateRevisionRequest revise;
  revise.set_parent(section);
  revise.mutable_revision()->set_content(
      "2024 年度收入、支出总计均为 1089.82 万元。与 2023 年度相比，收入、支出总计各减少 106.9 "
      "万元，下降 8.93%。\n");
  revise.mutable_revision()->set_base_revision(1);
  drafting::v1::Revision revision;
  status = drafting_->CreateRevision(As(kDrafter).get(), revise, &revision);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::Review second = SubmitAndStartReview(report);
  EXPECT_NE(second.name(), first.name());
  EXPECT_EQ(second.previous_review(), first.name());
  const v1::Review full = Get(second.name(), v1::REVIEW_VIEW_FULL);
  int diffs = 0;
  for (const v1::ReviewedSection& reviewed : full.sections()) {
    if (reviewed.has_diff()) {
      ++diffs;
      EXPECT_EQ(reviewed.section(), section);
      EXPECT_EQ(reviewed.diff().inserted_lines(), 1);
    }
  }
  EXPECT_EQ(diffs, 1) << "the diff against the version the chain last saw";
  EXPECT_EQ(Get(first.name()).state(), v1::REVIEW_STATE_RETURNED);
  int carried = 0;
  for (const v1::Finding& finding : full.findings()) carried += !finding.carried_from().empty();
  EXPECT_GT(carried, 0) << "findings of unchanged sections are marked as carried over";
}

TEST_F(ReviewServiceTest, ANewVersionCancelsAnOpenReviewOfAnOlderOne) {
  const std::string report = CreateSeedReport();
  v1::Review first = SubmitAndStartReview(report);
  // Drafting takes the version back outside this review (as after a lost
  // outcome), so the old review is still open when version 2 arrives.
  drafting::v1::RecordReviewOutcomeRequest outcome;
  outcome.set_version(first.report_version());
  outcome.set_outcome(drafting::v1::REVIEW_OUTCOME_WITHDRAWN);
  drafting::v1::Report drafted;
  ASSERT_TRUE(drafting_
                  ->RecordReviewOutcome(As("svc-review", "review", {"service:review"}, {}).get(),
                                        outcome, &drafted)
                  .ok());
  // A blocking comment on an unchanged section carries over.
  v1::CreateCommentRequest create;
  create.set_parent(first.name());
  create.mutable_comment()->mutable_anchor()->set_section(report + "/sections/p1-duties");
  create.mutable_comment()->set_text("职责表述请与三定方案核对");
  create.mutable_comment()->set_blocking(true);
  v1::Comment comment;
  ASSERT_TRUE(reviews_[0]->CreateComment(As(kStages[0]).get(), create, &comment).ok());
  EXPECT_EQ(comment.name(), first.name() + "/comments/1");
  EXPECT_THAT(comment.anchor().revision(), HasSubstr("/revisions/1"));

  v1::Review second = SubmitAndStartReview(report);
  EXPECT_EQ(second.report_version(), report + "/versions/2");
  const v1::Review old = Get(first.name());
  EXPECT_EQ(old.state(), v1::REVIEW_STATE_CANCELLED);
  EXPECT_EQ(old.stages(1).state(), v1::STAGE_STATE_SKIPPED);
  v1::ListTasksResponse inbox;
  ASSERT_TRUE(reviews_[0]->ListTasks(As(kStages[0]).get(), {}, &inbox).ok());
  ASSERT_EQ(inbox.tasks_size(), 1) << "only the new review is in the inbox";
  EXPECT_EQ(inbox.tasks(0).review(), second.name());
  const v1::Review full = Get(second.name(), v1::REVIEW_VIEW_FULL);
  ASSERT_EQ(full.comments_size(), 1);
  EXPECT_EQ(full.comments(0).carried_from(), first.name());
  EXPECT_TRUE(full.comments(0).blocking());
}

TEST_F(ReviewServiceTest, TwoReplicasRacingOnOneStageSignItOnce) {
  const Cast rivals[] = {{"u-lina", "李娜", "proofread_1"}, {"u-lina2", "李娜二", "proofread_1"}};
  for (int round = 0; round < 12; ++round) {
    const std::string unit = absl::StrCat("race-unit-", round);
    const v1::Review review = SubmitAndStartReview(CreateSeedReport(unit), unit);
    grpc::Status results[2];
    std::thread racers[2];
    for (int i = 0; i < 2; ++i) {
      racers[i] = std::thread([&, i] {
        v1::ApproveTaskRequest approve;
        approve.set_name(review.name() + "/tasks/proofread-1");
        approve.set_digest(review.digest());
        approve.set_opinion("同意");
        v1::Review response;
        results[i] = reviews_[i]->ApproveTask(As(rivals[i], {unit}).get(), approve, &response);
      });
    }
    for (std::thread& racer : racers) racer.join();
    const int succeeded = results[0].ok() + results[1].ok();
    ASSERT_EQ(succeeded, 1) << "round " << round;
    const grpc::Status& lost = results[0].ok() ? results[1] : results[0];
    EXPECT_THAT(lost.error_code(),
                AnyOf(grpc::StatusCode::ABORTED, grpc::StatusCode::FAILED_PRECONDITION))
        << lost.error_message();
  }
  EXPECT_EQ(Count(*review_db_, "SELECT COUNT(*) FROM review_decisions"), 12)
      << "never two signatures";
  EXPECT_EQ(Count(*review_db_, "SELECT COUNT(*) FROM audit_events WHERE action = 'stage.approve'"),
            12);
}

TEST_F(ReviewServiceTest, AlteringOneAuditRowIsNamedByVerify) {
  const std::string report = CreateSeedReport();
  v1::Review review = SubmitAndStartReview(report);
  v1::Review response;
  ASSERT_TRUE(Approve(kStages[0], review, "proofread-1", &response).ok());
  ASSERT_TRUE(Approve(kStages[1], review, "review-1", &response).ok());
  ASSERT_THAT(review_db_->Transact([&](Transaction& tx) {
    return tx
        .Execute("UPDATE audit_events SET actor_name = '冒名' WHERE sequence = 3 AND report_id = ?",
                 {report.substr(8)})
        .status();
  }),
              IsOk());
  v1::VerifyAuditChainRequest verify;
  verify.set_parent(report);
  v1::VerifyAuditChainResponse verified;
  ASSERT_TRUE(reviews_[0]->VerifyAuditChain(As(kDrafter).get(), verify, &verified).ok());
  EXPECT_FALSE(verified.valid());
  EXPECT_EQ(verified.first_invalid_event(), report + "/auditEvents/3");
  EXPECT_THAT(verified.reason(), HasSubstr("改动"));

  verify.set_parent("reports/r-unknown");
  EXPECT_EQ(reviews_[0]->VerifyAuditChain(As(kDrafter).get(), verify, &verified).error_code(),
            grpc::StatusCode::NOT_FOUND);
  verify.set_parent(report);
  EXPECT_EQ(
      reviews_[0]
          ->VerifyAuditChain(As("u-x", "外单位", {}, {"another-unit"}).get(), verify, &verified)
          .error_code(),
      grpc::StatusCode::NOT_FOUND);
}

TEST_F(ReviewServiceTest, ARetriedApprovalReturnsTheFirstAnswer) {
  v1::Review review = SubmitAndStartReview(CreateSeedReport());
  v1::Review first;
  ASSERT_TRUE(Approve(kStages[0], review, "proofread-1", &first, "", 0, "approve-1").ok());
  v1::Review again;
  ASSERT_TRUE(Approve(kStages[0], review, "proofread-1", &again, "", 1, "approve-1").ok());
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(Count(*review_db_, "SELECT COUNT(*) FROM review_decisions"), 1);
}

// The hot queries — a person's inbox, a review's stages, a report's audit
// tail — are served by an index on tables big enough for the optimizer to
// prefer one.
TEST_F(ReviewServiceTest, HotQueriesUseAnIndex) {
  ASSERT_THAT(review_db_->Transact([](Transaction& tx) -> absl::Status {
    for (int i = 0; i < 400; ++i) {
      RETURN_IF_ERROR(
          tx.Execute("INSERT INTO reviews (report_id, version_number, unit, title, digest, "
                     "definition_id, state, active_stage, active_role, active_since, "
                     "submitter_id, submitter_name, authors_json) VALUES (?, 1, ?, 't', 'd', "
                     "'gov-interleaved', ?, 1, ?, CURRENT_TIMESTAMP(6), 's', 's', '[]')",
                     {absl::StrCat("r-bulk", i), absl::StrCat("unit-", i % 40), 1 + i % 5,
                      absl::StrCat("role-", i % 7)})
              .status());
      for (int stage = 0; stage < 7; ++stage) {
        RETURN_IF_ERROR(tx.Execute("INSERT INTO review_stages (review_id, stage_index, "
                                   "stage_key, state, opinion) VALUES (LAST_INSERT_ID(), ?, 'k', "
                                   "1, '')",
                                   {stage})
                            .status());
      }
      RETURN_IF_ERROR(tx.Execute("INSERT INTO audit_events (report_id, sequence, action, "
                                 "actor_id, actor_name, subject, details_json, create_time, "
                                 "previous_hash, hash) VALUES (?, ?, 'a', 'a', 'a', 's', '{}', "
                                 "CURRENT_TIMESTAMP(6), 'p', 'h')",
                                 {absl::StrCat("r-bulk", i / 4), 1 + i % 4})
                          .status());
    }
    for (const char* table : {"reviews", "review_stages", "audit_events"}) {
      RETURN_IF_ERROR(tx.ExecuteDirect(absl::StrCat("ANALYZE TABLE ", table)));
    }
    return absl::OkStatus();
  }),
              IsOk());
  const std::vector<testing::PlannedQuery> queries = {
      {"a person's inbox",
       "SELECT id FROM reviews WHERE state = ? AND unit IN (?) AND active_role IN (?, ?) AND "
       "(active_since > ? OR (active_since = ? AND id > ?)) ORDER BY active_since, id LIMIT ?",
       {1, "unit-7", "role-1", "role-2", "1970-01-01 00:00:00", "1970-01-01 00:00:00", 0, 51}},
      {"a review's stages",
       "SELECT state FROM review_stages WHERE review_id = ? ORDER BY "
       "stage_index",
       {int64_t{8}}},
      {"a report's audit tail",
       "SELECT hash FROM audit_events WHERE report_id = ? AND "
       "sequence > ? ORDER BY sequence LIMIT ?",
       {"r-bulk7", 0, 501}},
      {"a unit's reviews",
       "SELECT id FROM reviews WHERE unit IN (?) ORDER BY id DESC LIMIT ?",
       {"unit-3", 51}},
      {"the review of a version",
       "SELECT id FROM reviews WHERE report_id = ? AND "
       "version_number = ?",
       {"r-bulk3", 1}},
      {"the reminder ticker's page of waiting stages",
       "SELECT id FROM reviews WHERE state = ? AND (active_since > ? OR (active_since = ? AND "
       "id > ?)) ORDER BY active_since, id LIMIT ?",
       {1, "1970-01-01 00:00:00", "1970-01-01 00:00:00", 0, 501}},
  };
  testing::ExpectIndexed(*review_db_, queries);
}

// 催办 and the events the people concerned are told, as review's outbox
// holds them for the notification service.
class ReviewNotificationTest : public ReviewServiceTest {
 protected:
  ReviewNotificationTest() { with_notifications_ = true; }
  // (request id, payload) of the Notify messages in review's outbox.
  std::vector<notification::v1::NotifyRequest> Notifications() {
    std::vector<notification::v1::NotifyRequest> out;
    EXPECT_THAT(review_db_->Transact([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(auto rows,
                       tx.Query("SELECT payload FROM outbox WHERE method = ? ORDER BY id",
                                {std::string(kNotifyMethod)}));
      for (const Row& row : rows) {
        out.emplace_back();
        out.back().ParseFromString(row.GetString(0));
      }
      return absl::OkStatus();
    }),
                IsOk());
    return out;
  }
  grpc::Status Urge(const Cast& who, const std::string& task, v1::UrgeTaskResponse* response,
                    const std::string& request_id = "", std::vector<std::string> units = {kUnit}) {
    v1::UrgeTaskRequest request;
    request.set_name(task);
    request.set_note("请今天签");
    request.set_request_id(request_id);
    return reviews_[0]->UrgeTask(As(who, std::move(units)).get(), request, response);
  }
};

TEST_F(ReviewNotificationTest, DraftersUrgeAWaitingStageOnceInFourHoursAudited) {
  const std::string report = CreateSeedReport();
  const v1::Review review = SubmitAndStartReview(report);
  const std::string task = absl::StrCat(review.name(), "/tasks/proofread-1");
  ASSERT_EQ(Notifications().size(), 1u) << "一校 is waiting";
  EXPECT_EQ(Notifications()[0].kind(), notification::v1::EVENT_KIND_TASK_ACTIVE);

  v1::UrgeTaskResponse urged;
  // A reviewer may not urge; another unit does not learn the review exists;
  // a stage that is not waiting cannot be urged.
  EXPECT_EQ(Urge(kStages[1], task, &urged).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Urge(kDrafter, task, &urged, "", {"other-unit"}).error_code(),
            grpc::StatusCode::NOT_FOUND);
  grpc::Status status = Urge(kDrafter, absl::StrCat(review.name(), "/tasks/review-1"), &urged);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("不在等待签署"));

  status = Urge(kDrafter, task, &urged, "urge-1");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(urged.task(), task);
  EXPECT_EQ(urged.next_allowed_time().seconds() - urged.urge_time().seconds(), 4 * 3600);
  v1::UrgeTaskResponse again;
  ASSERT_TRUE(Urge(kDrafter, task, &again, "urge-1").ok()) << "a retry gets the first answer";
  EXPECT_EQ(again.urge_time().seconds(), urged.urge_time().seconds());
  status = Urge(kDrafter, task, &again, "urge-2");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(), HasSubstr("后才能再次催办"));

  const std::vector<notification::v1::NotifyRequest> sent = Notifications();
  ASSERT_EQ(sent.size(), 2u) << "one urge, however often retried";
  EXPECT_EQ(sent[1].kind(), notification::v1::EVENT_KIND_TASK_URGED);
  EXPECT_EQ(sent[1].role(), "proofread_1");
  EXPECT_THAT(sent[1].text(), HasSubstr("张伟 催办"));
  EXPECT_THAT(sent[1].text(), HasSubstr("附言：请今天签"));

  v1::ListAuditEventsRequest list;
  list.set_parent(report);
  v1::ListAuditEventsResponse audit;
  ASSERT_TRUE(reviews_[0]->ListAuditEvents(As(kDrafter).get(), list, &audit).ok());
  int urges = 0;
  for (const v1::AuditEvent& event : audit.audit_events()) {
    if (event.action() == "task.urge") {
      ++urges;
      EXPECT_EQ(event.subject(), task);
    }
  }
  EXPECT_EQ(urges, 1);
  v1::VerifyAuditChainRequest verify;
  verify.set_parent(report);
  v1::VerifyAuditChainResponse verified;
  ASSERT_TRUE(reviews_[0]->VerifyAuditChain(As(kDrafter).get(), verify, &verified).ok());
  EXPECT_TRUE(verified.valid()) << verified.reason();

  // The next stage may be urged at once: the limit is per activation.
  v1::Review approved;
  ASSERT_TRUE(Approve(kStages[0], review, "proofread-1", &approved).ok());
  status = Urge(kDrafter, absl::StrCat(review.name(), "/tasks/review-1"), &urged, "urge-3");
  EXPECT_TRUE(status.ok()) << status.error_message();
}

}  // namespace
}  // namespace reportflow::review
