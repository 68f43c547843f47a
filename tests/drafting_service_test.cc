// Service-tier tests of the drafting service: a real gRPC server in-process
// on the real MariaDB (a fresh schema, migrations applied), called with
// bearer tokens as clients call it.
#include "services/drafting/api/drafting_service.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "embedded/drafting_migrations.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "services/common/migrations.h"
#include "services/common/server.h"
#include "services/common/sha256.h"
#include "services/common/status_macros.h"
#include "services/common/status_matchers.h"
#include "services/common/version_digest.h"
#include "services/drafting/domain/content.h"
#include "services/drafting/domain/templates.h"
#include "services/drafting/store/report_store.h"
#include "services/drafting/store/revision_store.h"
#include "tests/support/query_plan.h"
#include "tests/support/test_db.h"

namespace reportflow::drafting {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::TestSchema;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kUnit[] = "jinkouhe-gov-office";
constexpr char kSichuan[] = "templates/sichuan-final-accounts-2024";

class DraftingServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestSchema>> schema = TestSchema::Create();
    ASSERT_THAT(schema, IsOk());
    schema_ = *std::move(schema);
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(schema_->config());
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    absl::StatusOr<std::vector<Migration>> migrations = ParseMigrations(Migrations());
    ASSERT_THAT(migrations, IsOk());
    ASSERT_THAT(ApplyMigrations(*db_, *migrations), IsOk());
    absl::StatusOr<KeyPair> keys = GenerateSigningKeyPair();
    ASSERT_THAT(keys, IsOk());
    private_key_ = keys->private_key_pem;
    absl::StatusOr<TokenVerifier> verifier = TokenVerifier::Create(keys->public_key_pem);
    ASSERT_THAT(verifier, IsOk());
    absl::StatusOr<std::map<std::string, v1::Template>> templates = ShippedTemplates();
    ASSERT_THAT(templates, IsOk());
    ServerOptions options;
    options.name = "drafting";
    options.verifier = std::make_shared<const TokenVerifier>(*std::move(verifier));
    options.plaintext_service_claims = true;
    absl::StatusOr<std::unique_ptr<RunningServer>> server =
        StartServer(options, [&](const CallerRegistry& callers) {
          ServiceContext context;
          context.db = db_.get();
          context.callers = &callers;
          std::vector<std::unique_ptr<grpc::Service>> services;
          services.push_back(std::make_unique<DraftingServiceImpl>(context, *templates));
          return services;
        });
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
    stub_ = v1::DraftingService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", server_->port()), grpc::InsecureChannelCredentials()));
  }

  // A client context for a person of `units` holding `roles`.
  std::unique_ptr<grpc::ClientContext> As(const std::string& user, std::vector<std::string> roles,
                                          std::vector<std::string> units = {kUnit}) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    absl::StatusOr<std::string> token =
        IssueToken(private_key_, {user, user, std::move(roles), std::move(units)}, absl::Now(),
                   absl::Hours(1));
    EXPECT_THAT(token, IsOk());
    context->AddMetadata("authorization", "Bearer " + *token);
    return context;
  }
  std::unique_ptr<grpc::ClientContext> Drafter(std::vector<std::string> units = {kUnit}) {
    return As("u-zhangwei", {"drafter"}, std::move(units));
  }

  static v1::CreateReportRequest NewReport(const std::string& unit = kUnit,
                                           const std::string& request_id = "") {
    v1::CreateReportRequest request;
    request.mutable_report()->set_unit(unit);
    request.mutable_report()->set_unit_display_name("乐山市金口河区人民政府办公室");
    request.mutable_report()->set_fiscal_year(2024);
    request.mutable_report()->set_kind(v1::REPORT_KIND_FINAL_ACCOUNTS);
    request.mutable_report()->set_template_(kSichuan);
    request.set_request_id(request_id);
    return request;
  }

  int64_t CountRows(const std::string& table) {
    absl::StatusOr<int64_t> count =
        db_->Transact<int64_t>([&](Transaction& tx) -> absl::StatusOr<int64_t> {
          ASSIGN_OR_RETURN(std::vector<Row> rows, tx.Query("SELECT COUNT(*) FROM " + table));
          return rows.at(0).GetInt64(0);
        });
    return count.ok() ? *count : -1;
  }

  std::unique_ptr<TestSchema> schema_;
  std::unique_ptr<Database> db_;
  std::string private_key_;
  std::unique_ptr<RunningServer> server_;
  std::unique_ptr<v1::DraftingService::Stub> stub_;
};

TEST_F(DraftingServiceTest, CreatesAReportWithTheTemplatesSections) {
  v1::Report report;
  ASSERT_TRUE(stub_->CreateReport(Drafter().get(), NewReport(), &report).ok());
  EXPECT_THAT(report.name(), StartsWith("reports/r-"));
  EXPECT_EQ(report.state(), v1::REPORT_STATE_DRAFTING);
  EXPECT_EQ(report.title(), "乐山市金口河区人民政府办公室2024年度部门决算");
  EXPECT_EQ(report.etag(), "v1");
  EXPECT_EQ(report.creator().user_id(), "u-zhangwei");
  EXPECT_GT(report.create_time().seconds(), absl::ToUnixSeconds(absl::Now() - absl::Minutes(5)));

  v1::GetReportRequest get;
  get.set_name(report.name());
  v1::Report fetched;
  ASSERT_TRUE(stub_->GetReport(Drafter().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), report.SerializeAsString());

  v1::ListSectionsRequest list;
  list.set_parent(report.name());
  v1::ListSectionsResponse sections;
  ASSERT_TRUE(stub_->ListSections(Drafter().get(), list, &sections).ok());
  ASSERT_EQ(sections.sections_size(), 27);
  EXPECT_EQ(sections.sections(0).name(), report.name() + "/sections/p1-duties");
  EXPECT_EQ(sections.sections(0).title(), "一、主要职责");
  EXPECT_TRUE(sections.sections(0).required());
  EXPECT_EQ(sections.sections(26).key(), "p5-t13");
  EXPECT_EQ(sections.sections(26).kind(), v1::SECTION_KIND_TABLE);
  EXPECT_EQ(sections.sections(26).latest_revision(), 0);
}

TEST_F(DraftingServiceTest, ASecondReportForTheSameUnitYearAndKindAlreadyExists) {
  v1::Report first;
  ASSERT_TRUE(stub_->CreateReport(Drafter().get(), NewReport(), &first).ok());
  v1::Report second;
  grpc::Status status = stub_->CreateReport(Drafter().get(), NewReport(), &second);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_message(), HasSubstr(first.name()));
  EXPECT_EQ(CountRows("reports"), 1);
  EXPECT_EQ(CountRows("sections"), 27) << "nothing half-written";
}

