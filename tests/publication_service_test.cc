// Service-tier tests of the publication service: real gRPC servers in-process
// — drafting-server and publication-server, each on its own fresh schema of
// the real MariaDB — with the static portal sink writing to a temporary
// directory and the outboxes dispatched by the test. Certificates are signed
// here with a key the publication server is configured with, as the review
// service would sign them.
#include "services/publication/api/publication_service.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "embedded/drafting_migrations.h"
#include "embedded/publication_migrations.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "services/common/certificate.h"
#include "services/common/outbox.h"
#include "services/common/server.h"
#include "services/common/sha256.h"
#include "services/common/status_macros.h"
#include "services/common/status_matchers.h"
#include "services/drafting/api/drafting_service.h"
#include "services/drafting/domain/templates.h"
#include "services/publication/api/delivery.h"
#include "services/publication/api/portal_checks.h"
#include "services/publication/portal/http_sink.h"
#include "services/publication/portal/static_sink.h"
#include "tests/support/in_process.h"
#include "tests/support/process.h"
#include "tests/support/query_plan.h"
#include "tests/support/svg.h"
#include "tests/support/test_db.h"

namespace reportflow::publication {
namespace {

namespace fs = std::filesystem;
using ::reportflow::testing::IsOk;
using ::reportflow::testing::TempDir;
using ::reportflow::testing::TestSchema;
using ::testing::HasSubstr;

constexpr char kUnit[] = "jinkouhe-gov-office";
const char* const kStageNames[][3] = {
    {"proofread-1", "一校", "李娜"}, {"review-1", "初审", "王强"},
    {"proofread-2", "二校", "刘芳"}, {"review-2", "复审", "陈杰"},
    {"proofread-3", "三校", "杨敏"}, {"review-3", "终审", "赵磊"}};

std::string ReadText(const fs::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

int64_t CountRows(Database& db, const std::string& query) {
  absl::StatusOr<int64_t> count =
      db.Transact<int64_t>([&](Transaction& tx) -> absl::StatusOr<int64_t> {
        absl::StatusOr<std::vector<Row>> rows = tx.Query(query);
        if (!rows.ok()) return rows.status();
        return (*rows)[0].GetInt64(0);
      });
  EXPECT_THAT(count, IsOk());
  return count.value_or(-1);
}

class PublicationServiceTest : public ::testing::Test, protected testing::InProcessServers {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestSchema>> drafting_schema = TestSchema::Create();
    absl::StatusOr<std::unique_ptr<TestSchema>> publication_schema = TestSchema::Create();
    ASSERT_THAT(drafting_schema, IsOk());
    ASSERT_THAT(publication_schema, IsOk());
    drafting_schema_ = *std::move(drafting_schema);
    publication_schema_ = *std::move(publication_schema);
    drafting_db_ = testing::OpenMigrated(*drafting_schema_, drafting::Migrations());
    publication_db_ = testing::OpenMigrated(*publication_schema_, Migrations());

    review_key_ = GenerateSigningKey();
    portal_root_ = dir_.path() + "/portal";

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

    peers_.drafting_address = absl::StrCat("127.0.0.1:", drafting_server_->port());
    peers_.service_token_file =
        dir_.WriteFile("publication.token",
                       Token("svc-publication", "publication-server", {"service:publication"}, {}));
    sink_ = std::make_shared<StaticSink>(portal_root_, "");
    publication_server_ = Start("publication", [&](const CallerRegistry& callers) {
      ServiceContext context;
      context.db = publication_db_.get();
      context.callers = &callers;
      context.peers = peers_;
      std::vector<std::unique_ptr<grpc::Service>> services;
      services.push_back(std::make_unique<PublicationServiceImpl>(
          context, PublicationConfig{review_key_.public_key, sink_}));
      return services;
    });
    publication_ = v1::PublicationService::NewStub(Channel(*publication_server_));
  }

  using InProcessServers::As;
  std::unique_ptr<grpc::ClientContext> As(const std::string& user, const std::string& name,
                                          std::vector<std::string> roles) {
    return As(user, name, std::move(roles), {kUnit});
  }
  std::unique_ptr<grpc::ClientContext> Drafter() { return As("u-zhangwei", "张伟", {"drafter"}); }
  std::unique_ptr<grpc::ClientContext> Publisher() { return As("u-sunli", "孙丽", {"publisher"}); }
  std::unique_ptr<grpc::ClientContext> ReviewService() {
    return As("svc-review", "review-server", {"service:review"}, {});
  }

  // Creates the seed report (with a 批复日期 when given) and imports the seed.
  std::string CreateSeedReport(const std::string& approval_date = "") {
    drafting::v1::CreateReportRequest create;
    create.mutable_report()->set_unit(kUnit);
    create.mutable_report()->set_unit_display_name("乐山市金口河区人民政府办公室");
    create.mutable_report()->set_fiscal_year(2024);
    create.mutable_report()->set_kind(drafting::v1::REPORT_KIND_FINAL_ACCOUNTS);
    create.mutable_report()->set_template_("templates/sichuan-final-accounts-2024");
    drafting::v1::Report report;
    grpc::Status status = drafting_->CreateReport(Drafter().get(), create, &report);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!approval_date.empty()) {
      drafting::v1::UpdateReportRequest update;
      update.mutable_report()->set_name(report.name());
      update.mutable_report()->set_finance_approval_date(approval_date);
      update.mutable_update_mask()->add_paths("finance_approval_date");
      status = drafting_->UpdateReport(Drafter().get(), update, &report);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    drafting::v1::ImportDocumentRequest import;
    import.set_report(report.name());
    import.set_text(ReadText(RF_SEED_REPORT));
    drafting::v1::ImportDocumentResponse imported;
    EXPECT_TRUE(drafting_->ImportDocument(Drafter().get(), import, &imported).ok());
    return report.name();
  }

  // Submits the report and records its approval in drafting, as the review
  // service does when 终审 signs; returns the version (BASIC view).
  drafting::v1::ReportVersion SubmitApproved(const std::string& report) {
    drafting::v1::SubmitReportRequest submit;
    submit.set_name(report);
    drafting::v1::SubmitReportResponse submitted;
    grpc::Status status = drafting_->SubmitReport(Drafter().get(), submit, &submitted);
    EXPECT_TRUE(status.ok()) << status.error_message();
    drafting::v1::RecordReviewOutcomeRequest outcome;
    outcome.set_version(submitted.version().name());
    outcome.set_outcome(drafting::v1::REVIEW_OUTCOME_APPROVED);
    outcome.set_review("reviews/1");
    outcome.set_request_id(absl::StrCat("approve-", submitted.version().number()));
    drafting::v1::Report recorded;
    status = drafting_->RecordReviewOutcome(ReviewService().get(), outcome, &recorded);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return submitted.version();
  }

  // The certificate the review service would send for `version`, signed by `key`.
  v1::SignedCertificate Certificate(const drafting::v1::ReportVersion& version,
                                    const SigningKey& key, const std::string& digest = "") {
    review::v1::ApprovalCertificate certificate;
    certificate.set_name("reviews/1/certificate");
    certificate.set_report(version.name().substr(0, version.name().find("/versions/")));
    certificate.set_report_version(version.name());
    certificate.set_digest(digest.empty() ? version.digest() : digest);
    certificate.set_workflow_definition("workflowDefinitions/gov-interleaved");
    certificate.set_unit(kUnit);
    certificate.mutable_issue_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
    for (const auto& stage : kStageNames) {
      review::v1::CertifiedStage* signed_stage = certificate.add_stages();
      signed_stage->set_key(stage[0]);
      signed_stage->set_display_name(stage[1]);
      signed_stage->mutable_signer()->set_display_name(stage[2]);
      signed_stage->mutable_signer()->set_user_id(absl::StrCat("u-", stage[0]));
      signed_stage->mutable_sign_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
      signed_stage->set_opinion("同意");
    }
    SignCertificate(key, &certificate);
    v1::SignedCertificate sent;
    sent.set_name(certificate.name());
    sent.set_signed_payload(certificate.signed_payload());
    sent.set_signature(certificate.signature());
    sent.set_public_key(certificate.public_key());
    return sent;
  }

  grpc::Status Publish(const v1::SignedCertificate& certificate, v1::Publication* publication,
                       std::unique_ptr<grpc::ClientContext> as = nullptr) {
    v1::PublishReportRequest request;
    *request.mutable_certificate() = certificate;
    return publication_->PublishReport(as ? as.get() : ReviewService().get(), request, publication);
  }

  // Delivers every due message of the publication outbox (pushes through
  // `through`, the configured sink by default) until none is due.
  void DispatchAll(std::shared_ptr<PortalSink> through = nullptr) {
    const DeliverFunction publication_deliver =
        MakeDeliverer(publication_db_.get(), through ? through : sink_, peers_);
    for (int i = 0; i < 100; ++i) {
      absl::StatusOr<bool> one = DispatchOne(
          *publication_db_, publication_deliver, absl::Seconds(60),
          OnDelivered(sink_, absl::Now, PeerConfig()), OnFailed(sink_, absl::Now, PeerConfig()));
      ASSERT_THAT(one, IsOk());
      if (!*one) return;
    }
  }

  // Makes every undelivered message due now and dispatches, as the backoff
  // would over time, until nothing is left undelivered (at most 10 rounds).
  void DeliverEverything(std::shared_ptr<PortalSink> through) {
    for (int round = 0; round < 10; ++round) {
      ASSERT_THAT(publication_db_->Transact([](Transaction& tx) -> absl::Status {
        return tx
            .Execute("UPDATE outbox SET next_attempt_time = CURRENT_TIMESTAMP(6) WHERE state <> 2")
            .status();
      }),
                  IsOk());
      DispatchAll(through);
      if (CountRows(*publication_db_, "SELECT COUNT(*) FROM outbox WHERE state <> 2") == 0) return;
    }
  }

  v1::Publication Get(const std::string& name) {
    v1::GetPublicationRequest request;
    request.set_name(name);
    v1::Publication publication;
    grpc::Status status = publication_->GetPublication(Publisher().get(), request, &publication);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return publication;
  }

  drafting::v1::Report Report(const std::string& name) {
    drafting::v1::GetReportRequest request;
    request.set_name(name);
    drafting::v1::Report report;
    EXPECT_TRUE(drafting_->GetReport(Drafter().get(), request, &report).ok());
    return report;
  }

  TempDir dir_;
  std::unique_ptr<TestSchema> drafting_schema_;
  std::unique_ptr<TestSchema> publication_schema_;
  std::unique_ptr<Database> drafting_db_;
  std::unique_ptr<Database> publication_db_;
  SigningKey review_key_;
  std::string portal_root_;
  PeerConfig peers_;
  std::shared_ptr<PortalSink> sink_;
  std::unique_ptr<RunningServer> drafting_server_;
  std::unique_ptr<RunningServer> publication_server_;
  std::unique_ptr<drafting::v1::DraftingService::Stub> drafting_;
  std::unique_ptr<v1::PublicationService::Stub> publication_;
};

// The first figure of `section` in data.json whose label is `label`.
double Figure(const nlohmann::json& section, const std::string& label) {
  for (const nlohmann::json& figure : section["figures"]) {
    if (figure["label"] == label) return figure["value"].get<double>();
  }
  ADD_FAILURE() << "no figure " << label << " in " << section["key"];
  return -1;
}

const nlohmann::json& SectionOf(const nlohmann::json& data, const std::string& key) {
  for (const nlohmann::json& section : data["sections"]) {
    if (section["key"] == key) return section;
  }
  static const nlohmann::json kNone = nlohmann::json::object();
  ADD_FAILURE() << "no section " << key;
  return kNone;
}

TEST_F(PublicationServiceTest, PublishesTheSeedOnceWithEverySectionTheReviewRecordAndItsData) {
  const std::string report = CreateSeedReport();
  const drafting::v1::ReportVersion version = SubmitApproved(report);
  v1::Publication accepted;
  grpc::Status status = Publish(Certificate(version, review_key_), &accepted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(accepted.state(), v1::PUBLICATION_STATE_PENDING);
  EXPECT_EQ(accepted.digest(), version.digest());
  EXPECT_EQ(accepted.report_version(), version.name());
  EXPECT_FALSE(fs::exists(portal_root_)) << "nothing on the portal before the push";

  // A publisher retrying, or the outbox redelivering: the same publication.
  v1::Publication again;
  ASSERT_TRUE(Publish(Certificate(version, review_key_), &again, Publisher()).ok());
  EXPECT_EQ(again.name(), accepted.name());
  EXPECT_EQ(CountRows(*publication_db_, "SELECT COUNT(*) FROM publications"), 1);
  // A validly signed certificate naming another digest for the same version.
  EXPECT_EQ(Publish(Certificate(version, review_key_, std::string(64, 'e')), &again).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  DispatchAll();
  const v1::Publication published = Get(accepted.name());
  EXPECT_EQ(published.state(), v1::PUBLICATION_STATE_PUBLISHED);
  EXPECT_TRUE(published.has_publish_time());
  ASSERT_TRUE(absl::EndsWith(published.url(), "/index.html")) << published.url();
  const std::string page = ReadText(published.url());
  // The PDF beside it, linked, byte for byte what publication_files holds.
  const std::string pdf = ReadText(fs::path(published.url()).parent_path() / "report.pdf");
  EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
  EXPECT_THAT(page, HasSubstr("href=\"report.pdf\""));
  EXPECT_EQ(
      CountRows(*publication_db_,
                absl::StrCat("SELECT COUNT(*) FROM publication_files WHERE path = 'report.pdf' "
                             "AND sha256 = '",
                             Sha256Hex(pdf), "'")),
      1);

  // Every section of the version, the review record, 公开日期 and 索引号.
  drafting::v1::GetReportVersionRequest full;
  full.set_name(version.name());
  full.set_view(drafting::v1::REPORT_VERSION_VIEW_FULL);
  drafting::v1::ReportVersion content;
  ASSERT_TRUE(drafting_->GetReportVersion(Drafter().get(), full, &content).ok());
  ASSERT_EQ(content.manifest_size(), 27) << "2 + 10 + 1 + 1 + 13 sections";
  for (const drafting::v1::ManifestEntry& entry : content.manifest()) {
    EXPECT_TRUE(absl::StrContains(page, absl::StrCat(">", entry.title(), "</h")))
        << entry.section();
  }
  EXPECT_TRUE(absl::StrContains(page, "保密审查情况：已审查")) << "保密审查情况：已审查";
  EXPECT_TRUE(absl::StrContains(page, "主要负责人审签情况：已审签"))
      << "主要负责人审签情况：已审签";
  for (const auto& stage : kStageNames) {
    EXPECT_TRUE(
        absl::StrContains(page, absl::StrCat("<td>", stage[1], "</td><td>", stage[2], "</td>")))
        << absl::StrCat("<td>", stage[1], "</td><td>", stage[2], "</td>");
  }
  EXPECT_TRUE(absl::StrContains(page, absl::StrCat("索引号：", published.index_number())))
      << absl::StrCat("索引号：", published.index_number());
  EXPECT_TRUE(absl::StrContains(page, "公开日期：")) << "公开日期：";
  EXPECT_TRUE(absl::StrContains(page, "一般公共服务支出 847.20万元"))
      << "prose from the seed, as approved";

  // Every chart is a well-formed SVG; the seed draws seven.
  static const std::regex kSvg("<svg[\\s\\S]*?</svg>");
  int charts = 0;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), kSvg); it != std::sregex_iterator();
       ++it) {
    EXPECT_TRUE(testing::IsSvgDocument(it->str())) << it->str().substr(0, 200);
    ++charts;
  }
  EXPECT_EQ(charts, 7);

