// End to end: the real server executables on the real MariaDB, each killed
// (SIGKILL) between a commit and its outbox's delivery, then restarted:
//   - review-server commits a return; restarted, it delivers the outcome to
//     drafting exactly once;
//   - publication-server renders and stores a page; restarted, it pushes it
//     to the static portal exactly once.
// `--hold-outbox` keeps the first process from delivering, so the crash
// always falls between the commit and the delivery.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "reportflow/drafting/v1/drafting.grpc.pb.h"
#include "reportflow/publication/v1/publication.grpc.pb.h"
#include "reportflow/review/v1/review.grpc.pb.h"
#include "services/common/auth.h"
#include "services/common/certificate.h"
#include "services/common/database.h"
#include "services/common/signing.h"
#include "services/common/status_matchers.h"
#include "tests/support/process.h"
#include "tests/support/test_db.h"

namespace reportflow {
namespace {

using ::reportflow::testing::ChildProcess;
using ::reportflow::testing::IsOk;
using ::reportflow::testing::TempDir;
using ::reportflow::testing::TestSchema;

constexpr char kUnit[] = "jinkouhe-gov-office";

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto* schema : {&drafting_schema_, &review_schema_, &publication_schema_}) {
      absl::StatusOr<std::unique_ptr<TestSchema>> created = TestSchema::Create();
      ASSERT_THAT(created, IsOk());
      *schema = *std::move(created);
    }
    absl::StatusOr<KeyPair> keys = GenerateSigningKeyPair();
    ASSERT_THAT(keys, IsOk());
    private_key_ = keys->private_key_pem;
    jwt_public_ = dir_.WriteFile("jwt.pub", keys->public_key_pem);
    review_key_ = GenerateSigningKey();
    signing_key_ = dir_.WriteFile("review-signing.key", SigningKeyFileText(review_key_));
    public_key_ = dir_.WriteFile("review-signing.pub", PublicKeyFileText(review_key_));
    password_ = dir_.WriteFile("db.password", drafting_schema_->config().password);
    review_token_ = dir_.WriteFile("review.token", Token("svc-review", {"service:review"}, {}));
    publication_token_ =
        dir_.WriteFile("publication.token", Token("svc-publication", {"service:publication"}, {}));
    drafting_port_ = StartServer("drafting", *drafting_schema_, {}, &drafting_process_);
    ASSERT_GT(drafting_port_, 0);
    drafting_ = drafting::v1::DraftingService::NewStub(Channel(drafting_port_));
  }

  std::string Token(const std::string& user, std::vector<std::string> roles,
                    std::vector<std::string> units) {
    absl::StatusOr<std::string> token =
        IssueToken(private_key_, {user, user, std::move(roles), std::move(units)}, absl::Now(),
                   absl::Hours(1));
    EXPECT_THAT(token, IsOk());
    return *token;
  }
  std::unique_ptr<grpc::ClientContext> As(const std::string& user, std::vector<std::string> roles,
                                          std::vector<std::string> units = {kUnit}) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    context->AddMetadata("authorization", "Bearer " + Token(user, roles, units));
    return context;
  }
  static std::shared_ptr<grpc::Channel> Channel(int port) {
    return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                               grpc::InsecureChannelCredentials());
  }

  // Starts `<name>-server` on `schema`; returns its port (0 on failure).
  int StartServer(const std::string& name, const TestSchema& schema, std::vector<std::string> extra,
                  std::unique_ptr<ChildProcess>* process) {
    const std::string port_file = absl::StrCat(dir_.path(), "/", name, ++starts_, ".port");
    std::vector<std::string> argv = {absl::StrCat(RF_BIN_DIR, "/", name, "-server"),
                                     "--listen=127.0.0.1:0",
                                     "--port-file=" + port_file,
                                     "--db-socket=" + schema.config().socket,
                                     "--db-user=" + schema.config().user,
                                     "--db-password-file=" + password_,
                                     "--db-name=" + schema.name(),
                                     "--jwt-public-key=" + jwt_public_,
                                     "--plaintext-service-claims"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    absl::StatusOr<std::unique_ptr<ChildProcess>> started =
        ChildProcess::Start(argv, absl::StrCat(dir_.path(), "/", name, starts_, ".log"));
    EXPECT_THAT(started, IsOk());
    *process = *std::move(started);
    for (int i = 0; i < 1500; ++i) {
      int port = 0;
      if (absl::SimpleAtoi(absl::StripAsciiWhitespace(testing::ReadFileOrEmpty(port_file)),
                           &port)) {
        return port;
      }
      if (!(*process)->Running()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << name << "-server did not start: "
                  << testing::ReadFileOrEmpty(
                         absl::StrCat(dir_.path(), "/", name, starts_, ".log"));
    return 0;
  }
  int StartReview(bool hold_outbox) {
    std::vector<std::string> extra = {"--signing-key-file=" + signing_key_,
                                      absl::StrCat("--drafting-address=127.0.0.1:", drafting_port_),
                                      "--service-token-file=" + review_token_};
    if (hold_outbox) extra.push_back("--hold-outbox");
    return StartServer("review", *review_schema_, extra, &review_process_);
  }

  int StartPublication(bool hold_outbox) {
    std::vector<std::string> extra = {"--review-public-key-file=" + public_key_,
                                      "--portal-dir=" + dir_.path() + "/portal",
                                      absl::StrCat("--drafting-address=127.0.0.1:", drafting_port_),
                                      "--service-token-file=" + publication_token_};
    if (hold_outbox) extra.push_back("--hold-outbox");
    return StartServer("publication", *publication_schema_, extra, &publication_process_);
  }

  // The seed report, imported and submitted by the drafter.
  drafting::v1::ReportVersion SubmitSeed() {
    drafting::v1::CreateReportRequest create;
    create.mutable_report()->set_unit(kUnit);
    create.mutable_report()->set_unit_display_name("乐山市金口河区人民政府办公室");
    create.mutable_report()->set_fiscal_year(2024);
    create.mutable_report()->set_kind(drafting::v1::REPORT_KIND_FINAL_ACCOUNTS);
    create.mutable_report()->set_template_("templates/sichuan-final-accounts-2024");
    drafting::v1::Report report;
    EXPECT_TRUE(drafting_->CreateReport(As("u-zhangwei", {"drafter"}).get(), create, &report).ok());
    std::ifstream seed(RF_SEED_REPORT);
    std::stringstream text;
    text << seed.rdbuf();
    drafting::v1::ImportDocumentRequest import;
    import.set_report(report.name());
    import.set_text(text.str());
    drafting::v1::ImportDocumentResponse imported;
    EXPECT_TRUE(
        drafting_->ImportDocument(As("u-zhangwei", {"drafter"}).get(), import, &imported).ok());
    drafting::v1::SubmitReportRequest submit;
    submit.set_name(report.name());
    drafting::v1::SubmitReportResponse submitted;
    EXPECT_TRUE(
        drafting_->SubmitReport(As("u-zhangwei", {"drafter"}).get(), submit, &submitted).ok());
    return submitted.version();
  }

  drafting::v1::ReportVersion Version(const std::string& name) {
    drafting::v1::GetReportVersionRequest get;
    get.set_name(name);
    drafting::v1::ReportVersion version;
    EXPECT_TRUE(
        drafting_->GetReportVersion(As("u-zhangwei", {"drafter"}).get(), get, &version).ok());
    return version;
  }

  TempDir dir_;
  std::unique_ptr<TestSchema> drafting_schema_;
  std::unique_ptr<TestSchema> review_schema_;
  std::unique_ptr<TestSchema> publication_schema_;
  SigningKey review_key_;
  std::string private_key_, jwt_public_, signing_key_, public_key_, password_, review_token_,
      publication_token_;
  int starts_ = 0;
  int drafting_port_ = 0;
  std::unique_ptr<ChildProcess> drafting_process_;
  std::unique_ptr<ChildProcess> review_process_;
  std::unique_ptr<ChildProcess> publication_process_;
  std::unique_ptr<drafting::v1::DraftingService::Stub> drafting_;
};

TEST_F(CrashTest, AReturnCommittedBeforeACrashIsDeliveredOnceAfterRestart) {
  // A submitted sample report.
  const drafting::v1::ReportVersion submitted_version = SubmitSeed();
  const std::string report_name =
      submitted_version.name().substr(0, submitted_version.name().find("/versions/"));

  // The review, approved once and returned, committed while the outbox is held.
  const int held_port = StartReview(/*hold_outbox=*/true);
  ASSERT_GT(held_port, 0);
  auto review_stub = review::v1::ReviewService::NewStub(Channel(held_port));
  review::v1::StartReviewRequest start;
  start.set_report_version(submitted_version.name());
  start.set_digest(submitted_version.digest());
  review::v1::Review review;
  grpc::Status status =
      review_stub->StartReview(As("svc-drafting", {"service:drafting"}, {}).get(), start, &review);
  ASSERT_TRUE(status.ok()) << status.error_message();
  review::v1::ApproveTaskRequest approve;
  approve.set_name(review.name() + "/tasks/proofread-1");
  approve.set_digest(review.digest());
  ASSERT_TRUE(review_stub->ApproveTask(As("u-lina", {"proofread_1"}).get(), approve, &review).ok());
  review::v1::ReturnTaskRequest give_back;
  give_back.set_name(review.name() + "/tasks/review-1");
  give_back.set_target(review::v1::RETURN_TARGET_DRAFTERS);
  give_back.set_reason("收入支出总计的增减比率有误");
  ASSERT_TRUE(
      review_stub->ReturnTask(As("u-wangqiang", {"review_1"}).get(), give_back, &review).ok());
  ASSERT_EQ(review.state(), review::v1::REVIEW_STATE_RETURNED);

  // Killed after the commit, before any delivery.
  review_process_->Signal(SIGKILL);
  ASSERT_THAT(review_process_->Wait(absl::Seconds(10)), IsOk());
  EXPECT_EQ(Version(submitted_version.name()).review_outcome(),
            drafting::v1::REVIEW_OUTCOME_UNSPECIFIED);

  // Restarted: the outcome arrives, once.
  const int port = StartReview(/*hold_outbox=*/false);
  ASSERT_GT(port, 0);
  drafting::v1::ReportVersion version;
  for (int i = 0; i < 300; ++i) {
    version = Version(submitted_version.name());
    if (version.review_outcome() != drafting::v1::REVIEW_OUTCOME_UNSPECIFIED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(version.review_outcome(), drafting::v1::REVIEW_OUTCOME_RETURNED);
  EXPECT_EQ(version.review_reason(), "收入支出总计的增减比率有误");
  review_stub = review::v1::ReviewService::NewStub(Channel(port));
  review::v1::ListDeliveriesResponse deliveries;
  ASSERT_TRUE(
      review_stub->ListDeliveries(As("u-wangqiang", {"review_1"}).get(), {}, &deliveries).ok());
  ASSERT_EQ(deliveries.deliveries_size(), 1);
  EXPECT_EQ(deliveries.deliveries(0).state(), type::v1::DELIVERY_STATE_DELIVERED);
  EXPECT_EQ(deliveries.deliveries(0).attempts(), 1) << "delivered once";
  review::v1::ListAuditEventsRequest list;
  list.set_parent(report_name);
  review::v1::ListAuditEventsResponse audit;
  ASSERT_TRUE(
      review_stub->ListAuditEvents(As("u-wangqiang", {"review_1"}).get(), list, &audit).ok());
  int delivered = 0;
  for (const auto& event : audit.audit_events()) delivered += event.action() == "outbox.delivered";
  EXPECT_EQ(delivered, 1);
  review_process_->Signal(SIGTERM);
  EXPECT_THAT(review_process_->Wait(absl::Seconds(15)), IsOk());
}

TEST_F(CrashTest, APageRenderedBeforeACrashAppearsOnceAfterRestart) {
  namespace fs = std::filesystem;
  // An approved sample report and the certificate the review service sends.
  const drafting::v1::ReportVersion version = SubmitSeed();
  drafting::v1::RecordReviewOutcomeRequest approved;
  approved.set_version(version.name());
  approved.set_outcome(drafting::v1::REVIEW_OUTCOME_APPROVED);
  approved.set_review("reviews/1");
  drafting::v1::Report report;
  ASSERT_TRUE(
      drafting_
          ->RecordReviewOutcome(As("svc-review", {"service:review"}, {}).get(), approved, &report)
          .ok());
  review::v1::ApprovalCertificate certificate;
  certificate.set_name("reviews/1/certificate");
  certificate.set_report(report.name());
  certificate.set_report_version(version.name());
  certificate.set_digest(version.digest());
  certificate.set_workflow_definition("workflowDefinitions/gov-interleaved");
  certificate.set_unit(kUnit);
  certificate.mutable_issue_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
  review::v1::CertifiedStage* stage = certificate.add_stages();
  stage->set_key("review-3");
  stage->set_display_name("终审");
  stage->mutable_signer()->set_display_name("赵磊");
  stage->mutable_sign_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
  SignCertificate(review_key_, &certificate);
  publication::v1::PublishReportRequest publish;
  publish.mutable_certificate()->set_name(certificate.name());
  publish.mutable_certificate()->set_signed_payload(certificate.signed_payload());
  publish.mutable_certificate()->set_signature(certificate.signature());
  publish.mutable_certificate()->set_public_key(certificate.public_key());

  // Rendered and stored with the push queued; killed before the push.
  const int held_port = StartPublication(/*hold_outbox=*/true);
  ASSERT_GT(held_port, 0);
  auto stub = publication::v1::PublicationService::NewStub(Channel(held_port));
  publication::v1::Publication publication;
  grpc::Status status =
      stub->PublishReport(As("svc-review", {"service:review"}, {}).get(), publish, &publication);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(publication.state(), publication::v1::PUBLICATION_STATE_PENDING);
  publication_process_->Signal(SIGKILL);
  ASSERT_THAT(publication_process_->Wait(absl::Seconds(10)), IsOk());
  const fs::path site = fs::path(dir_.path()) / "portal" / kUnit / "2024";
  EXPECT_FALSE(fs::exists(site)) << "nothing was pushed before the crash";

  // Restarted: the page appears, once.
  const int port = StartPublication(/*hold_outbox=*/false);
  ASSERT_GT(port, 0);
  stub = publication::v1::PublicationService::NewStub(Channel(port));
  publication::v1::GetPublicationRequest get;
  get.set_name(publication.name());
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(stub->GetPublication(As("u-sunli", {"publisher"}).get(), get, &publication).ok());
    if (publication.state() == publication::v1::PUBLICATION_STATE_PUBLISHED &&
        fs::exists(site / "index.html")) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(publication.state(), publication::v1::PUBLICATION_STATE_PUBLISHED);
  EXPECT_TRUE(fs::exists(publication.url())) << publication.url();
  int pages = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(site)) {
    pages += entry.is_directory() && fs::exists(entry.path() / "index.html");
  }
  EXPECT_EQ(pages, 1);
  publication::v1::ListPortalPushesRequest list;
  list.set_parent(publication.name());
  publication::v1::ListPortalPushesResponse pushes;
  ASSERT_TRUE(stub->ListPortalPushes(As("u-sunli", {"publisher"}).get(), list, &pushes).ok());
  ASSERT_GE(pushes.portal_pushes_size(), 1);
  EXPECT_EQ(pushes.portal_pushes(0).kind(), publication::v1::PUSH_KIND_PAGE);
  EXPECT_EQ(pushes.portal_pushes(0).attempts(), 1) << "pushed once";
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(publication_schema_->config());
  ASSERT_THAT(db, IsOk());
  absl::StatusOr<int64_t> pushed =
      (*db)->Transact<int64_t>([](Transaction& tx) -> absl::StatusOr<int64_t> {
        absl::StatusOr<std::vector<Row>> rows =
            tx.Query("SELECT COUNT(*) FROM audit_events WHERE action = 'portal.page_pushed'");
        if (!rows.ok()) return rows.status();
        return (*rows)[0].GetInt64(0);
      });
  EXPECT_THAT(pushed, ::reportflow::testing::IsOkAndHolds(1));
  publication_process_->Signal(SIGTERM);
  EXPECT_THAT(publication_process_->Wait(absl::Seconds(15)), IsOk());
}

}  // namespace
}  // namespace reportflow
