// Service-tier tests of the drafting service: a real gRPC server in-process
// on the real MariaDB (a fresh schema, migrations applied), called with
// bearer tokens as clients call it.
#include "services/drafting/api/drafting_service.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "embedded/drafting_migrations.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "services/common/migrations.h"
#include "services/common/server.h"
#include "services/common/status_macros.h"
#include "services/common/status_matchers.h"
#include "services/drafting/domain/templates.h"
#include "services/drafting/store/report_store.h"
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

// The hot queries are served by an index, not a scan, on a table big enough
// for the optimizer to prefer one.
TEST_F(DraftingServiceTest, HotQueriesUseAnIndex) {
  ASSERT_THAT(db_->Transact([](Transaction& tx) -> absl::Status {
    for (int i = 0; i < 400; ++i) {
      RETURN_IF_ERROR(
          tx.Execute("INSERT INTO reports (public_id, unit, unit_display_name, "
                     "fiscal_year, kind, template, title, state, creator_id, "
                     "creator_name) VALUES (?, ?, 'u', ?, 1, 't', 't', 1, 'c', 'c')",
                     {absl::StrCat("r-bulk", i), absl::StrCat("unit-", i % 80), 2000 + i / 80})
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
  const struct {
    std::string name;
    std::string statement;
    std::vector<SqlValue> params;
  } queries[] = {
      {"a report by id", absl::StrCat(kSelectReportByPublicId, "WHERE public_id = ?"), {"r-bulk7"}},
      {"a unit's reports",
       absl::StrCat(kSelectReportByPublicId, "WHERE unit IN (?) ORDER BY id DESC LIMIT ?"),
       {"unit-7", 51}},
      {"a report's sections", kSelectSections, {int64_t{8}}},
  };
  for (const auto& query : queries) {
    absl::StatusOr<std::vector<Row>> plan = db_->Transact<std::vector<Row>>(
        [&](Transaction& tx) { return tx.Query("EXPLAIN " + query.statement, query.params); });
    ASSERT_THAT(plan, IsOk()) << query.name;
    ASSERT_FALSE(plan->empty());
    // EXPLAIN columns: id, select_type, table, type, possible_keys, key, …
    EXPECT_NE((*plan)[0].GetString(3), "ALL") << query.name << ": full table scan";
    EXPECT_FALSE((*plan)[0].IsNull(5)) << query.name << ": no index used";
  }
}

}  // namespace
}  // namespace reportflow::drafting