  // data.json parses, and its totals equal the text's.
  const fs::path directory = fs::path(published.url()).parent_path();
  const nlohmann::json data = nlohmann::json::parse(ReadText(directory / "data.json"));
  EXPECT_EQ(data["index_number"], published.index_number());
  EXPECT_EQ(data["digest"], version.digest());
  const nlohmann::json& income = SectionOf(data, "p2-02-income");
  EXPECT_DOUBLE_EQ(Figure(income, "本年收入合计"), 1080.05);
  EXPECT_NEAR(income["charts"][0]["total"].get<double>(), Figure(income, "本年收入合计"), 0.005);
  const nlohmann::json& overview = SectionOf(data, "p2-01-overview");
  EXPECT_DOUBLE_EQ(Figure(overview, "收入、支出总计"), 1089.82);
  EXPECT_DOUBLE_EQ(overview["charts"][0]["rows"][1]["value"].get<double>(), 1089.82);
  const nlohmann::json& three_public = SectionOf(data, "p2-07-three-public");
  EXPECT_NEAR(three_public["charts"][0]["total"].get<double>(),
              Figure(three_public, "“三公”经费财政拨款支出决算"), 0.005);

  // The unit-year index lists it; the pushes are visible; drafting knows.
  EXPECT_THAT(ReadText(directory.parent_path() / "index.html"),
              HasSubstr(absl::StrCat(directory.filename().string(), "/index.html")));
  v1::ListPortalPushesRequest pushes_request;
  pushes_request.set_parent(accepted.name());
  v1::ListPortalPushesResponse pushes;
  ASSERT_TRUE(publication_->ListPortalPushes(Publisher().get(), pushes_request, &pushes).ok());
  ASSERT_EQ(pushes.portal_pushes_size(), 2);
  EXPECT_EQ(pushes.portal_pushes(0).kind(), v1::PUSH_KIND_PAGE);
  EXPECT_EQ(pushes.portal_pushes(0).state(), v1::PUSH_STATE_SUCCEEDED);
  EXPECT_EQ(pushes.portal_pushes(0).attempts(), 1);
  EXPECT_EQ(pushes.portal_pushes(1).kind(), v1::PUSH_KIND_INDEX);
  EXPECT_EQ(Report(report).state(), drafting::v1::REPORT_STATE_PUBLISHED);
  EXPECT_EQ(CountRows(*publication_db_,
                      "SELECT COUNT(*) FROM audit_events WHERE action = 'portal.page_pushed'"),
            1);
  EXPECT_EQ(CountRows(*publication_db_,
                      "SELECT COUNT(*) FROM audit_events WHERE action = 'publication.accepted'"),
            1);
}

TEST_F(PublicationServiceTest, RefusesAForgeryAnotherDigestAndATamperedVersionAndPushesNothing) {
  const std::string report = CreateSeedReport();
  const drafting::v1::ReportVersion version = SubmitApproved(report);
  v1::Publication publication;

  // Signed by another key that claims to be the configured one.
  v1::SignedCertificate forged = Certificate(version, GenerateSigningKey());
  forged.set_public_key(absl::StrCat("publicKeys/", review_key_.id));
  grpc::Status status = Publish(forged, &publication);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  // Signed by a key that is not configured.
  EXPECT_EQ(Publish(Certificate(version, GenerateSigningKey()), &publication).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Validly signed, for another digest.
  status = Publish(Certificate(version, review_key_, std::string(64, 'f')), &publication);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  // Validly signed for the version's digest, but the version was tampered
  // with in drafting's database since.
  ASSERT_THAT(drafting_db_->Transact([](Transaction& tx) -> absl::Status {
    return tx
        .Execute(
            "UPDATE revisions SET content = REPLACE(content, '847.20', '874.20') "
            "WHERE section_key = 'p2-05-general-budget'")
        .status();
  }),
              IsOk());
  status = Publish(Certificate(version, review_key_), &publication);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  // A caller that is neither the review service nor a publisher.
  EXPECT_EQ(Publish(Certificate(version, review_key_), &publication, Drafter()).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  DispatchAll();
  EXPECT_FALSE(fs::exists(portal_root_)) << "nothing reached the portal";
  EXPECT_EQ(CountRows(*publication_db_, "SELECT COUNT(*) FROM publications"), 0);
  EXPECT_EQ(CountRows(*publication_db_, "SELECT COUNT(*) FROM outbox"), 0);
  EXPECT_EQ(CountRows(*publication_db_,
                      "SELECT COUNT(*) FROM audit_events WHERE action = 'publication.refused'"),
            4)
      << "each refusal of a certificate is audited";
}

TEST_F(PublicationServiceTest, ACorrectionReplacesThePageAndAWithdrawalLeavesANotice) {
  const std::string report = CreateSeedReport();
  v1::Publication first;
  ASSERT_TRUE(Publish(Certificate(SubmitApproved(report), review_key_), &first).ok());
  DispatchAll();
  ASSERT_EQ(Get(first.name()).state(), v1::PUBLICATION_STATE_PUBLISHED);
  const fs::path first_page = Get(first.name()).url();

  // The drafter corrects the published report; the new version is approved.
  drafting::v1::CreateRevisionRequest revise;
  revise.set_parent(report + "/sections/p2-05-general-budget");
  revise.mutable_revision()->set_content(
      "2024 年度一般公共预算财政拨款支出决算数为 1080.02 万元。\n");
  revise.mutable_revision()->set_base_revision(1);
  drafting::v1::Revision revision;
  grpc::Status status = drafting_->CreateRevision(Drafter().get(), revise, &revision);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::Publication second;
  ASSERT_TRUE(Publish(Certificate(SubmitApproved(report), review_key_), &second).ok());
  EXPECT_EQ(second.supersedes(), first.name());
  DispatchAll();
  EXPECT_EQ(Get(first.name()).state(), v1::PUBLICATION_STATE_SUPERSEDED);
  EXPECT_EQ(Get(first.name()).superseded_by(), second.name());
  const fs::path second_page = Get(second.name()).url();
  const std::string notice = ReadText(first_page);
  EXPECT_THAT(notice, HasSubstr("更正公告"));
  EXPECT_THAT(notice, HasSubstr(absl::StrCat("../", second_page.parent_path().filename().string(),
                                             "/index.html")));
  EXPECT_THAT(ReadText(second_page), HasSubstr("更正说明"));
  EXPECT_THAT(ReadText(second_page), HasSubstr("决算数为 1080.02 万元"));

  // Withdrawal: publisher only, a reason required, then the page is a notice.
  v1::WithdrawPublicationRequest withdraw;
  withdraw.set_name(second.name());
  v1::Publication withdrawn;
  EXPECT_EQ(publication_->WithdrawPublication(Publisher().get(), withdraw, &withdrawn).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  withdraw.set_reason("附表数据待核实，暂时撤回");
  EXPECT_EQ(publication_->WithdrawPublication(Drafter().get(), withdraw, &withdrawn).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  withdraw.set_etag("stale");
  EXPECT_EQ(publication_->WithdrawPublication(Publisher().get(), withdraw, &withdrawn).error_code(),
            grpc::StatusCode::ABORTED);
  withdraw.set_etag(Get(second.name()).etag());
  withdraw.set_request_id("withdraw-1");
  status = publication_->WithdrawPublication(Publisher().get(), withdraw, &withdrawn);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(withdrawn.state(), v1::PUBLICATION_STATE_WITHDRAWN);
  EXPECT_EQ(withdrawn.withdrawal().reason(), "附表数据待核实，暂时撤回");
  EXPECT_EQ(withdrawn.withdrawal().actor().display_name(), "孙丽");
  v1::Publication replay;
  ASSERT_TRUE(publication_->WithdrawPublication(Publisher().get(), withdraw, &replay).ok());
  EXPECT_EQ(replay.SerializeAsString(), withdrawn.SerializeAsString()) << "request id replay";
  EXPECT_EQ(publication_
                ->WithdrawPublication(
                    Publisher().get(),
                    [&] {
                      v1::WithdrawPublicationRequest twice = withdraw;
                      twice.set_request_id("withdraw-2");
                      twice.clear_etag();
                      return twice;
                    }(),
                    &replay)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  DispatchAll();
  EXPECT_THAT(ReadText(second_page), HasSubstr("撤回原因：附表数据待核实，暂时撤回"));
  EXPECT_FALSE(fs::exists(second_page.parent_path() / "data.json")) << "the page's files are off";
  EXPECT_FALSE(fs::exists(second_page.parent_path() / "report.pdf")) << "and its PDF";
  EXPECT_EQ(CountRows(*publication_db_, absl::StrCat("SELECT COUNT(*) FROM publication_files "
                                                     "WHERE publication_id = ",
                                                     second.name().substr(13))),
            3)
      << "but kept in history";
  const std::string index = ReadText(second_page.parent_path().parent_path() / "index.html");
  EXPECT_THAT(index, HasSubstr("已撤回"));
  EXPECT_THAT(index, HasSubstr("已更正"));
  EXPECT_EQ(Report(report).state(), drafting::v1::REPORT_STATE_WITHDRAWN);
}

TEST_F(PublicationServiceTest, ListsThePublicationsOverdueOrAtRisk) {
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600));
  // Approved 25 days ago: published today, it went out late.
  const std::string report = CreateSeedReport(absl::FormatCivilTime(today - 25));
  v1::Publication late;
  ASSERT_TRUE(Publish(Certificate(SubmitApproved(report), review_key_), &late).ok());
  EXPECT_EQ(late.deadline_date(), absl::FormatCivilTime(today - 5));
  EXPECT_EQ(late.deadline_status(), v1::DEADLINE_STATUS_OVERDUE) << "not out and past the deadline";
  DispatchAll();
  EXPECT_EQ(Get(late.name()).deadline_status(), v1::DEADLINE_STATUS_OVERDUE) << "out, but late";

  v1::ListPublicationsRequest list;
  list.set_deadline_status(v1::DEADLINE_STATUS_OVERDUE);
  v1::ListPublicationsResponse overdue;
  ASSERT_TRUE(publication_->ListPublications(Publisher().get(), list, &overdue).ok());
  ASSERT_EQ(overdue.publications_size(), 1);
  EXPECT_EQ(overdue.publications(0).name(), late.name());
  list.set_deadline_status(v1::DEADLINE_STATUS_ON_TIME);
  v1::ListPublicationsResponse on_time;
  ASSERT_TRUE(publication_->ListPublications(Publisher().get(), list, &on_time).ok());
  EXPECT_EQ(on_time.publications_size(), 0);
  // Another unit's publisher sees none of it.
  list.clear_deadline_status();
  v1::ListPublicationsResponse other;
  ASSERT_TRUE(publication_
                  ->ListPublications(As("u-other", "他人", {"publisher"}, {"other-unit"}).get(),
                                     list, &other)
                  .ok());
  EXPECT_EQ(other.publications_size(), 0);
  v1::GetPublicationRequest get;
  get.set_name(late.name());
  v1::Publication hidden;
  EXPECT_EQ(
      publication_
          ->GetPublication(As("u-other", "他人", {"publisher"}, {"other-unit"}).get(), get, &hidden)
          .error_code(),
      grpc::StatusCode::NOT_FOUND);
}

// A portal for the HTTP sink: it checks every request's signature, stores a
// bundle once per Idempotency-Key, serves the stored files to readers (GET
// /{directory}/{path}, what publish-then-verify reads back), and misbehaves
// on purpose — the first
// attempt of each bundle fails (503), the second is stored but answered too
// late for the client (a timeout), the third gets an answer for a bundle it
// already has.
class TestPortal {
 public:
  explicit TestPortal(std::string secret) : secret_(std::move(secret)) {
    server_.Post("/api/publications", [this](const httplib::Request& request,
                                             httplib::Response& response) {
      const std::string key = request.get_header_value("Idempotency-Key");
      int attempt = 0;
      {
        std::lock_guard<std::mutex> lock(mu_);
        ++requests_;
        if (request.get_header_value("X-ReportFlow-Signature") !=
            PortalSignature(secret_, request.body)) {
          ++bad_signatures_;
          response.status = 401;
          return;
        }
        attempt = ++attempts_[key];
        if (attempt >= 2 && stored_[key] == 0) {
          ++stored_[key];
          bodies_[key] = request.body;
          absl::StatusOr<PortalBundle> bundle = ParseBundle(request.body);
          if (bundle.ok()) {
            const std::string prefix = absl::StrCat("/", bundle->directory, "/");
            if (bundle->replace_directory) {
              for (auto it = served_.lower_bound(prefix);
                   it != served_.end() && absl::StartsWith(it->first, prefix);) {
                it = served_.erase(it);
              }
            }
            for (const RenderedFile& file : bundle->files) {
              served_[prefix + file.path] = file.content;
            }
          }
        }
      }
      if (attempt == 1) {
        response.status = 503;
        response.set_content("门户维护中", "text/plain; charset=utf-8");
        return;
      }
      if (attempt == 2) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // past the client's timeout
      }
      response.status = 200;
      response.set_content("{\"ok\":true}", "application/json");
    });
    server_.Get(R"(/(.+))", [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard<std::mutex> lock(mu_);
      ++reads_;
      auto found = served_.find(request.path);
      if (found == served_.end()) {
        response.status = 404;
        return;
      }
      response.set_content(found->second, "application/octet-stream");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~TestPortal() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return absl::StrCat("http://127.0.0.1:", port_, "/api/publications"); }
  std::map<std::string, int> stored() {
    std::lock_guard<std::mutex> lock(mu_);
    return stored_;
  }
  std::string body(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    return bodies_[key];
  }
  int requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }
  int bad_signatures() {
    std::lock_guard<std::mutex> lock(mu_);
    return bad_signatures_;
  }
  int reads() {
    std::lock_guard<std::mutex> lock(mu_);
    return reads_;
  }

 private:
  const std::string secret_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  int requests_ = 0;
  int bad_signatures_ = 0;
  std::map<std::string, int> attempts_;
  std::map<std::string, int> stored_;
  std::map<std::string, std::string> bodies_;
  std::map<std::string, std::string> served_;  // "/{directory}/{path}" → content
  int reads_ = 0;
};

TEST_F(PublicationServiceTest, HttpSinkDeliversEveryPushExactlyOnceThroughFailuresAndTimeouts) {
  TestPortal portal("portal-shared-secret");
  HttpSinkOptions options;
  options.url = portal.url();
  options.hmac_secret = "portal-shared-secret";
  options.timeout = absl::Seconds(1);
  absl::StatusOr<std::unique_ptr<HttpSink>> created = HttpSink::Create(options);
  ASSERT_THAT(created.status(), IsOk());
  std::shared_ptr<PortalSink> http(std::move(*created));

  // Two publications of one report: the first, then its correction.
  const std::string report = CreateSeedReport();
  v1::Publication first;
  ASSERT_TRUE(Publish(Certificate(SubmitApproved(report), review_key_), &first).ok());

  // First attempt: the portal refuses; the push and the publication say so.
  DispatchAll(http);
  EXPECT_EQ(Get(first.name()).state(), v1::PUBLICATION_STATE_FAILED_RETRYING);
  v1::ListPortalPushesRequest list;
  list.set_parent(first.name());
  v1::ListPortalPushesResponse pushes;
  ASSERT_TRUE(publication_->ListPortalPushes(Publisher().get(), list, &pushes).ok());
  ASSERT_EQ(pushes.portal_pushes_size(), 1);
  EXPECT_EQ(pushes.portal_pushes(0).state(), v1::PUSH_STATE_FAILED_RETRYING);
  EXPECT_EQ(pushes.portal_pushes(0).attempts(), 1);
  EXPECT_THAT(pushes.portal_pushes(0).last_error(), HasSubstr("503"));
  EXPECT_EQ(pushes.portal_pushes(0).sink(), "static") << "the service's configured sink";

  // A publisher makes it due now instead of waiting out the backoff.
  v1::RetryPortalPushRequest retry;
  retry.set_name(pushes.portal_pushes(0).name());
  v1::PortalPush retried;
  ASSERT_TRUE(publication_->RetryPortalPush(Publisher().get(), retry, &retried).ok());
  EXPECT_EQ(retried.state(), v1::PUSH_STATE_FAILED_RETRYING);
  DispatchAll(http);  // stored, but answered after the client gave up
  EXPECT_EQ(Get(first.name()).state(), v1::PUBLICATION_STATE_FAILED_RETRYING);

  drafting::v1::CreateRevisionRequest revise;
  revise.set_parent(report + "/sections/p2-05-general-budget");
  revise.mutable_revision()->set_content("更正后的内容：支出决算数为 1080.02 万元。\n");
  revise.mutable_revision()->set_base_revision(1);
  drafting::v1::Revision revision;
  // The report is not published yet (the push is still failing): it stays
  // APPROVED, and a correction cannot start before it is out.
  EXPECT_EQ(drafting_->CreateRevision(Drafter().get(), revise, &revision).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // Keep retrying (as the backoff would) until everything is delivered.
  DeliverEverything(http);
  EXPECT_EQ(CountRows(*publication_db_, "SELECT COUNT(*) FROM outbox WHERE state <> 2"), 0);
  EXPECT_EQ(Get(first.name()).state(), v1::PUBLICATION_STATE_PUBLISHED);

  // Now the correction.
  ASSERT_TRUE(drafting_->CreateRevision(Drafter().get(), revise, &revision).ok());
  v1::Publication second;
  ASSERT_TRUE(Publish(Certificate(SubmitApproved(report), review_key_), &second).ok());
  DeliverEverything(http);
  EXPECT_EQ(CountRows(*publication_db_, "SELECT COUNT(*) FROM outbox WHERE state <> 2"), 0);
  EXPECT_EQ(Get(second.name()).state(), v1::PUBLICATION_STATE_PUBLISHED);
  EXPECT_EQ(Get(first.name()).state(), v1::PUBLICATION_STATE_SUPERSEDED);

  // Every push arrived exactly once, every request was signed correctly,
  // and the retries were real (three requests per push).
  const std::map<std::string, int> stored = portal.stored();
  const int64_t pushes_made =
      CountRows(*publication_db_, "SELECT COUNT(*) FROM outbox WHERE method LIKE 'portal/%'");
  EXPECT_EQ(static_cast<int64_t>(stored.size()), pushes_made);
  for (const auto& [key, times] : stored) {
    EXPECT_EQ(times, 1) << key;
  }
  for (const std::string key :
       {"page-1", "page-2", "correction-1", "index-1-published", "index-2-published"}) {
    EXPECT_EQ(stored.count(key), 1u) << key;
  }
  EXPECT_EQ(portal.bad_signatures(), 0);
  EXPECT_EQ(portal.requests(), 3 * static_cast<int>(pushes_made));
  // Each accepted push was read back as readers get it (publish-then-verify).
  EXPECT_GE(portal.reads(), static_cast<int>(pushes_made));
  EXPECT_EQ(Get(second.name()).portal_check().state(), v1::PORTAL_CHECK_STATE_MATCHES);
  absl::StatusOr<PortalBundle> page = ParseBundle(portal.body("page-2"));
  ASSERT_THAT(page.status(), IsOk());
  EXPECT_EQ(page->kind, "page");
  EXPECT_EQ(page->files[0].path, "index.html");
  EXPECT_THAT(page->files[0].content, HasSubstr("更正说明"));
}

// Publish-then-verify: a page edited, deleted, cut short behind the
// service's back, and a withdrawn page's file put back, are each found by
// the next check (on demand or periodic), audited, told to the publisher,
// and the approved content pushed again.
TEST_F(PublicationServiceTest, PortalChecksFindTamperingAndPutTheApprovedContentBack) {
  const std::string report = CreateSeedReport();
  v1::Publication accepted;
  ASSERT_TRUE(Publish(Certificate(SubmitApproved(report), review_key_), &accepted).ok());
  v1::VerifyPublicationRequest verify;
  verify.set_name(accepted.name());
  v1::Publication checked;
  EXPECT_EQ(publication_->VerifyPublication(Publisher().get(), verify, &checked).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "nothing on the portal yet";
  DispatchAll();
  const v1::Publication published = Get(accepted.name());
  EXPECT_EQ(published.portal_check().state(), v1::PORTAL_CHECK_STATE_MATCHES)
      << "read back right after the push";
  EXPECT_EQ(published.portal_check().trigger(), v1::PORTAL_CHECK_TRIGGER_PUSH);
  const fs::path page = published.url();
  const fs::path directory = page.parent_path();
  const std::string original = ReadText(page);
  const std::string pdf = ReadText(directory / "report.pdf");
  auto audits = [&](const std::string& action) {
    return CountRows(
        *publication_db_,
        absl::StrCat("SELECT COUNT(*) FROM audit_events WHERE action = '", action, "'"));
  };

  // Who may ask: a publisher of the unit; another unit's is told it does not exist.
  EXPECT_EQ(publication_->VerifyPublication(Drafter().get(), verify, &checked).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(publication_
                ->VerifyPublication(As("u-other", "他人", {"publisher"}, {"other-unit"}).get(),
                                    verify, &checked)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  // 1. Edited on the portal: found on demand, repaired.
  {
    std::ofstream out(page, std::ios::app);
    out << "<p>本页数据已被改动</p>";
  }
  ASSERT_TRUE(publication_->VerifyPublication(Publisher().get(), verify, &checked).ok());
  EXPECT_EQ(checked.portal_check().state(), v1::PORTAL_CHECK_STATE_DRIFTED);
  EXPECT_EQ(checked.portal_check().trigger(), v1::PORTAL_CHECK_TRIGGER_MANUAL);
  ASSERT_EQ(checked.portal_check().drifts_size(), 1);
  EXPECT_EQ(checked.portal_check().drifts(0).path(), "index.html");
  EXPECT_EQ(checked.portal_check().drifts(0).kind(), v1::DRIFT_KIND_MODIFIED);
  EXPECT_TRUE(checked.portal_check().has_drift_since());
  EXPECT_EQ(audits("portal.drift"), 1);
  EXPECT_EQ(CountRows(*publication_db_,
                      "SELECT COUNT(*) FROM outbox WHERE method = 'portal/repair' AND state = 1"),
            1);
  DispatchAll();
  EXPECT_EQ(ReadText(page), original) << "the approved page is back";
  EXPECT_EQ(Get(accepted.name()).portal_check().state(), v1::PORTAL_CHECK_STATE_MATCHES);
  EXPECT_EQ(audits("portal.repaired"), 1);
  EXPECT_EQ(audits("portal.restored"), 1);

  // 2. Deleted: the periodic check, two hours on, finds it; a second run
  // finds nothing due (checked once however many replicas poll); the
  // publisher is told.
  fs::remove(directory / "report.pdf");
  PeerConfig with_notifications = peers_;
  with_notifications.notification_address = "127.0.0.1:9";  // queued, not delivered here
  const PortalCheckContext periodic{publication_db_.get(), sink_, with_notifications,
                                    [] { return absl::Now() + absl::Hours(2); }, absl::Hours(1)};
  EXPECT_THAT(RunDuePortalChecks(periodic, 20), ::reportflow::testing::IsOkAndHolds(1));
  EXPECT_THAT(RunDuePortalChecks(periodic, 20), ::reportflow::testing::IsOkAndHolds(0));
  v1::Publication missing = Get(accepted.name());
  EXPECT_EQ(missing.portal_check().state(), v1::PORTAL_CHECK_STATE_DRIFTED);
  EXPECT_EQ(missing.portal_check().trigger(), v1::PORTAL_CHECK_TRIGGER_PERIODIC);
  ASSERT_EQ(missing.portal_check().drifts_size(), 1);
  EXPECT_EQ(missing.portal_check().drifts(0).path(), "report.pdf");
  EXPECT_EQ(missing.portal_check().drifts(0).kind(), v1::DRIFT_KIND_MISSING);
  EXPECT_EQ(CountRows(*publication_db_,
                      "SELECT COUNT(*) FROM outbox WHERE request_id LIKE 'n-pub-%-drift-%'"),
            1);
  DispatchAll();
  EXPECT_EQ(ReadText(directory / "report.pdf"), pdf) << "restored byte for byte";

  // 3. Cut short.
  const std::string data = ReadText(directory / "data.json");
  {
    std::ofstream out(directory / "data.json", std::ios::trunc);
    out << data.substr(0, data.size() / 2);
  }
  ASSERT_TRUE(publication_->VerifyPublication(Publisher().get(), verify, &checked).ok());
  ASSERT_EQ(checked.portal_check().drifts_size(), 1);
  EXPECT_EQ(checked.portal_check().drifts(0).kind(), v1::DRIFT_KIND_TRUNCATED);
  DispatchAll();
  EXPECT_EQ(ReadText(directory / "data.json"), data);

  // 4. Withdrawn: the notice is checked, and the page's files must stay gone.
  v1::WithdrawPublicationRequest withdraw;
  withdraw.set_name(accepted.name());
  withdraw.set_reason("数据待核实");
  withdraw.set_request_id("withdraw-check");
  v1::Publication withdrawn;
  ASSERT_TRUE(publication_->WithdrawPublication(Publisher().get(), withdraw, &withdrawn).ok());
  DispatchAll();
  EXPECT_EQ(Get(accepted.name()).portal_check().state(), v1::PORTAL_CHECK_STATE_MATCHES);
  {
    std::ofstream out(directory / "report.pdf", std::ios::binary);
    out << pdf;
  }
  ASSERT_TRUE(publication_->VerifyPublication(Publisher().get(), verify, &checked).ok());
  EXPECT_EQ(checked.portal_check().state(), v1::PORTAL_CHECK_STATE_DRIFTED);
  ASSERT_EQ(checked.portal_check().drifts_size(), 1);
  EXPECT_EQ(checked.portal_check().drifts(0).path(), "report.pdf");
  EXPECT_EQ(checked.portal_check().drifts(0).kind(), v1::DRIFT_KIND_REAPPEARED);
  DispatchAll();
  EXPECT_FALSE(fs::exists(directory / "report.pdf")) << "the repair leaves the notice alone";
  EXPECT_THAT(ReadText(page), HasSubstr("撤回原因：数据待核实"));
  ASSERT_TRUE(publication_->VerifyPublication(Publisher().get(), verify, &checked).ok());
  EXPECT_EQ(checked.portal_check().state(), v1::PORTAL_CHECK_STATE_MATCHES);
  EXPECT_EQ(audits("portal.drift"), 4);
}

TEST_F(PublicationServiceTest, EveryQueryUsesAnIndex) {
  // Enough publications in many units that a scan would show.
  ASSERT_THAT(publication_db_->Transact([](Transaction& tx) -> absl::Status {
    for (int i = 1; i <= 300; ++i) {
      const std::string unit = absl::StrCat("unit-", i % 30);
      RETURN_IF_ERROR(
          tx.Execute("INSERT INTO publications (report, version_number, report_version, digest, "
                     "certificate, signed_payload, signature, public_key, unit, unit_display_name, "
                     "fiscal_year, title, state, index_number, directory, page_date, create_time) "
                     "VALUES (?, ?, '', '', '', '', '', '', ?, '', ?, '', 2, '', '', '2025-09-30', "
                     "CURRENT_TIMESTAMP(6))",
                     {absl::StrCat("reports/r-", i % 100), i / 100 + 1, unit, 2020 + i % 5})
              .status());
      RETURN_IF_ERROR(tx.Execute("INSERT INTO outbox (unit, method, subject, request_id, payload, "
                                 "state) VALUES (?, 'portal/page', ?, ?, '', 2)",
                                 {unit, absl::StrCat("publications/", i), absl::StrCat("page-", i)})
                          .status());
      RETURN_IF_ERROR(tx.Execute("INSERT INTO audit_events (report, publication_id, action, "
                                 "actor_id, actor_name, details, create_time) VALUES "
                                 "(?, ?, 'publication.accepted', 'a', 'a', '{}', "
                                 "CURRENT_TIMESTAMP(6))",
                                 {absl::StrCat("reports/r-", i % 100), i})
                          .status());
      RETURN_IF_ERROR(tx.Execute("INSERT INTO portal_checks (publication_id, next_check_time) "
                                 "VALUES (?, TIMESTAMPADD(MINUTE, ?, '2025-09-01 00:00:00'))",
                                 {i, i})
                          .status());
    }
    for (const char* table :
         {"publications", "outbox", "audit_events", "publication_files", "portal_checks"}) {
      RETURN_IF_ERROR(tx.ExecuteDirect(absl::StrCat("ANALYZE TABLE ", table)));
    }
    return absl::OkStatus();
  }),
              IsOk());
  const std::vector<testing::PlannedQuery> queries = {
      {"the publication of a version",
       "SELECT id FROM publications WHERE report = ? AND version_number = ?",
       {"reports/r-7", 2}},
      {"the live publication before a version",
       "SELECT id FROM publications WHERE report = ? AND version_number < ? AND state IN (?, ?, ?) "
       "ORDER BY version_number DESC LIMIT 1",
       {"reports/r-7", 3, 1, 2, 3}},
      {"a unit's publications, newest first",
       "SELECT id FROM publications WHERE unit IN (?) AND id < ? ORDER BY id DESC LIMIT ?",
       {"unit-3", int64_t{250}, 51}},
      {"a unit's publications of one year",
       "SELECT id FROM publications WHERE unit IN (?) AND fiscal_year = ? ORDER BY id DESC LIMIT ?",
       {"unit-3", 2023, 51}},
      {"a unit-year index",
       "SELECT id FROM publications WHERE unit = ? AND fiscal_year = ? ORDER BY id DESC",
       {"unit-3", 2023}},
      {"a publication's pushes",
       "SELECT id FROM outbox WHERE subject = ? AND method LIKE 'portal/%' AND id > ? ORDER BY id "
       "LIMIT ?",
       {"publications/7", 0, 101}},
      {"a report's audit entries",
       "SELECT id FROM audit_events WHERE report = ? ORDER BY id LIMIT ?",
       {"reports/r-7", 100}},
      {"a publication's files",
       "SELECT COUNT(*) FROM publication_files WHERE publication_id = ?",
       {int64_t{7}}},
      {"a publication's rendered digests",
       "SELECT path, sha256, LENGTH(content) FROM publication_files WHERE publication_id = ? "
       "ORDER BY path",
       {int64_t{7}}},
      {"a publication's portal check",
       "SELECT state FROM portal_checks WHERE publication_id = ?",
       {int64_t{7}}},
      {"the portal checks due",
       "SELECT publication_id FROM portal_checks WHERE next_check_time <= ? "
       "ORDER BY next_check_time LIMIT ?",
       {"2025-09-01 01:00:00", 20}},
      {"a push of the publication in flight",
       "SELECT id FROM outbox WHERE subject = ? AND method LIKE 'portal/%' "
       "AND method <> 'portal/index' AND state IN (?, ?) LIMIT 1",
       {"publications/7", 1, 3}},
  };
  testing::ExpectIndexed(*publication_db_, queries);
}

}  // namespace
}  // namespace reportflow::publication
