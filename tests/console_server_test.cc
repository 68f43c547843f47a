// console-server on real services (issue 14, the server half): the identity
// and drafting services in-process on the real MariaDB, console-server's
// HTTPS routes in-process, a client speaking HTTPS as a browser would. Sign-in
// sets a session cookie scripts cannot read (HttpOnly, Secure,
// SameSite=Strict); the generic bridge forwards JSON to gRPC as the signed-in
// person; a mutation without the CSRF token is refused; gRPC codes become
// HTTP statuses with the Chinese message; every answer carries the CSP.
#include "services/console/console_server.h"

#include <chrono>
#include <cstdlib>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "embedded/drafting_migrations.h"
#include "embedded/identity_migrations.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "reportflow/identity/v1/identity.grpc.pb.h"
#include "services/common/status_matchers.h"
#include "services/drafting/api/drafting_service.h"
#include "services/drafting/domain/templates.h"
#include "services/identity/api/identity_service.h"
#include "tests/support/identity_server.h"
#include "tests/support/in_process.h"
#include "tests/support/process.h"
#include "tests/support/test_db.h"

namespace reportflow {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::TestSchema;

constexpr char kPassword[] = "Jinkouhe2024abc";

class ConsoleServerTest : public ::testing::Test, protected testing::InProcessServers {
 protected:
  void SetUp() override {
    for (auto* schema : {&identity_schema_, &drafting_schema_}) {
      absl::StatusOr<std::unique_ptr<TestSchema>> created = TestSchema::Create();
      ASSERT_THAT(created, IsOk());
      *schema = *std::move(created);
    }
    identity_db_ = testing::OpenMigrated(*identity_schema_, identity::Migrations());
    drafting_db_ = testing::OpenMigrated(*drafting_schema_, drafting::Migrations());
    identity_server_ = testing::StartIdentityServer(*this, identity_db_.get());
    PeerConfig directory;
    directory.identity_address = absl::StrCat("127.0.0.1:", identity_server_->port());
    directory.service_token_file = dir_.WriteFile(
        "svc.token", Token("svc-drafting", "drafting-server", {"service:drafting"}, {}));
    UseDirectory(std::make_shared<DirectoryResolver>(directory, absl::Seconds(30)));
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
    Seed();

    // console-server over HTTPS with a certificate of its own.
    const std::string d = dir_.path();
    ASSERT_EQ(std::system(absl::StrCat("openssl req -x509 -newkey ec -pkeyopt "
                                       "ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost "
                                       "-addext subjectAltName=IP:127.0.0.1 -keyout ",
                                       d, "/console.key -out ", d, "/console.crt 2>/dev/null")
                              .c_str()),
              0);
    console::ConsoleConfig console_config;
    console_config.peers.identity_address = directory.identity_address;
    console_config.peers.drafting_address = absl::StrCat("127.0.0.1:", drafting_server_->port());
    console_config.session_key = std::string(32, 's');
    // A built app in miniature: index.html and one content-hashed asset.
    ASSERT_EQ(
        std::system(absl::StrCat("mkdir -p ", d, "/app/assets && printf '<div id=app></div>' >", d,
                                 "/app/index.html && printf 'export{}' >", d,
                                 "/app/assets/index-Abc123.js")
                        .c_str()),
        0);
    console_config.static_dir = d + "/app";
    absl::StatusOr<std::unique_ptr<console::ConsoleServer>> console =
        console::ConsoleServer::Create(console_config);
    ASSERT_THAT(console, IsOk());
    console_ = *std::move(console);
    https_ = std::make_unique<httplib::SSLServer>((d + "/console.crt").c_str(),
                                                  (d + "/console.key").c_str());
    console_->Register(*https_);
    port_ = https_->bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { https_->listen_after_bind(); });
    ca_ = d + "/console.crt";
  }
  void TearDown() override {
    if (https_) https_->stop();
    if (thread_.joinable()) thread_.join();
  }