TEST_F(DraftingServiceTest, ARetryWithTheSameRequestIdReturnsTheFirstAnswer) {
  v1::Report first;
  ASSERT_TRUE(
      stub_->CreateReport(Drafter().get(), NewReport(kUnit, "6f1c2b9e-req-1"), &first).ok());
  v1::Report again;
  ASSERT_TRUE(
      stub_->CreateReport(Drafter().get(), NewReport(kUnit, "6f1c2b9e-req-1"), &again).ok());
  EXPECT_EQ(again.name(), first.name());
  EXPECT_EQ(CountRows("reports"), 1);
  v1::Report bad;
  grpc::Status status = stub_->CreateReport(Drafter().get(), NewReport(kUnit, "not a uuid!"), &bad);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("request_id"));
}

TEST_F(DraftingServiceTest, AnotherUnitsReportIsNotFound) {
  v1::Report report;
  ASSERT_TRUE(stub_->CreateReport(Drafter().get(), NewReport(), &report).ok());
  auto outsider = [&] { return Drafter({"another-unit"}); };
  v1::GetReportRequest get;
  get.set_name(report.name());
  v1::Report fetched;
  EXPECT_EQ(stub_->GetReport(outsider().get(), get, &fetched).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListSectionsRequest sections;
  sections.set_parent(report.name());
  v1::ListSectionsResponse listed_sections;
  EXPECT_EQ(stub_->ListSections(outsider().get(), sections, &listed_sections).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListReportsResponse listed;
  ASSERT_TRUE(stub_->ListReports(outsider().get(), v1::ListReportsRequest(), &listed).ok());
  EXPECT_EQ(listed.reports_size(), 0);
  v1::ListReportsRequest other_unit;
  other_unit.set_unit(kUnit);
  ASSERT_TRUE(stub_->ListReports(outsider().get(), other_unit, &listed).ok());
  EXPECT_EQ(listed.reports_size(), 0);
}

TEST_F(DraftingServiceTest, OnlyDraftersOfTheUnitCreate) {
  v1::Report report;
  grpc::Status reviewer =
      stub_->CreateReport(As("u-lina", {"proofread_1"}).get(), NewReport(), &report);
  EXPECT_EQ(reviewer.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(reviewer.error_message(), HasSubstr("drafter"));
  grpc::Status elsewhere =
      stub_->CreateReport(Drafter({"another-unit"}).get(), NewReport(), &report);
  EXPECT_EQ(elsewhere.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(elsewhere.error_message(), HasSubstr("report.unit"));
  EXPECT_EQ(CountRows("reports"), 0);
}

TEST_F(DraftingServiceTest, BadInputNamesTheFieldAndWritesNothing) {
  struct Case {
    std::function<void(v1::CreateReportRequest&)> change;
    std::string field;
  };
  const Case cases[] = {
      {[](auto& r) { r.mutable_report()->clear_unit(); }, "report.unit"},
      {[](auto& r) { r.mutable_report()->set_fiscal_year(1999); }, "report.fiscal_year"},
      {[](auto& r) { r.mutable_report()->set_kind(v1::REPORT_KIND_UNSPECIFIED); }, "report.kind"},
      {[](auto& r) { r.mutable_report()->set_template_("templates/nope"); }, "report.template"},
      {[](auto& r) { r.mutable_report()->set_kind(v1::REPORT_KIND_BUDGET); }, "report.template"},
      {[](auto& r) { r.mutable_report()->set_title(std::string(300, 'x')); }, "report.title"},
  };
  for (const Case& c : cases) {
    v1::CreateReportRequest request = NewReport();
    c.change(request);
    v1::Report report;
    grpc::Status status = stub_->CreateReport(Drafter().get(), request, &report);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field;
    EXPECT_THAT(status.error_message(), StartsWith(c.field));
  }
  EXPECT_EQ(CountRows("reports"), 0);
  v1::GetReportRequest get;
  get.set_name("reports/a/b");
  v1::Report report;
  grpc::Status status = stub_->GetReport(Drafter().get(), get, &report);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("name:"));
}

TEST_F(DraftingServiceTest, ListsReportsNewestFirstInPages) {
  std::vector<std::string> units = {"unit-1", "unit-2", "unit-3", "unit-4", "unit-5"};
  std::vector<std::string> created;
  for (const std::string& unit : units) {
    v1::Report report;
    ASSERT_TRUE(stub_->CreateReport(Drafter(units).get(), NewReport(unit), &report).ok());
    created.insert(created.begin(), report.name());
  }
  std::vector<std::string> seen;
  v1::ListReportsRequest request;
  request.set_page_size(2);
  int pages = 0;
  do {
    v1::ListReportsResponse response;
    ASSERT_TRUE(stub_->ListReports(Drafter(units).get(), request, &response).ok());
    for (const v1::Report& report : response.reports()) seen.push_back(report.name());
    request.set_page_token(response.next_page_token());
    ++pages;
  } while (!request.page_token().empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, created);

  v1::ListReportsRequest filtered;
  filtered.set_unit("unit-3");
  v1::ListReportsResponse one;
  ASSERT_TRUE(stub_->ListReports(Drafter(units).get(), filtered, &one).ok());
  ASSERT_EQ(one.reports_size(), 1);
  EXPECT_EQ(one.reports(0).unit(), "unit-3");
  filtered.set_state(v1::REPORT_STATE_PUBLISHED);
  ASSERT_TRUE(stub_->ListReports(Drafter(units).get(), filtered, &one).ok());
  EXPECT_EQ(one.reports_size(), 0);

  v1::ListReportsRequest bad;
  bad.set_page_token("garbage");
  v1::ListReportsResponse none;
  grpc::Status status = stub_->ListReports(Drafter(units).get(), bad, &none);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("page_token:"));
  bad.set_page_token("");
  bad.set_page_size(-1);
  EXPECT_EQ(stub_->ListReports(Drafter(units).get(), bad, &none).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(DraftingServiceTest, ImplementedMethodsNeedAValidToken) {
  grpc::ClientContext anonymous;
  v1::Report report;
  grpc::Status status = stub_->CreateReport(&anonymous, NewReport(), &report);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("Bearer"));
  grpc::ClientContext expired;
  absl::StatusOr<std::string> token =
      IssueToken(private_key_, {"u-zhangwei", "张伟", {"drafter"}, {kUnit}},
                 absl::Now() - absl::Hours(3), absl::Hours(1));
  ASSERT_THAT(token, IsOk());
  expired.AddMetadata("authorization", "Bearer " + *token);
  status = stub_->CreateReport(&expired, NewReport(), &report);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("过期"));
  EXPECT_EQ(CountRows("reports"), 0) << "the handler never acted";
}

TEST_F(DraftingServiceTest, TemplatesAreListedAndFetched) {
  v1::ListTemplatesResponse templates;
  ASSERT_TRUE(stub_->ListTemplates(Drafter().get(), v1::ListTemplatesRequest(), &templates).ok());
  ASSERT_EQ(templates.templates_size(), 2);
  EXPECT_EQ(templates.templates(0).name(), "templates/national-final-accounts-2024");
  v1::GetTemplateRequest get;
  get.set_name("templates/missing");
  v1::Template found;
  EXPECT_EQ(stub_->GetTemplate(Drafter().get(), get, &found).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

class RevisionTest : public DraftingServiceTest {
 protected:
  void SetUp() override {
    DraftingServiceTest::SetUp();
    ASSERT_TRUE(stub_->CreateReport(Drafter().get(), NewReport(), &report_).ok());
  }
  std::string Section(const std::string& key) { return report_.name() + "/sections/" + key; }
  grpc::Status Submit(const std::string& key, const std::string& content, int base,
                      v1::Revision* out, std::unique_ptr<grpc::ClientContext> as = nullptr) {
    v1::CreateRevisionRequest request;
    request.set_parent(Section(key));
    request.mutable_revision()->set_content(content);
    request.mutable_revision()->set_base_revision(base);
    return stub_->CreateRevision(as ? as.get() : Drafter().get(), request, out);
  }
  v1::Report report_;
};

TEST_F(RevisionTest, RevisionsAreNumberedHashedAndKept) {
  v1::Revision first;
  v1::Revision second;
  ASSERT_TRUE(
      Submit("p2-01-overview", "2024 年度收入、支出总计均为 1089.82 万元。\n", 0, &first).ok());
  ASSERT_TRUE(
      Submit("p2-01-overview", "2024 年度收入、支出总计均为 1089.83 万元。\n", 1, &second).ok());
  EXPECT_EQ(first.name(), Section("p2-01-overview") + "/revisions/1");
  EXPECT_EQ(first.content_sha256(), Sha256Hex("2024 年度收入、支出总计均为 1089.82 万元。\n"));
  EXPECT_EQ(first.author().user_id(), "u-zhangwei");
  EXPECT_EQ(second.number(), 2);
  EXPECT_EQ(second.base_revision(), 1);
  v1::GetRevisionRequest get;
  get.set_name(first.name());
  v1::Revision fetched;
  ASSERT_TRUE(stub_->GetRevision(Drafter().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.content(), "2024 年度收入、支出总计均为 1089.82 万元。\n") << "immutable";
  v1::ListRevisionsRequest list;
  list.set_parent(Section("p2-01-overview"));
  v1::ListRevisionsResponse history;
  ASSERT_TRUE(stub_->ListRevisions(Drafter().get(), list, &history).ok());
  ASSERT_EQ(history.revisions_size(), 2);
  EXPECT_EQ(history.revisions(0).number(), 2) << "newest first";
  EXPECT_TRUE(history.revisions(0).content().empty()) << "metadata only unless asked";
}

TEST_F(RevisionTest, AStaleBaseIsAbortedNamingWhoSubmittedAndWhen) {
  v1::Revision revision;
  ASSERT_TRUE(Submit("p1-duties", "甲", 0, &revision).ok());
  grpc::Status stale = Submit("p1-duties", "乙", 0, &revision, As("u-lisi", {"drafter"}));
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(stale.error_message(), HasSubstr("第 1 版由 u-zhangwei"));
  EXPECT_THAT(stale.error_message(), HasSubstr("北京时间"));
  EXPECT_EQ(CountRows("revisions"), 1);
}

TEST_F(RevisionTest, OfTwoConcurrentSubmissionsOnTheSameBaseExactlyOneWins) {
  const char* keys[] = {"p1-duties",
                        "p1-organization",
                        "p2-01-overview",
                        "p2-02-income",
                        "p2-03-expenditure",
                        "p2-04-appropriation-overview",
                        "p2-05-general-budget",
                        "p2-06-general-basic"};
  for (const char* key : keys) {
    grpc::Status results[2];
    std::thread racers[2];
    for (int i = 0; i < 2; ++i) {
      racers[i] = std::thread([&, i] {
        v1::Revision revision;
        results[i] = Submit(key, absl::StrCat("版本 ", i), 0, &revision);
      });
    }
    racers[0].join();
    racers[1].join();
    const int won = results[0].ok() + results[1].ok();
    EXPECT_EQ(won, 1) << key;
    for (const grpc::Status& result : results) {
      if (!result.ok()) {
        EXPECT_EQ(result.error_code(), grpc::StatusCode::ABORTED) << key;
      }
    }
  }
  EXPECT_EQ(CountRows("revisions"), 8);
}

TEST_F(RevisionTest, BadContentIsRefusedNamingTheFieldAndNothingIsWritten) {
  v1::Revision revision;
  grpc::Status utf8 = Submit("p1-duties", "收入\xff", 0, &revision);
  EXPECT_EQ(utf8.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(utf8.error_message(), StartsWith("revision.content:"));
  grpc::Status csv = Submit("p5-t01", "项目,金额\n基本支出\n", 0, &revision);
  EXPECT_EQ(csv.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(csv.error_message(), HasSubstr("CSV"));
  grpc::Status big = Submit("p1-duties", std::string(kMaxContentBytes + 1, 'a'), 0, &revision);
  EXPECT_EQ(big.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  grpc::Status unknown = Submit("p9-none", "甲", 0, &revision);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(unknown.error_message(), StartsWith("parent:"));
  v1::CreateRevisionRequest bad;
  bad.set_parent("reports/x");
  EXPECT_EQ(stub_->CreateRevision(Drafter().get(), bad, &revision).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Submit("p5-t01", "项目,金额\n基本支出,764.27\n", 0, &revision).ok());
  EXPECT_EQ(CountRows("revisions"), 1);
}

TEST_F(RevisionTest, OnlyTheRightDrafterWritesAndOnlyWhileDrafting) {
  v1::Revision revision;
  EXPECT_EQ(Submit("p1-duties", "甲", 0, &revision, As("u-lina", {"proofread_1"})).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_THAT(db_->Transact([](Transaction& tx) {
    return tx
        .Execute(
            "UPDATE sections SET assignee_id = 'u-wangfang', assignee_name = '王芳' "
            "WHERE section_key = 'p1-duties'")
        .status();
  }),
              IsOk());
  grpc::Status assigned = Submit("p1-duties", "甲", 0, &revision);
  EXPECT_EQ(assigned.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(assigned.error_message(), HasSubstr("王芳"));
  EXPECT_TRUE(Submit("p1-duties", "甲", 0, &revision, As("u-wangfang", {"drafter"})).ok());
  ASSERT_THAT(db_->Transact([](Transaction& tx) {
    return tx.Execute("UPDATE reports SET state = 2").status();  // IN_REVIEW
  }),
              IsOk());
  grpc::Status frozen = Submit("p2-01-overview", "甲", 0, &revision);
  EXPECT_EQ(frozen.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(frozen.error_message(), HasSubstr("只读"));
}

TEST_F(RevisionTest, DiffsShowTheCharactersChanged) {
  v1::Revision first;
  v1::Revision second;
  ASSERT_TRUE(
      Submit("p2-01-overview", "总计 1089.82 万元。\n减少 106.9 万元，下降 9.01%。\n", 0, &first)
          .ok());
  ASSERT_TRUE(
      Submit("p2-01-overview", "总计 1089.82 万元。\n减少 106.9 万元，下降 8.93%。\n", 1, &second)
          .ok());
  v1::DiffRevisionsRequest request;
  request.set_old_revision(first.name());
  request.set_new_revision(second.name());
  request.set_context_lines(-1);
  v1::DiffRevisionsResponse response;
  ASSERT_TRUE(stub_->DiffRevisions(Drafter().get(), request, &response).ok());
  EXPECT_EQ(response.diff().inserted_lines(), 1);
  EXPECT_EQ(response.diff().deleted_lines(), 1);
  ASSERT_EQ(response.diff().lines_size(), 3);
  std::string inserted;
  for (const auto& span : response.diff().lines(2).spans()) {
    if (span.op() == reportflow::type::v1::DIFF_OP_INSERT) inserted += span.text();
  }
  EXPECT_EQ(inserted, "893");
  request.set_new_revision(Section("p1-duties") + "/revisions/1");
  EXPECT_EQ(stub_->DiffRevisions(Drafter().get(), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

std::string SeedText() {
  std::ifstream in(RF_SEED_REPORT);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_F(RevisionTest, ImportingTheSeedFillsEveryTextSectionAndReportsTheRest) {
  v1::ImportDocumentRequest request;
  request.set_report(report_.name());
  request.set_text(SeedText());
  request.set_validate_only(true);
  v1::ImportDocumentResponse preview;
  ASSERT_TRUE(stub_->ImportDocument(Drafter().get(), request, &preview).ok());
  EXPECT_EQ(preview.revisions_size(), 14);
  EXPECT_EQ(CountRows("revisions"), 0) << "validate_only writes nothing";

  request.set_validate_only(false);
  request.set_request_id("import-seed-1");
  v1::ImportDocumentResponse imported;
  ASSERT_TRUE(stub_->ImportDocument(Drafter().get(), request, &imported).ok());
  ASSERT_EQ(imported.revisions_size(), 14) << "2 + 10 + 名词解释 + 附件; tables are attached";
  ASSERT_EQ(imported.unmatched_size(), 1);
  EXPECT_EQ(imported.unmatched(0).text(), "见上传附表");
  EXPECT_EQ(imported.missing_required_sections_size(), 0);
  EXPECT_EQ(CountRows("revisions"), 14);

  v1::GetRevisionRequest get;
  get.set_name(Section("p2-01-overview") + "/revisions/1");
  v1::Revision overview;
  ASSERT_TRUE(stub_->GetRevision(Drafter().get(), get, &overview).ok());
  EXPECT_THAT(overview.content(), StartsWith("2024 年度收入、支出总计均为 1089.82 万元。"));
  EXPECT_THAT(overview.note(), HasSubstr("导入文档第 242"));
  get.set_name(Section("p2-09-capital-budget") + "/revisions/1");
  ASSERT_TRUE(stub_->GetRevision(Drafter().get(), get, &overview).ok());
  EXPECT_THAT(overview.content(), StartsWith("2024 年度政府性基金预算财政拨款支出 0 万元"));

  v1::ImportDocumentResponse replay;
  ASSERT_TRUE(stub_->ImportDocument(Drafter().get(), request, &replay).ok());
  EXPECT_EQ(replay.SerializeAsString(), imported.SerializeAsString());
  EXPECT_EQ(CountRows("revisions"), 14) << "a retry imports nothing twice";

  request.set_request_id("");
  request.set_text("收入\xff");
  grpc::Status bad = stub_->ImportDocument(Drafter().get(), request, &replay);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.error_message(), StartsWith("text:"));
}

// Office files, written by LibreOffice in tests/import/make_fixtures.py
// (once per build tree, under a lock: ctest runs these tests in parallel).
std::string OfficeFixture(const std::string& name) {
  static const std::string kDir = [] {
    const std::string dir = RF_OFFICE_FIXTURES;
    std::filesystem::create_directories(dir);
    const int lock = ::open((dir + "/.lock").c_str(), O_CREAT | O_RDWR, 0600);
    ::flock(lock, LOCK_EX);
    const std::string done = dir + "/.done";
    const bool stale = !std::filesystem::exists(done) ||
                       std::filesystem::last_write_time(done) <
                           std::filesystem::last_write_time(RF_OFFICE_FIXTURE_SCRIPT);
    if (stale) {
      const std::string command =
          absl::StrCat(RF_OFFICE_FIXTURE_SCRIPT, " ", dir, " > ", dir, "/make.log 2>&1");
      EXPECT_EQ(std::system(command.c_str()), 0) << "see " << dir << "/make.log";
      std::ofstream(done) << "ok\n";
    }
    ::flock(lock, LOCK_UN);
    ::close(lock);
    return dir;
  }();
  std::ifstream in(kDir + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

::testing::AssertionResult GrpcOk(const grpc::Status& status) {
  if (status.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << status.error_code() << ": " << status.error_message();
}

class OfficeImportTest : public RevisionTest {
 protected:
  grpc::Status Import(const std::string& file, v1::ImportDocumentResponse* response,
                      bool as_workbook = false) {
    v1::ImportDocumentRequest request;
    request.set_report(report_.name());
    if (as_workbook) {
      request.set_xlsx(OfficeFixture(file));
    } else {
      request.set_docx(OfficeFixture(file));
    }
    std::string request_id = "import-" + file;
    std::replace(request_id.begin(), request_id.end(), '.', '-');
    request.set_request_id(request_id);
    return stub_->ImportDocument(Drafter().get(), request, response);
  }
  // The newest revision's content of every section that has one.
  std::map<std::string, std::string> Contents(const v1::ImportDocumentResponse& response) {
    std::map<std::string, std::string> out;
    for (const v1::Revision& revision : response.revisions()) {
      v1::GetRevisionRequest get;
      get.set_name(revision.name());
      v1::Revision full;
      EXPECT_TRUE(stub_->GetRevision(Drafter().get(), get, &full).ok()) << revision.name();
      const std::string section = revision.name().substr(0, revision.name().rfind("/revisions/"));
      out[section.substr(section.rfind('/') + 1)] = full.content();
    }
    return out;
  }
};

// The 三公 table of the .docx fixtures: 项目 merged down two rows, 预算数 and
// 决算数 each across six columns; 单位：万元 above it.
constexpr char kThreePublicCsv[] =
    "项目,预算数/小计（万元）,预算数/因公出国（境）费（万元）,"
    "预算数/公务用车购置及运行维护费/小计（万元）,预算数/公务用车购置费（万元）,"
    "预算数/公务用车运行费（万元）,预算数/公务接待费（万元）,决算数/小计（万元）,"
    "决算数/因公出国（境）费（万元）,决算数/公务用车购置及运行维护费/小计（万元）,"
    "决算数/公务用车购置费（万元）,决算数/公务用车运行费（万元）,决算数/公务接待费（万元）\n"
    "合计,45.13,0,15.13,0,15.13,30,45.13,0,15.13,0,15.13,30\n";

TEST_F(OfficeImportTest, ADocxWithHeadingsByStyleFillsItsSectionsAndSaysWhatItLeftOut) {
  v1::ImportDocumentResponse response;
  ASSERT_TRUE(GrpcOk(Import("style-headings.docx", &response)));
  const std::map<std::string, std::string> contents = Contents(response);
  ASSERT_EQ(contents.size(), 5u);
  EXPECT_EQ(contents.at("p1-duties"), "金口河区财政局是区政府主管财政收支、财税政策的工作部门。\n");
  EXPECT_EQ(contents.at("p1-organization"), "本单位内设 8 个股室，下属 1 个事业单位。\n");
  EXPECT_EQ(contents.at("p2-01-overview"), "2024 年度收入、支出总计均为 1089.82 万元。\n");
  const std::string& three_public = contents.at("p2-07-three-public");
  EXPECT_THAT(three_public,
              HasSubstr("本表数据以万元为单位[注1]。\n\n注1：数据来源：2024 年度部门决算报表。"))
      << "the footnote follows its paragraph";
  EXPECT_THAT(three_public, HasSubstr("正文在文本框之后。\n\n文本框：以上数据未经审计。"))
      << "the text box follows the paragraph that anchors it";
  EXPECT_THAT(three_public, HasSubstr("图 1：收入支出决算总体情况"));
  EXPECT_EQ(contents.at("p5-t13"), kThreePublicCsv);

  ASSERT_EQ(response.not_imported_size(), 1);
  EXPECT_EQ(response.not_imported(0).what(), "图片 media/image1.png");
  EXPECT_THAT(response.not_imported(0).location(), StartsWith("第 "));
  ASSERT_EQ(response.unmatched_size(), 1) << response.DebugString();
  EXPECT_EQ(response.unmatched(0).text(), "金口河区财政局2024年度单位决算");
  EXPECT_EQ(response.unmatched(0).start_line(), 1);
  EXPECT_THAT(response.missing_required_sections(), ::testing::Contains("p2-02-income"));

  v1::GetRevisionRequest get;
  get.set_name(Section("p5-t13") + "/revisions/1");
  v1::Revision table;
  ASSERT_TRUE(GrpcOk(stub_->GetRevision(Drafter().get(), get, &table)));
  EXPECT_THAT(table.note(), StartsWith("导入 Word 文档第 "));
}

TEST_F(OfficeImportTest, HeadingsByNumberingOnlyLandInTheirSections) {
  v1::ImportDocumentResponse numbered;
  ASSERT_TRUE(GrpcOk(Import("numbered-headings.docx", &numbered)));
  const std::map<std::string, std::string> by_number = Contents(numbered);
  EXPECT_EQ(by_number.at("p1-duties"),
            "金口河区财政局是区政府主管财政收支、财税政策的工作部门。\n");
  EXPECT_EQ(by_number.at("p2-07-three-public"),
            "2024年度“三公”经费财政拨款支出决算为 45.13 万元。\n");
  EXPECT_EQ(by_number.at("p3-glossary"),
            "1.财政拨款收入：指单位从同级财政部门取得的财政预算资金。\n");
  EXPECT_EQ(by_number.at("p5-t13"), kThreePublicCsv);
  EXPECT_EQ(numbered.unmatched_size(), 0) << numbered.DebugString();
  EXPECT_EQ(numbered.not_imported_size(), 0);
}

TEST_F(OfficeImportTest, HeadingsAsWpsSavesThemLandAsWordsDo) {
  // The style-headed file with numeric style ids, 标题 N names and no
  // outline levels, as WPS writes them.
  v1::ImportDocumentResponse wps;
  ASSERT_TRUE(GrpcOk(Import("wps-headings.docx", &wps)));
  const std::map<std::string, std::string> by_style = Contents(wps);
  ASSERT_EQ(by_style.size(), 5u) << wps.DebugString();
  EXPECT_EQ(by_style.at("p1-duties"), "金口河区财政局是区政府主管财政收支、财税政策的工作部门。\n");
  EXPECT_EQ(by_style.at("p5-t13"), kThreePublicCsv);
  EXPECT_EQ(wps.unmatched_size(), 1);
}

TEST_F(OfficeImportTest, AWorkbookFillsTheThirteenTablesWithTheFiguresAsShown) {
  v1::ImportDocumentResponse response;
  ASSERT_TRUE(GrpcOk(Import("tables.xlsx", &response, /*as_workbook=*/true)));
  const std::map<std::string, std::string> contents = Contents(response);
  ASSERT_EQ(contents.size(), 13u) << response.DebugString();
  for (int n = 1; n <= 13; ++n) {
    EXPECT_TRUE(contents.count(absl::StrFormat("p5-t%02d", n))) << n;
  }
  EXPECT_EQ(contents.at("p5-t01"),
            "项目,收入/支出（万元）,收入/上年数（万元）\n本年收入合计,1080.05,0.00\n"
            "本年支出合计,1088.08,0.00\n总计,1089.82,0.00\n");
  EXPECT_EQ(contents.at("p5-t06"),
            "项目,本年支出/合计（万元）,本年支出/上年数（万元）\n一般公共服务支出,847.20,0.00\n"
            "社会保障和就业支出,157.90,0.00\n卫生健康支出,20.46,0.00\n农林水支出,0.01,0.00\n"
            "住房保障支出,54.45,0.00\n")
      << "847.2 is shown, and kept, as 847.20";
  EXPECT_EQ(contents.at("p5-t13"),
            "项目,决算数/公务接待费（万元）,决算数/上年数（万元）\n合计,30.00,0.00\n"
            "国内公务接待费,30.00,0.00\n外事接待费,0.30,0.00\n")
      << "=0.1+0.2 is 0.30000000000000004 in binary and 0.30 on the sheet";
  ASSERT_EQ(response.unmatched_size(), 2) << response.DebugString();
  EXPECT_EQ(response.unmatched(0).reason(),
            "工作表“公开13表”：表注无法放入表格，未导入（表格本身已导入）");
  EXPECT_EQ(response.unmatched(0).text(), "注：本单位 2024 年度无因公出国（境）费支出。");
  EXPECT_EQ(response.unmatched(1).reason(), "工作表“说明”：工作表的标题与模板中的任何表格都不匹配");
  EXPECT_EQ(response.missing_required_sections_size(), 0) << "a workbook carries tables only";

  v1::GetRevisionRequest get;
  get.set_name(Section("p5-t06") + "/revisions/1");
  v1::Revision table;
  ASSERT_TRUE(GrpcOk(stub_->GetRevision(Drafter().get(), get, &table)));
  EXPECT_EQ(table.note(), "导入 Excel 工作簿的工作表“公开06表”");
}

TEST_F(OfficeImportTest, BrokenProtectedBombAndLegacyFilesAreRefusedAndNothingIsWritten) {
  struct Case {
    std::string file;
    bool as_workbook;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"corrupt.docx", false, "docx: 文件已损坏"},
      {"password.docx", false, "docx: 文件受密码保护"},
      {"bomb.docx", false, "疑似压缩炸弹"},
      {"legacy.xls", true,
       "xlsx: 这是旧版 Office 格式（.doc 或 .xls），请在 WPS 或 Word/Excel 中另存为"},
      {"tables.xlsx", false, "docx: 这是 Excel 工作簿（.xlsx），请作为表格导入"},
      {"style-headings.docx", true, "xlsx: 这是 Word 文档（.docx），请作为文档导入"},
  };
  for (const Case& c : cases) {
    v1::ImportDocumentResponse response;
    const grpc::Status status = Import(c.file, &response, c.as_workbook);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.file;
    EXPECT_THAT(status.error_message(), HasSubstr(c.message)) << c.file;
  }
  EXPECT_EQ(CountRows("revisions"), 0) << "nothing written";
  EXPECT_EQ(CountRows("request_results"), 0) << "a refusal is not stored as an answer";

  // Beyond the request limit (8 MiB): refused by the server before any work.
  v1::ImportDocumentRequest request;
  request.set_report(report_.name());
  request.set_docx(std::string(9 << 20, 'x'));
  v1::ImportDocumentResponse response;
  EXPECT_EQ(stub_->ImportDocument(Drafter().get(), request, &response).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(CountRows("revisions"), 0);
}

class SubmitTest : public RevisionTest {
 protected:
  void Import() {
    v1::ImportDocumentRequest request;
    request.set_report(report_.name());
    request.set_text(SeedText());
    v1::ImportDocumentResponse response;
    ASSERT_TRUE(stub_->ImportDocument(Drafter().get(), request, &response).ok());
  }
  grpc::Status Submit(v1::SubmitReportResponse* response, const std::string& request_id = "",
                      const std::string& etag = "") {
    v1::SubmitReportRequest request;
    request.set_name(report_.name());
    request.set_request_id(request_id);
    request.set_etag(etag);
    return stub_->SubmitReport(Drafter().get(), request, response);
  }
};

TEST_F(SubmitTest, FreezesAVersionWithItsDigestAndQueuesStartReview) {
  Import();
  v1::SubmitReportResponse submitted;
  ASSERT_TRUE(Submit(&submitted, "submit-1").ok());
  EXPECT_EQ(submitted.report().state(), v1::REPORT_STATE_IN_REVIEW);
  EXPECT_EQ(submitted.report().latest_version(), 1);
  EXPECT_EQ(submitted.version().name(), report_.name() + "/versions/1");
  EXPECT_EQ(submitted.version().manifest_size(), 27);

  v1::GetReportVersionRequest get;
  get.set_name(submitted.version().name());
  get.set_view(v1::REPORT_VERSION_VIEW_FULL);
  v1::ReportVersion version;
  ASSERT_TRUE(stub_->GetReportVersion(Drafter().get(), get, &version).ok());
  std::vector<ManifestLine> manifest;
  for (const v1::ManifestEntry& entry : version.manifest()) {
    const std::string key = entry.section().substr(entry.section().rfind('/') + 1);
    const int revision = entry.revision().empty()
                             ? 0
                             : std::stoi(entry.revision().substr(entry.revision().rfind('/') + 1));
    manifest.push_back({key, revision, entry.content_sha256()});
    if (!entry.content().empty()) {
      EXPECT_EQ(Sha256Hex(entry.content()), entry.content_sha256()) << key;
      ASSERT_EQ(entry.authors_size(), 1) << key;
      EXPECT_EQ(entry.authors(0).user_id(), "u-zhangwei");
    }
  }
  EXPECT_EQ(ManifestDigest(manifest), version.digest()) << "anyone can recompute the digest";
  EXPECT_EQ(version.digest(), submitted.version().digest());
  EXPECT_THAT(version.manifest(2).content(),
              StartsWith("2024 年度收入、支出总计均为 1089.82 万元。"));

  v1::Revision revision;
  grpc::Status frozen = RevisionTest::Submit("p2-01-overview", "改写", 1, &revision);
  EXPECT_EQ(frozen.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << "read-only in review";

  v1::ListDeliveriesResponse deliveries;
  ASSERT_TRUE(
      stub_->ListDeliveries(Drafter().get(), v1::ListDeliveriesRequest(), &deliveries).ok());
  ASSERT_EQ(deliveries.deliveries_size(), 1);
  EXPECT_EQ(deliveries.deliveries(0).method(), "reportflow.review.v1.ReviewService/StartReview");
  EXPECT_EQ(deliveries.deliveries(0).subject(), submitted.version().name());
  EXPECT_EQ(deliveries.deliveries(0).state(), reportflow::type::v1::DELIVERY_STATE_PENDING);

  v1::SubmitReportResponse replay;
  ASSERT_TRUE(Submit(&replay, "submit-1").ok());
  EXPECT_EQ(replay.version().digest(), submitted.version().digest());
  EXPECT_EQ(CountRows("versions"), 1);
  EXPECT_EQ(CountRows("outbox"), 1) << "one message, whatever the retries";
  v1::SubmitReportResponse again;
  EXPECT_EQ(Submit(&again).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(SubmitTest, RefusesEmptyRequiredSectionsListingThem) {
  v1::SubmitReportResponse response;
  grpc::Status status = Submit(&response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("一、主要职责"));
  EXPECT_THAT(status.error_message(), HasSubstr("名词解释"));
  EXPECT_EQ(CountRows("versions"), 0);
  EXPECT_EQ(CountRows("outbox"), 0);
}

TEST_F(SubmitTest, AStaleEtagIsAborted) {
  Import();
  v1::SubmitReportResponse response;
  grpc::Status status = Submit(&response, "", report_.etag());  // etag before the import
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(status.error_message(), HasSubstr("etag"));
  v1::GetReportRequest get;
  get.set_name(report_.name());
  v1::Report current;
  ASSERT_TRUE(stub_->GetReport(Drafter().get(), get, &current).ok());
  EXPECT_TRUE(Submit(&response, "", current.etag()).ok());
}

TEST_F(SubmitTest, TheSelfCheckFindsWhatTheMachineCheckWouldAndWritesNothing) {
  Import();
  v1::CheckReportRequest request;
  request.set_name(report_.name());
  v1::CheckReportResponse checked;
  ASSERT_TRUE(stub_->CheckReport(Drafter().get(), request, &checked).ok());
  EXPECT_EQ(checked.checked_sections(), 14);
  // The seed's overview states a change rate the figures contradict (the same
  // finding the review's 机器预检 raises, docs/proofreading.md).
  const v1::CheckFinding* change = nullptr;
  for (const v1::CheckFinding& finding : checked.findings()) {
    if (finding.rule() == "figures.change") change = &finding;
  }
  ASSERT_NE(change, nullptr);
  EXPECT_EQ(change->section(), Section("p2-01-overview"));
  EXPECT_EQ(change->revision(), Section("p2-01-overview") + "/revisions/1");
  EXPECT_EQ(change->severity(), v1::CHECK_SEVERITY_ERROR);
  EXPECT_EQ(change->line(), 1);
  EXPECT_GT(change->column(), 0);
  EXPECT_THAT(change->message(), HasSubstr("9.01%"));

  v1::GetReportRequest get;
  get.set_name(report_.name());
  v1::Report report;
  ASSERT_TRUE(stub_->GetReport(Drafter().get(), get, &report).ok());
  EXPECT_EQ(report.latest_version(), 0) << "a self-check freezes no version";
  EXPECT_EQ(report.state(), v1::REPORT_STATE_DRAFTING);

  EXPECT_EQ(stub_->CheckReport(Drafter({"another-unit"}).get(), request, &checked).error_code(),
            grpc::StatusCode::NOT_FOUND)
      << "authorization before existence";
  request.set_name("reports/../etc");
  EXPECT_EQ(stub_->CheckReport(Drafter().get(), request, &checked).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SubmitTest, OtherUnitsSeeNeitherTheReportNorItsDeliveries) {
  Import();
  v1::SubmitReportResponse response;
  ASSERT_TRUE(Submit(&response).ok());
  v1::GetReportVersionRequest get;
  get.set_name(response.version().name());
  v1::ReportVersion version;
  EXPECT_EQ(stub_->GetReportVersion(Drafter({"another-unit"}).get(), get, &version).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListDeliveriesResponse deliveries;
  ASSERT_TRUE(stub_
                  ->ListDeliveries(Drafter({"another-unit"}).get(), v1::ListDeliveriesRequest(),
                                   &deliveries)
                  .ok());
  EXPECT_EQ(deliveries.deliveries_size(), 0);
}

TEST_F(SubmitTest, AssignmentDecidesWhoWritesASection) {
  v1::AssignSectionRequest assign;
  assign.set_name(Section("p1-duties"));
  assign.set_assignee_user_id("u-wangfang");
  assign.set_assignee_display_name("王芳");
  v1::Section section;
  ASSERT_TRUE(stub_->AssignSection(Drafter().get(), assign, &section).ok());
  EXPECT_EQ(section.assignee().display_name(), "王芳");
  EXPECT_EQ(section.etag(), "v2");
  v1::Revision revision;
  EXPECT_EQ(RevisionTest::Submit("p1-duties", "甲", 0, &revision).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(
      RevisionTest::Submit("p1-duties", "甲", 0, &revision, As("u-wangfang", {"drafter"})).ok());
  assign.set_etag("v2");  // the revision advanced it to v3
  EXPECT_EQ(stub_->AssignSection(Drafter().get(), assign, &section).error_code(),
            grpc::StatusCode::ABORTED);
}

TEST_F(SubmitTest, UpdateReportChangesOnlyWhatTheMaskNames) {
  v1::UpdateReportRequest update;
  update.mutable_report()->set_name(report_.name());
  update.mutable_report()->set_finance_approval_date("2025-09-10");
  update.mutable_report()->set_title("不应改变");
  update.mutable_update_mask()->add_paths("finance_approval_date");
  v1::Report updated;
  ASSERT_TRUE(stub_->UpdateReport(Drafter().get(), update, &updated).ok());
  EXPECT_EQ(updated.finance_approval_date(), "2025-09-10");
  EXPECT_EQ(updated.title(), report_.title());
  update.mutable_report()->set_finance_approval_date("2025-13-40");
  grpc::Status bad_date = stub_->UpdateReport(Drafter().get(), update, &updated);
  EXPECT_EQ(bad_date.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad_date.error_message(), StartsWith("report.finance_approval_date"));
  update.mutable_update_mask()->add_paths("state");
  grpc::Status bad_mask = stub_->UpdateReport(Drafter().get(), update, &updated);
  EXPECT_EQ(bad_mask.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad_mask.error_message(), StartsWith("update_mask"));
  v1::UpdateReportRequest stale;
  stale.mutable_report()->set_name(report_.name());
  stale.mutable_report()->set_etag(report_.etag());
  stale.mutable_report()->set_title("新标题");
  stale.mutable_update_mask()->add_paths("title");
  EXPECT_EQ(stub_->UpdateReport(Drafter().get(), stale, &updated).error_code(),
            grpc::StatusCode::ABORTED);
}

TEST_F(SubmitTest, AReturnMakesTheReportEditableAndResubmissionMakesVersionTwo) {
  Import();
  v1::SubmitReportResponse first;
  ASSERT_TRUE(Submit(&first).ok());
  v1::RecordReviewOutcomeRequest returned;
  returned.set_version(first.version().name());
  returned.set_outcome(v1::REVIEW_OUTCOME_RETURNED);
  returned.set_review("reviews/rv-1");
  returned.set_reason("总体情况说明中下降比率有误");
  returned.set_request_id("outcome-1");
  v1::Report report;
  EXPECT_EQ(stub_->RecordReviewOutcome(Drafter().get(), returned, &report).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "only the review service records outcomes";
  auto review_service = [&] { return As("svc-review", {"service:review"}, {}); };
  ASSERT_TRUE(stub_->RecordReviewOutcome(review_service().get(), returned, &report).ok());
  EXPECT_EQ(report.state(), v1::REPORT_STATE_RETURNED);
  ASSERT_TRUE(stub_->RecordReviewOutcome(review_service().get(), returned, &report).ok())
      << "a retry is accepted";
  EXPECT_EQ(report.state(), v1::REPORT_STATE_RETURNED);

  v1::Revision revision;
  ASSERT_TRUE(RevisionTest::Submit("p2-01-overview",
                                   "2024 年度收入、支出总计均为 1089.82 万元。与 2023 年度相比，"
                                   "收入、支出总计各减少 106.9 万元，下降 8.93%。\n",
                                   1, &revision)
                  .ok());
  v1::SubmitReportResponse second;
  ASSERT_TRUE(Submit(&second).ok());
  EXPECT_EQ(second.version().number(), 2);
  EXPECT_NE(second.version().digest(), first.version().digest());

  v1::ListReportVersionsRequest list;
  list.set_parent(report_.name());
  v1::ListReportVersionsResponse versions;
  ASSERT_TRUE(stub_->ListReportVersions(Drafter().get(), list, &versions).ok());
  ASSERT_EQ(versions.versions_size(), 2);
  EXPECT_EQ(versions.versions(0).number(), 2);

  v1::DiffReportVersionsRequest diff;
  diff.set_old_version(first.version().name());
  diff.set_new_version(second.version().name());
  v1::DiffReportVersionsResponse diffs;
  ASSERT_TRUE(stub_->DiffReportVersions(Drafter().get(), diff, &diffs).ok());
  int changed = 0;
  for (const v1::SectionDiff& section : diffs.sections()) {
    if (section.changed()) {
      ++changed;
      EXPECT_EQ(section.section(), Section("p2-01-overview"));
      EXPECT_EQ(section.diff().inserted_lines(), 1);
    }
  }
  EXPECT_EQ(changed, 1);

  // Approval, then publication by the publication service only.
  v1::RecordReviewOutcomeRequest approved;
  approved.set_version(second.version().name());
  approved.set_outcome(v1::REVIEW_OUTCOME_APPROVED);
  approved.set_certificate("reviews/rv-2/certificate");
  ASSERT_TRUE(stub_->RecordReviewOutcome(review_service().get(), approved, &report).ok());
  EXPECT_EQ(report.state(), v1::REPORT_STATE_APPROVED);
  approved.set_version(first.version().name());
  EXPECT_EQ(stub_->RecordReviewOutcome(review_service().get(), approved, &report).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "version 1 is no longer under review";
  v1::RecordPublicationOutcomeRequest published;
  published.set_version(second.version().name());
  published.set_outcome(v1::PUBLICATION_OUTCOME_PUBLISHED);
  published.set_url("https://portal.example/jinkouhe/2024");
  EXPECT_EQ(
      stub_->RecordPublicationOutcome(review_service().get(), published, &report).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub_
                  ->RecordPublicationOutcome(As("svc-pub", {"service:publication"}, {}).get(),
                                             published, &report)
                  .ok());
  EXPECT_EQ(report.state(), v1::REPORT_STATE_PUBLISHED);
  ASSERT_TRUE(stub_
                  ->RecordPublicationOutcome(As("svc-pub", {"service:publication"}, {}).get(),
                                             published, &report)
                  .ok())
      << "a retry is accepted";
  EXPECT_EQ(report.state(), v1::REPORT_STATE_PUBLISHED);
  published.set_outcome(v1::PUBLICATION_OUTCOME_WITHDRAWN);
  published.set_reason("数据有误，撤回更正");
  ASSERT_TRUE(stub_
                  ->RecordPublicationOutcome(As("svc-pub", {"service:publication"}, {}).get(),
                                             published, &report)
                  .ok());
  EXPECT_EQ(report.state(), v1::REPORT_STATE_WITHDRAWN);
}

// The hot queries are served by an index, not a scan, on a table big enough
// for the optimizer to prefer one.
TEST_F(DraftingServiceTest, HotQueriesUseAnIndex) {
  ASSERT_THAT(db_->Transact([](Transaction& tx) -> absl::Status {
    for (int i = 0; i < 400; ++i) {
      RETURN_IF_ERROR(
          tx.Execute("INSERT INTO reports (public_id, unit, unit_display_name, "
                     "fiscal_year, kind, template, title, state, creator_id, "
                     "creator_name, finance_approval_date) VALUES (?, ?, 'u', ?, 1, 't', 't', ?, "
                     "'c', 'c', '2025-01-02')",
                     {absl::StrCat("r-bulk", i), absl::StrCat("unit-", i % 80), 2000 + i / 80,
                      // history: most reports long published
                      i % 20 == 0 ? 1 : 5})
              .status());
      RETURN_IF_ERROR(
          tx.Execute("INSERT INTO sections (report_id, section_key, position, part_key, "
                     "title, kind, required) SELECT id, 'a', 0, 'p', 't', 1, 1 "
                     "FROM reports WHERE public_id = ?",
                     {absl::StrCat("r-bulk", i)})
              .status());
    }
    RETURN_IF_ERROR(tx.ExecuteDirect("ANALYZE TABLE reports"));
    return tx.ExecuteDirect("ANALYZE TABLE sections");
  }),
              IsOk());
  const std::vector<testing::PlannedQuery> queries = {
      {"a report by id", absl::StrCat(kSelectReportByPublicId, "WHERE public_id = ?"), {"r-bulk7"}},
      {"a unit's reports",
       absl::StrCat(kSelectReportByPublicId, "WHERE unit IN (?) ORDER BY id DESC LIMIT ?"),
       {"unit-7", 51}},
      {"a report's sections", kSelectSections, {int64_t{8}}},
      {"the latest revision of a section", kSelectLatestRevision, {int64_t{8}, "a"}},
      {"a unit's report of a year (the finance bureau's view)",
       absl::StrCat(kSelectReportByPublicId, "WHERE unit = ? AND fiscal_year = ? AND kind = ?"),
       {"unit-7", 2001, 1}},
      {"a report's sections written (the finance bureau's view)",
       "SELECT COALESCE(SUM(required), 0) FROM sections WHERE report_id = ?",
       {int64_t{8}}},
      {"the running deadlines (the reminder ticker), never the published history",
       absl::StrCat(kSelectReportByPublicId,
                    "WHERE state IN (?, ?, ?, ?) AND id > ? AND finance_approval_date IS NOT "
                    "NULL ORDER BY id LIMIT ?"),
       {1, 2, 3, 4, 0, 201}},
  };
  testing::ExpectIndexed(*db_, queries);
}

}  // namespace
}  // namespace reportflow::drafting