  void Seed() {
    auto admin = [&] { return As("u-admin", "管理员", {"admin"}, {}); };
    auto stub = identity::v1::IdentityService::NewStub(Channel(*identity_server_));
    identity::v1::CreateUnitRequest unit;
    unit.mutable_unit()->set_name("units/jinkouhe-gov-office");
    unit.mutable_unit()->set_display_name("金口河区人民政府办公室");
    unit.mutable_unit()->set_kind(identity::v1::UNIT_KIND_BUDGET_UNIT);
    identity::v1::Unit created;
    ASSERT_TRUE(stub->CreateUnit(admin().get(), unit, &created).ok());
    for (const auto& [id, name, role] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"u-zhangwei", "张伟", "drafter"}, {"u-lina", "李娜", "proofread_1"}}) {
      identity::v1::CreatePersonRequest person;
      person.mutable_person()->set_name("people/" + id);
      person.mutable_person()->set_display_name(name);
      person.mutable_person()->set_unit("units/jinkouhe-gov-office");
      person.set_password(kPassword);
      identity::v1::Person made;
      ASSERT_TRUE(stub->CreatePerson(admin().get(), person, &made).ok());
      identity::v1::CreateRoleAssignmentRequest grant;
      grant.mutable_role_assignment()->set_person("people/" + id);
      grant.mutable_role_assignment()->set_role(role);
      grant.mutable_role_assignment()->set_scope("units/jinkouhe-gov-office");
      identity::v1::RoleAssignment assignment;
      ASSERT_TRUE(stub->CreateRoleAssignment(admin().get(), grant, &assignment).ok());
    }
  }

  std::unique_ptr<httplib::SSLClient> Client() {
    auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", port_);
    client->set_ca_cert_path(ca_.c_str());
    client->enable_server_certificate_verification(true);
    return client;
  }

  // Signs in; the cookie and the CSRF token.
  std::pair<std::string, std::string> Login(const std::string& person) {
    auto client = Client();
    auto result = client->Post("/api/login",
                               nlohmann::json{{"person", person}, {"password", kPassword}}.dump(),
                               "application/json");
    EXPECT_TRUE(result);
    if (!result) return {};
    EXPECT_EQ(result->status, 200) << result->body;
    const std::string set_cookie = result->get_header_value("Set-Cookie");
    const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
    return {cookie, nlohmann::json::parse(result->body).value("csrf_token", "")};
  }

  httplib::Result Rpc(const std::string& method, const nlohmann::json& body,
                      const std::string& cookie, const std::string& csrf = "") {
    auto client = Client();
    httplib::Headers headers = {{"Cookie", cookie}};
    if (!csrf.empty()) headers.emplace("X-CSRF-Token", csrf);
    return client->Post(("/api/rpc/" + method).c_str(), headers, body.dump(), "application/json");
  }

  testing::TempDir dir_;
  std::unique_ptr<TestSchema> identity_schema_, drafting_schema_;
  std::unique_ptr<Database> identity_db_, drafting_db_;
  std::unique_ptr<RunningServer> identity_server_, drafting_server_;
  std::unique_ptr<console::ConsoleServer> console_;
  std::unique_ptr<httplib::SSLServer> https_;
  std::thread thread_;
  int port_ = 0;
  std::string ca_;
};

TEST_F(ConsoleServerTest, SignInSetsACookieScriptsCannotReadAndTheBridgeActsAsThePerson) {
  auto client = Client();
  auto login = client->Post(
      "/api/login", nlohmann::json{{"person", "u-zhangwei"}, {"password", kPassword}}.dump(),
      "application/json");
  ASSERT_TRUE(login);
  ASSERT_EQ(login->status, 200) << login->body;
  const std::string set_cookie = login->get_header_value("Set-Cookie");
  EXPECT_TRUE(absl::StrContains(set_cookie, "HttpOnly"));
  EXPECT_TRUE(absl::StrContains(set_cookie, "Secure"));
  EXPECT_TRUE(absl::StrContains(set_cookie, "SameSite=Strict"));
  EXPECT_EQ(login->get_header_value("Content-Security-Policy"), console::kContentSecurityPolicy);
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  const std::string csrf = nlohmann::json::parse(login->body)["csrf_token"];

  auto session = client->Get("/api/session", {{"Cookie", cookie}});
  ASSERT_TRUE(session);
  ASSERT_EQ(session->status, 200) << session->body;
  EXPECT_EQ(nlohmann::json::parse(session->body)["display_name"], "张伟");
  EXPECT_EQ(nlohmann::json::parse(session->body)["signed_in"], true);

  // The sign-in screen asks before anyone signed in: an answer, not a refusal;
  // a cookie that does not open is refused.
  auto anonymous = client->Get("/api/session");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 200);
  EXPECT_EQ(nlohmann::json::parse(anonymous->body)["signed_in"], false);
  auto forged = client->Get("/api/session", {{"Cookie", "rf_session=Zm9yZ2Vk"}});
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 401);

  const nlohmann::json create = {{"report",
                                  {{"unit", "jinkouhe-gov-office"},
                                   {"fiscal_year", 2024},
                                   {"kind", "REPORT_KIND_FINAL_ACCOUNTS"},
                                   {"template", "templates/sichuan-final-accounts-2024"}}}};
  auto without_csrf = Rpc("reportflow.drafting.v1.DraftingService/CreateReport", create, cookie);
  ASSERT_TRUE(without_csrf);
  EXPECT_EQ(without_csrf->status, 403) << "a mutation without the CSRF token";
  EXPECT_EQ(nlohmann::json::parse(without_csrf->body)["code"], "PERMISSION_DENIED");
  auto created = Rpc("reportflow.drafting.v1.DraftingService/CreateReport", create, cookie, csrf);
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 200) << created->body;
  const std::string report = nlohmann::json::parse(created->body)["name"];
  EXPECT_TRUE(absl::StartsWith(report, "reports/r-"));

  auto listed =
      Rpc("reportflow.drafting.v1.DraftingService/ListReports", nlohmann::json::object(), cookie);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->status, 200) << "reads need no CSRF token";
  EXPECT_EQ(nlohmann::json::parse(listed->body)["reports"].size(), 1u);
}

TEST_F(ConsoleServerTest, RefusalsKeepTheirCodeAndChineseMessage) {
  const auto [cookie, csrf] = Login("u-lina");  // a proofreader, no drafter role
  auto refused = Rpc("reportflow.drafting.v1.DraftingService/CreateReport",
                     {{"report",
                       {{"unit", "jinkouhe-gov-office"},
                        {"fiscal_year", 2024},
                        {"kind", "REPORT_KIND_FINAL_ACCOUNTS"},
                        {"template", "templates/sichuan-final-accounts-2024"}}}},
                     cookie, csrf);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403) << "the API refuses whatever the screen shows";
  EXPECT_TRUE(absl::StrContains(nlohmann::json::parse(refused->body)["message"].get<std::string>(),
                                "起草人"));
  auto missing = Rpc("reportflow.drafting.v1.DraftingService/GetReport",
                     {{"name", "reports/r-0000000000000000"}}, cookie);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto bad = Rpc("reportflow.drafting.v1.DraftingService/GetReport", {{"colour", "red"}}, cookie);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  auto unknown =
      Rpc("reportflow.identity.v1.IdentityService/SignIn", nlohmann::json::object(), cookie);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404) << "sign-in is not bridged";
  auto anonymous = Rpc("reportflow.drafting.v1.DraftingService/ListReports",
                       nlohmann::json::object(), "rf_session=forged");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  auto client = Client();
  auto wrong = client->Post(
      "/api/login", nlohmann::json{{"person", "u-lina"}, {"password", "wrong-pass-1"}}.dump(),
      "application/json");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_TRUE(wrong->get_header_value("Set-Cookie").empty());
}

TEST_F(ConsoleServerTest, ServesTheAppWithItsRoutesAndLetsBrowsersKeepHashedAssets) {
  auto client = Client();
  auto asset = client->Get("/assets/index-Abc123.js");
  ASSERT_TRUE(asset);
  EXPECT_EQ(asset->status, 200);
  EXPECT_EQ(asset->body, "export{}");
  EXPECT_EQ(asset->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(asset->get_header_value("Content-Security-Policy"), console::kContentSecurityPolicy);
  // A screen's own path (the app routes in the browser) is index.html, never cached.
  auto screen = client->Get("/reviews/12");
  ASSERT_TRUE(screen);
  EXPECT_EQ(screen->status, 200);
  EXPECT_EQ(screen->body, "<div id=app></div>");
  EXPECT_EQ(screen->get_header_value("Cache-Control"), "no-store");
  auto missing_asset = client->Get("/assets/../../console.key");
  ASSERT_TRUE(missing_asset);
  EXPECT_EQ(missing_asset->body.find("PRIVATE KEY"), std::string::npos)
      << "no path leaves the app's folder";
}

}  // namespace
}  // namespace reportflow
