// The security suite (issue 12): the three real server executables over TLS,
// services authenticating each other with mutual TLS, attacked the way an
// outside probe attacked the running stack — forged and malformed tokens,
// service powers claimed by people, another unit's data, hostile input (the
// inputs that crashed or wedged servers before: F1–F16), and a database
// writer rewriting the audit log. Every attack must be answered with its
// expected code, nothing may be written by a refused call, and every server
// must still be serving at the end. The suite prints one line per attack
// and the count.
#include <arpa/inet.h>
#include <jwt.h>
#include <netinet/in.h>
#include <openssl/hmac.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "reportflow/drafting/v1/drafting.grpc.pb.h"
#include "reportflow/publication/v1/publication.grpc.pb.h"
#include "reportflow/review/v1/review.grpc.pb.h"
#include "services/common/auth.h"
#include "services/common/database.h"
#include "services/common/signing.h"
#include "services/common/status_macros.h"
#include "services/common/status_matchers.h"
#include "services/review/store/audit_store.h"
#include "tests/support/process.h"
#include "tests/support/test_db.h"

namespace reportflow {
namespace {

using ::reportflow::testing::ChildProcess;
using ::reportflow::testing::IsOk;
using ::reportflow::testing::TempDir;
using ::reportflow::testing::TestSchema;
using Code = grpc::StatusCode;

constexpr char kUnit[] = "jinkouhe-gov-office";
constexpr char kOtherUnit[] = "other-unit";
// One 2024 final-accounts report per unit: the suite's reports live in these.
const std::vector<std::string> kUnits = {kUnit, "unit-b", "unit-c", "unit-d", "unit-e"};
constexpr char kTemplate[] = "templates/sichuan-final-accounts-2024";
const char* const kServices[] = {"drafting", "review", "publication"};

int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  const int port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

std::string B64Url(absl::string_view bytes) { return absl::WebSafeBase64Escape(bytes); }

// One attack's outcome.
struct Probe {
  std::string name;
  Code expected;
  Code actual;
  std::string message;
};

class SecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto* schema : {&schemas_[0], &schemas_[1], &schemas_[2]}) {
      absl::StatusOr<std::unique_ptr<TestSchema>> created = TestSchema::Create();
      ASSERT_THAT(created, IsOk());
      *schema = *std::move(created);
    }
    absl::StatusOr<KeyPair> keys = GenerateSigningKeyPair();
    ASSERT_THAT(keys, IsOk());
    private_key_ = keys->private_key_pem;
    public_key_pem_ = keys->public_key_pem;
    const std::string jwt_public = dir_.WriteFile("jwt.pub", keys->public_key_pem);
    const SigningKey review_key = GenerateSigningKey();
    const std::string signing_key =
        dir_.WriteFile("review-signing.key", SigningKeyFileText(review_key));
    const std::string review_public =
        dir_.WriteFile("review-signing.pub", PublicKeyFileText(review_key));
    const std::string password = dir_.WriteFile("db.password", schemas_[0]->config().password);
    MakeCertificates();
    anchor_dir_ = dir_.path() + "/anchors";
    portal_dir_ = dir_.path() + "/portal";
    std::filesystem::create_directories(anchor_dir_);
    for (int i = 0; i < 3; ++i) ports_[i] = FreePort();
    for (int i = 0; i < 3; ++i) {
      const std::string svc = kServices[i];
      const std::string token = dir_.WriteFile(
          svc + ".token", Token("svc-" + svc, svc + "-server", {"service:" + svc}, {}));
      std::vector<std::string> argv = {absl::StrCat(RF_BIN_DIR, "/", svc, "-server"),
                                       absl::StrCat("--listen=127.0.0.1:", ports_[i]),
                                       "--port-file=" + dir_.path() + "/" + svc + ".port",
                                       "--db-socket=" + schemas_[i]->config().socket,
                                       "--db-user=" + schemas_[i]->config().user,
                                       "--db-password-file=" + password,
                                       "--db-name=" + schemas_[i]->name(),
                                       "--jwt-public-key=" + jwt_public,
                                       "--tls-cert=" + dir_.path() + "/" + svc + ".crt",
                                       "--tls-key=" + dir_.path() + "/" + svc + ".key",
                                       "--tls-ca=" + dir_.path() + "/ca.crt",
                                       absl::StrCat("--drafting-address=127.0.0.1:", ports_[0]),
                                       absl::StrCat("--review-address=127.0.0.1:", ports_[1]),
                                       absl::StrCat("--publication-address=127.0.0.1:", ports_[2]),
                                       "--service-token-file=" + token};
      if (svc == "review") {
        argv.push_back("--signing-key-file=" + signing_key);
        argv.push_back("--audit-anchor-dir=" + anchor_dir_);
      }
      if (svc == "publication") {
        argv.push_back("--review-public-key-file=" + review_public);
        argv.push_back("--portal-dir=" + portal_dir_);
      }
      absl::StatusOr<std::unique_ptr<ChildProcess>> started =
          ChildProcess::Start(argv, dir_.path() + "/" + svc + ".log");
      ASSERT_THAT(started, IsOk());
      processes_[i] = *std::move(started);
    }
    for (int i = 0; i < 3; ++i) {
      const std::string port_file = dir_.path() + "/" + kServices[i] + ".port";
      for (int wait = 0; wait < 1500 && testing::ReadFileOrEmpty(port_file).empty(); ++wait) {
        ASSERT_TRUE(processes_[i]->Running()) << Log(kServices[i]);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      ASSERT_FALSE(testing::ReadFileOrEmpty(port_file).empty()) << Log(kServices[i]);
    }
    drafting_ = drafting::v1::DraftingService::NewStub(PersonChannel(ports_[0]));
    review_ = review::v1::ReviewService::NewStub(PersonChannel(ports_[1]));
    publication_ = publication::v1::PublicationService::NewStub(PersonChannel(ports_[2]));
  }

  void Run(const std::string& command) {
    ASSERT_EQ(std::system((command + " 2>/dev/null").c_str()), 0) << command;
  }

  // A CA, a certificate per service (CN reportflow-<service>, server and
  // client use), and two that must not pass as a service: the right name
  // from another CA, and another name from the right CA.
  void MakeCertificates() {
    const std::string d = dir_.path();
    dir_.WriteFile("san.ext",
                   "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                   "extendedKeyUsage=serverAuth,clientAuth\n");
    for (const std::string ca : {"ca", "rogue-ca"}) {
      Run(absl::StrCat("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes ",
                       "-days 2 -subj /CN=", ca, " -keyout ", d, "/", ca, ".key -out ", d, "/", ca,
                       ".crt"));
    }
    auto certificate = [&](const std::string& file, const std::string& cn, const std::string& ca) {
      Run(absl::StrCat("openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=",
                       cn, " -keyout ", d, "/", file, ".key -out ", d, "/", file, ".csr"));
      Run(absl::StrCat("openssl x509 -req -in ", d, "/", file, ".csr -CA ", d, "/", ca,
                       ".crt -CAkey ", d, "/", ca, ".key -CAcreateserial -days 2 -extfile ", d,
                       "/san.ext -out ", d, "/", file, ".crt"));
    };
    for (const char* svc : kServices) certificate(svc, absl::StrCat("reportflow-", svc), "ca");
    certificate("rogue-review", "reportflow-review", "rogue-ca");
    certificate("mallory", "reportflow-mallory", "ca");
  }

  std::string Log(const std::string& svc) {
    return testing::ReadFileOrEmpty(dir_.path() + "/" + svc + ".log");
  }

  // TLS with the CA; `client` names a certificate to present ("" for none).
  std::shared_ptr<grpc::Channel> Channel(int port, const std::string& client) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = testing::ReadFileOrEmpty(dir_.path() + "/ca.crt");
    if (!client.empty()) {
      ssl.pem_cert_chain = testing::ReadFileOrEmpty(dir_.path() + "/" + client + ".crt");
      ssl.pem_private_key = testing::ReadFileOrEmpty(dir_.path() + "/" + client + ".key");
    }
    grpc::ChannelArguments args;
    args.SetMaxSendMessageSize(64 << 20);
    return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", port), grpc::SslCredentials(ssl),
                                     args);
  }
  std::shared_ptr<grpc::Channel> PersonChannel(int port) { return Channel(port, ""); }

  std::string Token(const std::string& user, const std::string& name,
                    std::vector<std::string> roles, std::vector<std::string> units) {
    absl::StatusOr<std::string> token =
        IssueToken(private_key_, {user, name, std::move(roles), std::move(units)}, absl::Now(),
                   absl::Hours(1));
    EXPECT_THAT(token, IsOk());
    return token.ok() ? *token : "";
  }
  std::unique_ptr<grpc::ClientContext> WithHeader(const std::string& header) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    if (!header.empty()) context->AddMetadata("authorization", header);
    return context;
  }
  std::unique_ptr<grpc::ClientContext> As(const std::string& user, std::vector<std::string> roles,
                                          std::vector<std::string> units = kUnits) {
    return WithHeader("Bearer " + Token(user, user, std::move(roles), std::move(units)));
  }
  std::unique_ptr<grpc::ClientContext> Drafter() { return As("u-zhangwei", {"drafter"}); }
  std::unique_ptr<grpc::ClientContext> Publisher() { return As("u-sunli", {"publisher"}); }

  // A token with claims of the test's choosing, signed ES256 by `key_pem`.
  std::string Crafted(const std::map<std::string, std::string>& strings,
                      const std::map<std::string, long>& numbers, const std::string& key_pem) {
    jwt_t* jwt = nullptr;
    jwt_new(&jwt);
    for (const auto& [claim, value] : strings) jwt_add_grant(jwt, claim.c_str(), value.c_str());
    for (const auto& [claim, value] : numbers) jwt_add_grant_int(jwt, claim.c_str(), value);
    jwt_add_grants_json(jwt, "{\"roles\":[\"drafter\"],\"units\":[\"jinkouhe-gov-office\"]}");
    jwt_set_alg(jwt, JWT_ALG_ES256, reinterpret_cast<const unsigned char*>(key_pem.data()),
                static_cast<int>(key_pem.size()));
    char* encoded = jwt_encode_str(jwt);
    std::string token = encoded != nullptr ? encoded : "";
    std::free(encoded);
    jwt_free(jwt);
    return token;
  }

  // Records an attack's answer; with `names`, the message must also name
  // the field or limit (else the probe counts as failed).
  void Expect(const std::string& name, Code expected, const grpc::Status& status,
              const std::string& names = "") {
    Code actual = status.error_code();
    if (actual == expected && !names.empty() && !absl::StrContains(status.error_message(), names)) {
      actual = Code::UNKNOWN;
    }
    probes_.push_back({name, expected, actual, status.error_message()});
  }
  void ExpectTrue(const std::string& name, bool held, const std::string& detail = "") {
    probes_.push_back({name, Code::OK, held ? Code::OK : Code::UNKNOWN, held ? "" : detail});
  }

  // Row counts of every table but the audit logs (which record refusals by
  // design) and the outbox of publication's refused pushes.
  std::map<std::string, int64_t> RowCounts() {
    std::map<std::string, int64_t> counts;
    for (auto& schema : schemas_) {
      absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(schema->config());
      EXPECT_THAT(db, IsOk());
      if (!db.ok()) continue;
      absl::Status status = (*db)->Transact([&](Transaction& tx) -> absl::Status {
        absl::StatusOr<std::vector<Row>> tables =
            tx.Query("SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
                     {schema->name()});
        if (!tables.ok()) return tables.status();
        for (const Row& row : *tables) {
          const std::string table = row.GetString(0);
          if (absl::StrContains(table, "audit")) continue;
          absl::StatusOr<std::vector<Row>> count =
              tx.Query(absl::StrCat("SELECT COUNT(*) FROM `", table, "`"));
          if (!count.ok()) return count.status();
          counts[schema->name() + "." + table] = count->at(0).GetInt64(0);
        }
        return absl::OkStatus();
      });
      EXPECT_THAT(status, IsOk());
    }
    return counts;
  }

  drafting::v1::Report CreateReport(const std::string& unit) {
    drafting::v1::CreateReportRequest create;
    create.mutable_report()->set_unit(unit);
    create.mutable_report()->set_unit_display_name("乐山市金口河区人民政府办公室");
    create.mutable_report()->set_fiscal_year(2024);
    create.mutable_report()->set_kind(drafting::v1::REPORT_KIND_FINAL_ACCOUNTS);
    create.mutable_report()->set_template_(kTemplate);
    drafting::v1::Report report;
    grpc::Status status = drafting_->CreateReport(Drafter().get(), create, &report);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return report;
  }

  std::vector<drafting::v1::Section> Sections(const std::string& report) {
    drafting::v1::ListSectionsRequest list;
    list.set_parent(report);
    list.set_page_size(200);
    drafting::v1::ListSectionsResponse sections;
    EXPECT_TRUE(drafting_->ListSections(Drafter().get(), list, &sections).ok());
    return {sections.sections().begin(), sections.sections().end()};
  }

  grpc::Status Revise(const std::string& section, const std::string& content, int base = 0) {
    drafting::v1::CreateRevisionRequest revise;
    revise.set_parent(section);
    revise.mutable_revision()->set_content(content);
    revise.mutable_revision()->set_base_revision(base);
    drafting::v1::Revision revision;
    return drafting_->CreateRevision(Drafter().get(), revise, &revision);
  }

  // Every required section filled; `text` in the first text section.
  void Fill(const std::string& report, const std::string& text, const std::string& table = "") {
    bool first_text = true;
    bool first_table = true;
    for (const drafting::v1::Section& section : Sections(report)) {
      const bool is_table = section.kind() == drafting::v1::SECTION_KIND_TABLE;
      std::string content = is_table ? "项目,金额\n合计,1.00\n" : "本部分内容见正文。\n";
      if (!is_table && first_text) content = text, first_text = false;
      if (is_table && first_table && !table.empty()) content = table, first_table = false;
      if (!section.required() && !(is_table ? content == table : content == text)) continue;
      grpc::Status status = Revise(section.name(), content, section.latest_revision());
      EXPECT_TRUE(status.ok()) << section.name() << ": " << status.error_message();
    }
  }

  drafting::v1::ReportVersion Submit(const std::string& report) {
    drafting::v1::SubmitReportRequest submit;
    submit.set_name(report);
    drafting::v1::SubmitReportResponse submitted;
    grpc::Status status = drafting_->SubmitReport(Drafter().get(), submit, &submitted);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return submitted.version();
  }

  drafting::v1::ReportVersion Version(const std::string& name) {
    drafting::v1::GetReportVersionRequest get;
    get.set_name(name);
    drafting::v1::ReportVersion version;
    EXPECT_TRUE(drafting_->GetReportVersion(Drafter().get(), get, &version).ok());
    return version;
  }

  // Waits until the version's review exists or it came back to its
  // drafters; `version.review()` then names the review (if any).
  drafting::v1::ReportVersion AwaitReviewOrReturn(const std::string& name) {
    drafting::v1::ReportVersion version;
    const std::string report = name.substr(0, name.find("/versions/"));
    for (int i = 0; i < 300; ++i) {
      version = Version(name);
      if (version.review_outcome() == drafting::v1::REVIEW_OUTCOME_RETURNED) break;
      review::v1::ListReviewsRequest list;
      list.set_report(report);
      review::v1::ListReviewsResponse reviews;
      EXPECT_TRUE(review_->ListReviews(Drafter().get(), list, &reviews).ok());
      bool found = false;
      for (const review::v1::Review& review : reviews.reviews()) {
        if (review.report_version() == name) {
          version.set_review(review.name());
          found = true;
        }
      }
      if (found) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return version;
  }

  review::v1::Review GetReview(const std::string& name) {
    review::v1::GetReviewRequest get;
    get.set_name(name);
    review::v1::Review review;
    EXPECT_TRUE(review_->GetReview(Drafter().get(), get, &review).ok());
    return review;
  }

  std::string ActiveStage(const review::v1::Review& review, std::string* role) {
    for (const review::v1::Stage& stage : review.stages()) {
      if (stage.state() == review::v1::STAGE_STATE_ACTIVE) {
        *role = stage.definition().role();
        return stage.definition().key();
      }
    }
    return "";
  }

  // Six different people approve; 终审 overrides the machine's errors first.
  review::v1::Review ApproveAll(const std::string& review_name, const std::string& digest) {
    review::v1::Review review = GetReview(review_name);
    for (int guard = 0; guard < 12 && review.state() == review::v1::REVIEW_STATE_IN_PROGRESS;
         ++guard) {
      std::string role;
      const std::string stage = ActiveStage(review, &role);
      if (stage.empty()) break;
      const std::string person = "u-" + role;
      if (role == "review_3") {
        review::v1::ListFindingsRequest list;
        list.set_parent(review_name);
        list.set_page_size(500);
        review::v1::ListFindingsResponse findings;
        EXPECT_TRUE(review_->ListFindings(As(person, {role}).get(), list, &findings).ok());
        for (const review::v1::Finding& finding : findings.findings()) {
          if (finding.severity() != review::v1::SEVERITY_ERROR || finding.overridden()) continue;
          review::v1::OverrideFindingRequest override_request;
          override_request.set_name(finding.name());
          override_request.set_reason("经核对，测试文本，确认无误");
          review::v1::Finding overridden;
          EXPECT_TRUE(
              review_->OverrideFinding(As(person, {role}).get(), override_request, &overridden)
                  .ok());
        }
      }
      review::v1::ApproveTaskRequest approve;
      approve.set_name(review_name + "/tasks/" + stage);
      approve.set_digest(digest);
      approve.set_opinion("同意");
      grpc::Status status = review_->ApproveTask(As(person, {role}).get(), approve, &review);
      EXPECT_TRUE(status.ok()) << stage << ": " << status.error_message();
    }
    return review;
  }

  // Waits until no service has a message left to deliver.
  void AwaitOutboxesIdle() {
    for (auto& schema : schemas_) {
      absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(schema->config());
      ASSERT_THAT(db, IsOk());
      for (int i = 0; i < 300; ++i) {
        absl::StatusOr<int64_t> pending =
            (*db)->Transact<int64_t>([](Transaction& tx) -> absl::StatusOr<int64_t> {
              ASSIGN_OR_RETURN(std::vector<Row> rows,
                               tx.Query("SELECT COUNT(*) FROM outbox WHERE state IN (1, 3)"));
              return rows.at(0).GetInt64(0);
            });
        ASSERT_THAT(pending, IsOk());
        if (*pending == 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  }

  publication::v1::Publication AwaitPublished(const std::string& version_name) {
    for (int i = 0; i < 300; ++i) {
      publication::v1::ListPublicationsRequest list;
      list.set_unit(kUnit);
      publication::v1::ListPublicationsResponse publications;
      EXPECT_TRUE(publication_->ListPublications(Publisher().get(), list, &publications).ok());
      for (const publication::v1::Publication& p : publications.publications()) {
        if (p.report_version() == version_name &&
            p.state() == publication::v1::PUBLICATION_STATE_PUBLISHED) {
          return p;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return {};
  }

  TempDir dir_;
  std::unique_ptr<TestSchema> schemas_[3];
  std::string private_key_, public_key_pem_, anchor_dir_, portal_dir_;
  int ports_[3] = {0, 0, 0};
  std::unique_ptr<ChildProcess> processes_[3];
  std::unique_ptr<drafting::v1::DraftingService::Stub> drafting_;
  std::unique_ptr<review::v1::ReviewService::Stub> review_;
  std::unique_ptr<publication::v1::PublicationService::Stub> publication_;
  std::vector<Probe> probes_;
};

TEST_F(SecurityTest, EveryAttackIsRefusedAndEveryServerKeepsServing) {
  // ---- The legitimate flow first: a report with hostile but legal text
  // (F2: an amount of 100,000 digits; F16: a spreadsheet formula in a table),
  // through six approvals to the portal, services calling each other over
  // mutual TLS.
  const drafting::v1::Report report = CreateReport(kUnits[0]);
  const std::string huge_amount = std::string(100000, '1') + "万元";
  Fill(report.name(), "本年收入" + huge_amount + "，支出 12.50 万元。\n",
       "项目,金额\n\"=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\",-4.65\n合计,1.00\n");
  const drafting::v1::ReportVersion submitted = Submit(report.name());
  const drafting::v1::ReportVersion started = AwaitReviewOrReturn(submitted.name());
  ASSERT_FALSE(started.review().empty())
      << "drafting → review StartReview over mutual TLS\n"
      << Log("drafting").substr(0, 3000) << Log("review").substr(0, 3000);
  const review::v1::Review approved = ApproveAll(started.review(), submitted.digest());
  ASSERT_EQ(approved.state(), review::v1::REVIEW_STATE_APPROVED);
  const publication::v1::Publication published = AwaitPublished(submitted.name());
  ASSERT_EQ(published.state(), publication::v1::PUBLICATION_STATE_PUBLISHED) << Log("publication");
  // The static sink's url is the page's path on this machine.
  const std::string page_dir = published.url().substr(0, published.url().rfind('/'));
  ExpectTrue("F2: a 100,000-digit amount renders, the page is on the portal",
             std::filesystem::exists(page_dir + "/index.html"), page_dir);
  std::string csv;
  std::error_code no_tables;
  for (const auto& entry : std::filesystem::directory_iterator(page_dir + "/tables", no_tables)) {
    csv += testing::ReadFileOrEmpty(entry.path().string());
  }
  ExpectTrue("F16: a formula cell of the published CSV is neutralised",
             absl::StrContains(csv, "'=HYPERLINK") && !absl::StrContains(csv, "\n=HYPERLINK"),
             csv.substr(0, 200));

  // A second report, returned, for the attacks that need one in review.
  const drafting::v1::Report second = CreateReport(kUnits[1]);
  Fill(second.name(), "一、主要职能\n本单位负责政务服务。\n");
  const drafting::v1::ReportVersion second_version = Submit(second.name());
  const std::string second_review = AwaitReviewOrReturn(second_version.name()).review();
  ASSERT_FALSE(second_review.empty());
  std::string first_role;
  const std::string first_stage = ActiveStage(GetReview(second_review), &first_role);
  const std::string task = second_review + "/tasks/" + first_stage;
  const auto first_reviewer = [&] { return As("u-" + first_role, {first_role}); };

  AwaitOutboxesIdle();
  const std::map<std::string, int64_t> before = RowCounts();

  // ---- Tokens (all UNAUTHENTICATED, on every service).
  drafting::v1::ListReportsRequest list_reports;
  drafting::v1::ListReportsResponse reports;
  auto list_with = [&](const std::string& header) {
    return drafting_->ListReports(WithHeader(header).get(), list_reports, &reports);
  };
  const absl::Time now = absl::Now();
  absl::StatusOr<KeyPair> other_key = GenerateSigningKeyPair();
  ASSERT_THAT(other_key, IsOk());
  const std::string valid = Token("u-zhangwei", "张伟", {"drafter"}, {kUnit});
  const std::vector<absl::string_view> valid_parts = absl::StrSplit(valid, '.');
  const std::string header_none = B64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
  std::string hs_signature(EVP_MAX_MD_SIZE, '\0');
  unsigned int hs_length = 0;
  const std::string hs_header = B64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
  const std::string hs_input = absl::StrCat(hs_header, ".", valid_parts[1]);
  HMAC(EVP_sha256(), public_key_pem_.data(), static_cast<int>(public_key_pem_.size()),
       reinterpret_cast<const unsigned char*>(hs_input.data()), hs_input.size(),
       reinterpret_cast<unsigned char*>(hs_signature.data()), &hs_length);
  hs_signature.resize(hs_length);
  std::string payload;
  absl::WebSafeBase64Unescape(valid_parts[1], &payload);
  const std::string tampered_payload =
      absl::StrReplaceAll(payload, {{"jinkouhe-gov-office", "other-unit-xyz00000"}});
  const long t = absl::ToUnixSeconds(now);
  const std::map<std::string, std::pair<std::string, Code>> token_attacks = {
      {"no token", {"", Code::UNAUTHENTICATED}},
      {"garbage bearer", {"Bearer not-a-jwt", Code::UNAUTHENTICATED}},
      {"Basic scheme", {"Basic dXNlcjpwYXNz", Code::UNAUTHENTICATED}},
      {"expired token",
       {"Bearer " + Crafted({{"iss", "reportflow"}, {"sub", "u-zhangwei"}},
                            {{"iat", t - 7200}, {"exp", t - 3600}}, private_key_),
        Code::UNAUTHENTICATED}},
      {"token of another EC key",
       {"Bearer " + Crafted({{"iss", "reportflow"}, {"sub", "u-zhangwei"}},
                            {{"iat", t}, {"exp", t + 600}}, other_key->private_key_pem),
        Code::UNAUTHENTICATED}},
      {"alg=none",
       {absl::StrCat("Bearer ", header_none, ".", valid_parts[1], "."), Code::UNAUTHENTICATED}},
      {"HS256 with the public key as secret",
       {absl::StrCat("Bearer ", hs_input, ".", B64Url(hs_signature)), Code::UNAUTHENTICATED}},
      {"tampered claims",
       {absl::StrCat("Bearer ", valid_parts[0], ".", B64Url(tampered_payload), ".", valid_parts[2]),
        Code::UNAUTHENTICATED}},
      {"wrong issuer",
       {"Bearer " + Crafted({{"iss", "evil"}, {"sub", "u-zhangwei"}},
                            {{"iat", t}, {"exp", t + 600}}, private_key_),
        Code::UNAUTHENTICATED}},
      {"no exp",
       {"Bearer " +
            Crafted({{"iss", "reportflow"}, {"sub", "u-zhangwei"}}, {{"iat", t}}, private_key_),
        Code::UNAUTHENTICATED}},
      {"iat in the future",
       {"Bearer " + Crafted({{"iss", "reportflow"}, {"sub", "u-zhangwei"}},
                            {{"iat", t + 3600}, {"exp", t + 7200}}, private_key_),
        Code::UNAUTHENTICATED}},
      {"no subject",
       {"Bearer " + Crafted({{"iss", "reportflow"}}, {{"iat", t}, {"exp", t + 600}}, private_key_),
        Code::UNAUTHENTICATED}},
      {"F12: 300-character display name",
       {"Bearer " +
            Crafted({{"iss", "reportflow"}, {"sub", "u-zhangwei"}, {"name", std::string(900, 'a')}},
                    {{"iat", t}, {"exp", t + 600}}, private_key_),
        Code::UNAUTHENTICATED}},
  };
  for (const auto& [name, attack] : token_attacks) {
    Expect("token: " + name, attack.second, list_with(attack.first));
  }
  {
    review::v1::ListTasksRequest tasks_request;
    review::v1::ListTasksResponse tasks;
    Expect("token: none on the review service", Code::UNAUTHENTICATED,
           review_->ListTasks(WithHeader("").get(), tasks_request, &tasks));
    publication::v1::ListPublicationsRequest pubs_request;
    publication::v1::ListPublicationsResponse pubs;
    Expect("token: none on the publication service", Code::UNAUTHENTICATED,
           publication_->ListPublications(WithHeader("").get(), pubs_request, &pubs));
  }

  // ---- F5: service powers claimed by a person, or proven by the wrong
  // certificate.
  {
    drafting::v1::RecordReviewOutcomeRequest outcome;
    outcome.set_version(second_version.name());
    outcome.set_outcome(drafting::v1::REVIEW_OUTCOME_APPROVED);
    outcome.set_review(second_review);
    drafting::v1::Report out;
    Expect("F5: person with service:review sets APPROVED", Code::PERMISSION_DENIED,
           drafting_->RecordReviewOutcome(As("u-x", {"service:review"}).get(), outcome, &out));
    auto rogue = drafting::v1::DraftingService::NewStub(Channel(ports_[0], "rogue-review"));
    Expect(
        "F5: service:review with a certificate of another CA", Code::UNAVAILABLE,
        rogue->RecordReviewOutcome(As("svc-review", {"service:review"}, {}).get(), outcome, &out));
    auto mallory = drafting::v1::DraftingService::NewStub(Channel(ports_[0], "mallory"));
    Expect("F5: service:review with the CA's certificate of another name", Code::PERMISSION_DENIED,
           mallory->RecordReviewOutcome(As("svc-review", {"service:review"}, {}).get(), outcome,
                                        &out));
    drafting::v1::RecordPublicationOutcomeRequest withdrawn;
    withdrawn.set_version(submitted.name());
    withdrawn.set_outcome(drafting::v1::PUBLICATION_OUTCOME_WITHDRAWN);
    withdrawn.set_url("https://evil.example/");
    withdrawn.set_reason("x");
    Expect("F5: person with service:publication marks a page WITHDRAWN", Code::PERMISSION_DENIED,
           drafting_->RecordPublicationOutcome(As("u-x", {"service:publication"}).get(), withdrawn,
                                               &out));
    review::v1::StartReviewRequest start;
    start.set_report_version(second_version.name());
    start.set_digest(second_version.digest());
    review::v1::Review started_review;
    Expect("F5: person with service:drafting starts a review", Code::PERMISSION_DENIED,
           review_->StartReview(As("u-x", {"service:drafting"}, {}).get(), start, &started_review));
    review::v1::ListAuditEventsRequest audit;
    audit.set_parent(report.name());
    review::v1::ListAuditEventsResponse events;
    Expect("F5: person with service:publication reads another unit's audit", Code::NOT_FOUND,
           review_->ListAuditEvents(As("u-x", {"service:publication"}, {kOtherUnit}).get(), audit,
                                    &events));
    drafting::v1::GetReportVersionRequest get_version;
    get_version.set_name(submitted.name());
    drafting::v1::ReportVersion version;
    Expect("F5: person with service:review reads another unit's version", Code::NOT_FOUND,
           drafting_->GetReportVersion(As("u-x", {"service:review"}, {kOtherUnit}).get(),
                                       get_version, &version));
    auto as_review = drafting::v1::DraftingService::NewStub(Channel(ports_[0], "review"));
    Expect("mTLS: the review service's own certificate and token read the version", Code::OK,
           as_review->GetReportVersion(As("svc-review", {"service:review"}, {}).get(), get_version,
                                       &version));
    const std::string reportctl =
        absl::StrCat(RF_BIN_DIR, "/reportctl admin token --key ", dir_.path(),
                     "/ca.key --user u-x --name x ", "--roles service:review >/dev/null 2>&1");
    const int exit_status = std::system(reportctl.c_str());
    ExpectTrue("F5: reportctl admin token refuses a service role for a person",
               WIFEXITED(exit_status) && WEXITSTATUS(exit_status) == 2);
  }

  // ---- Another unit's data answers like a missing one.
  {
    drafting::v1::GetReportRequest get;
    get.set_name(report.name());
    drafting::v1::Report out;
    Expect("isolation: another unit's report", Code::NOT_FOUND,
           drafting_->GetReport(As("u-y", {"drafter"}, {kOtherUnit}).get(), get, &out));
    review::v1::GetReviewRequest get_review;
    get_review.set_name(started.review());
    review::v1::Review review;
    Expect("isolation: another unit's review", Code::NOT_FOUND,
           review_->GetReview(As("u-y", {"review_1"}, {kOtherUnit}).get(), get_review, &review));
    review::v1::GetApprovalCertificateRequest certificate_request;
    certificate_request.set_name(started.review() + "/certificate");
    review::v1::ApprovalCertificate certificate;
    Expect("F9: another unit's approval certificate", Code::NOT_FOUND,
           review_->GetApprovalCertificate(As("u-y", {}, {kOtherUnit}).get(), certificate_request,
                                           &certificate));
    certificate_request.set_name("reviews/999999/certificate");
    Expect("F9: enumerating certificates finds nothing", Code::NOT_FOUND,
           review_->GetApprovalCertificate(As("u-y", {}, {kOtherUnit}).get(), certificate_request,
                                           &certificate));
    publication::v1::GetPublicationRequest get_publication;
    get_publication.set_name(published.name());
    publication::v1::Publication pub;
    Expect("isolation: another unit's publication", Code::NOT_FOUND,
           publication_->GetPublication(As("u-y", {"publisher"}, {kOtherUnit}).get(),
                                        get_publication, &pub));
  }

  // ---- Names that would reach a file path (F3a, F3d, F14, F12).
  for (const auto& [name, unit] : std::vector<std::pair<std::string, std::string>>{
           {"F3a: unit id of 53 characters", std::string(53, 'a')},
           {"F12: unit id of 200 bytes", std::string(200, 'b')},
           {"F3d: unit id ..", ".."},
           {"F3d: unit id ../etc", "../etc"},
           {"F3d: absolute unit id", "/etc/passwd"},
           {"F14: unit id with a slash", "jinkouhe-gov-office/x"},
           {"unit id with a space", "a b"},
       }) {
    drafting::v1::CreateReportRequest create;
    create.mutable_report()->set_unit(unit);
    create.mutable_report()->set_fiscal_year(2022);
    create.mutable_report()->set_kind(drafting::v1::REPORT_KIND_FINAL_ACCOUNTS);
    create.mutable_report()->set_template_(kTemplate);
    drafting::v1::Report out;
    Expect(name, Code::INVALID_ARGUMENT, drafting_->CreateReport(Drafter().get(), create, &out),
           "report.unit");
  }

  // ---- Invalid UTF-8 and oversized text, field by field (F12).
  const std::string bad_utf8 = "正常\xff\xfe文本";
  {
    drafting::v1::CreateReportRequest create;
    create.mutable_report()->set_unit(kUnit);
    create.mutable_report()->set_fiscal_year(2024);
    create.mutable_report()->set_kind(drafting::v1::REPORT_KIND_FINAL_ACCOUNTS);
    create.mutable_report()->set_template_(kTemplate);
    create.mutable_report()->set_title(bad_utf8);
    drafting::v1::Report out;
    Expect("F12: invalid UTF-8 in report.title", Code::INVALID_ARGUMENT,
           drafting_->CreateReport(Drafter().get(), create, &out), "Report.title");
    create.mutable_report()->set_title(std::string(300, 'x'));
    Expect("F12: 300-character title", Code::INVALID_ARGUMENT,
           drafting_->CreateReport(Drafter().get(), create, &out), "report.title");
    drafting::v1::GetReportRequest get;
    get.set_name("reports/" + bad_utf8);
    Expect("F12: invalid UTF-8 in a resource name", Code::INVALID_ARGUMENT,
           drafting_->GetReport(Drafter().get(), get, &out));
    get.set_name(std::string(10000, 'n'));
    grpc::Status long_name = drafting_->GetReport(Drafter().get(), get, &out);
    Expect("F12: 10 KB resource name", Code::INVALID_ARGUMENT, long_name);
    ExpectTrue("F12: the error does not echo 10 KB", long_name.error_message().size() < 2048,
               absl::StrCat(long_name.error_message().size(), " bytes"));
  }
  const std::string first_text_section = [&] {
    for (const auto& section : Sections(second.name())) {
      if (section.kind() == drafting::v1::SECTION_KIND_TEXT) return section.name();
    }
    return std::string();
  }();
  Expect("frozen: a revision while in review", Code::FAILED_PRECONDITION,
         Revise(first_text_section, "改动\n", 1));
  {
    review::v1::ApproveTaskRequest approve;
    approve.set_name(task);
    approve.set_digest(second_version.digest());
    approve.set_opinion(bad_utf8);
    review::v1::Review out;
    Expect("F12: invalid UTF-8 in the opinion", Code::INVALID_ARGUMENT,
           review_->ApproveTask(first_reviewer().get(), approve, &out), "opinion");
    approve.set_opinion(std::string(75000, 'o'));
    Expect("F12: 75 KB opinion", Code::INVALID_ARGUMENT,
           review_->ApproveTask(first_reviewer().get(), approve, &out), "opinion");
    approve.set_opinion("同意");
    approve.set_request_id(bad_utf8);
    Expect("F12: invalid UTF-8 in request_id", Code::INVALID_ARGUMENT,
           review_->ApproveTask(first_reviewer().get(), approve, &out));
    approve.set_request_id("");
    approve.set_digest(std::string(64, '0'));
    Expect("approval bound to content: a stale digest", Code::FAILED_PRECONDITION,
           review_->ApproveTask(first_reviewer().get(), approve, &out));
    approve.set_digest(second_version.digest());
    Expect("roles gate: a drafter approves", Code::PERMISSION_DENIED,
           review_->ApproveTask(Drafter().get(), approve, &out));
    Expect("separation of duties: the author approves", Code::PERMISSION_DENIED,
           review_->ApproveTask(As("u-zhangwei", {first_role}).get(), approve, &out));
    approve.set_name(second_review.substr(0, second_review.find('/')) + "/ 1/tasks/" + first_stage);
    Expect("F16: 'reviews/ 1' is not 'reviews/1'", Code::INVALID_ARGUMENT,
           review_->ApproveTask(first_reviewer().get(), approve, &out));
    approve.set_name("reviews/-1/tasks/" + first_stage);
    Expect("a negative review id", Code::INVALID_ARGUMENT,
           review_->ApproveTask(first_reviewer().get(), approve, &out));

    review::v1::ReturnTaskRequest ret;
    ret.set_name(task);
    ret.set_target(review::v1::RETURN_TARGET_DRAFTERS);
    ret.set_reason(bad_utf8);
    Expect("F12: invalid UTF-8 in the return reason", Code::INVALID_ARGUMENT,
           review_->ReturnTask(first_reviewer().get(), ret, &out), "reason");
    ret.set_reason(std::string(75000, 'r'));
    Expect("F12: 75 KB return reason", Code::INVALID_ARGUMENT,
           review_->ReturnTask(first_reviewer().get(), ret, &out));
    ret.set_reason("\u3000\u3000\u3000");
    Expect("F13: a reason of ideographic spaces", Code::INVALID_ARGUMENT,
           review_->ReturnTask(first_reviewer().get(), ret, &out), "reason");
    ret.set_reason("请修改");
    for (int i = 0; i < 101; ++i) {
      review::v1::Comment* comment = ret.add_comments();
      comment->set_text("意见");
      comment->mutable_anchor()->set_section(
          first_text_section.substr(first_text_section.rfind('/') + 1));
    }
    Expect("F7: 101 comments in one return", Code::INVALID_ARGUMENT,
           review_->ReturnTask(first_reviewer().get(), ret, &out), "max_comments_per_request");
    ret.clear_comments();
    review::v1::Comment* comment = ret.add_comments();
    comment->set_text(bad_utf8);
    Expect("F12: invalid UTF-8 in a comment", Code::INVALID_ARGUMENT,
           review_->ReturnTask(first_reviewer().get(), ret, &out), "Comment.text");

    review::v1::OverrideFindingRequest override_request;
    override_request.set_name(second_review + "/findings/1");
    override_request.set_reason("\u3000\u00a0");
    review::v1::Finding finding;
    Expect("F13: an override reason of Unicode spaces", Code::INVALID_ARGUMENT,
           review_->OverrideFinding(first_reviewer().get(), override_request, &finding));
  }
  {
    publication::v1::PublishReportRequest publish;
    publish.mutable_certificate()->set_name(std::string(100000, 'c'));
    publish.mutable_certificate()->set_signed_payload("{}");
    publish.mutable_certificate()->set_signature("x");
    publication::v1::Publication out;
    Expect("F12: 100 KB certificate name", Code::INVALID_ARGUMENT,
           publication_->PublishReport(Publisher().get(), publish, &out), "certificate.name");
    publication::v1::WithdrawPublicationRequest withdraw;
    withdraw.set_name(published.name());
    withdraw.set_reason(bad_utf8);
    Expect("F12: invalid UTF-8 in the withdrawal reason", Code::INVALID_ARGUMENT,
           publication_->WithdrawPublication(Publisher().get(), withdraw, &out));
    withdraw.set_reason("\u3000");
    Expect("F13: a withdrawal reason of an ideographic space", Code::INVALID_ARGUMENT,
           publication_->WithdrawPublication(Publisher().get(), withdraw, &out));
  }
  {
    drafting::v1::ImportDocumentRequest import;
    import.set_report(second.name());
    import.set_text(bad_utf8);
    import.set_validate_only(true);
    drafting::v1::ImportDocumentResponse imported;
    Expect("F12: invalid UTF-8 in an imported text", Code::INVALID_ARGUMENT,
           drafting_->ImportDocument(Drafter().get(), import, &imported));
    import.set_report(report.name());
    import.set_text("第一部分 单位概况\n一、主要职能\n（图1：" + std::string(100000, 'a') + "\n");
    Expect("F1: a chart placeholder never closed, 100,000 characters (dry run)", Code::OK,
           drafting_->ImportDocument(Drafter().get(), import, &imported));
    import.set_text("第一部分 单位概况\n一、主要职能\n收入" + std::string(100000, '9') +
                    "万元，占 5%（图1：收入结构）\n");
    Expect("F1: a 100,000-digit number (dry run)", Code::OK,
           drafting_->ImportDocument(Drafter().get(), import, &imported));
  }

  // ---- Size limits (F3c, F8), on the published report (editable again:
  // a correction starts by revising it).
  std::string editable_text_section, editable_table_section;
  for (const auto& section : Sections(report.name())) {
    std::string& slot = section.kind() == drafting::v1::SECTION_KIND_TABLE ? editable_table_section
                                                                           : editable_text_section;
    if (slot.empty()) slot = section.name();
  }
  Expect("section over 1 MiB", Code::INVALID_ARGUMENT,
         Revise(editable_text_section, std::string((1 << 20) + 1, 'a')), "max_section_bytes");
  {
    // The probe's table: 500,000 rows in under 1 MiB.
    std::string rows = "a\n";
    for (int i = 0; i < 500000; ++i) rows += "1\n";
    Expect("F3c: a table of 500,000 rows", Code::INVALID_ARGUMENT,
           Revise(editable_table_section, rows), "max_table_rows");
    std::string columns;
    for (int i = 0; i < 65; ++i) columns += i == 0 ? "c" : ",c";
    Expect("a table of 65 columns", Code::INVALID_ARGUMENT,
           Revise(editable_table_section, columns + "\n"), "max_table_columns");
    drafting::v1::CreateRevisionRequest huge;
    huge.set_parent(editable_text_section);
    huge.mutable_revision()->set_content(std::string(9 << 20, 'z'));
    drafting::v1::Revision out;
    Expect("a 9 MiB request", Code::RESOURCE_EXHAUSTED,
           drafting_->CreateRevision(Drafter().get(), huge, &out));
  }

  // ---- Paging abuse.
  {
    drafting::v1::ListReportsRequest paged;
    paged.set_page_size(-1);
    Expect("paging: negative page_size", Code::INVALID_ARGUMENT,
           drafting_->ListReports(Drafter().get(), paged, &reports));
    paged.set_page_size(10);
    paged.set_page_token("' OR 1=1 --");
    Expect("paging: forged page_token", Code::INVALID_ARGUMENT,
           drafting_->ListReports(Drafter().get(), paged, &reports));
  }

  // ---- F16: GetSection answers.
  {
    drafting::v1::GetSectionRequest get;
    get.set_name(first_text_section);
    drafting::v1::Section section;
    Expect("F16: GetSection is implemented", Code::OK,
           drafting_->GetSection(Drafter().get(), get, &section));
    get.set_name(second.name() + "/sections/../../x");
    Expect("GetSection of a path-like section", Code::INVALID_ARGUMENT,
           drafting_->GetSection(Drafter().get(), get, &section));
  }

  // Nothing the refused calls touched was written.
  const std::map<std::string, int64_t> after = RowCounts();
  for (const auto& [table, count] : before) {
    ExpectTrue("nothing written: " + table, after.at(table) == count,
               absl::StrCat(count, " → ", after.at(table)));
  }

  // ---- F8: a diff of two 1 MiB one-line revisions is bounded. (After the
  // write check: the revisions are legitimate writes.)
  {
    const drafting::v1::Report third = CreateReport(kUnits[2]);
    std::string text_section;
    for (const auto& section : Sections(third.name())) {
      if (section.kind() == drafting::v1::SECTION_KIND_TEXT) {
        text_section = section.name();
        break;
      }
    }
    ASSERT_TRUE(Revise(text_section, std::string((1 << 20) - 1, 'a'), 0).ok());
    ASSERT_TRUE(Revise(text_section, std::string((1 << 20) - 1, 'b'), 1).ok());
    drafting::v1::DiffRevisionsRequest diff;
    diff.set_old_revision(text_section + "/revisions/1");
    diff.set_new_revision(text_section + "/revisions/2");
    drafting::v1::DiffRevisionsResponse diffed;
    const auto started_at = std::chrono::steady_clock::now();
    Expect("F8: diff of two 1 MiB one-line revisions", Code::OK,
           drafting_->DiffRevisions(Drafter().get(), diff, &diffed));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_at).count();
    std::printf("F8 diff took %.2f s\n", seconds);

    // F15: the signed title does not change with the report's.
    drafting::v1::UpdateReportRequest update;
    update.mutable_report()->set_name(report.name());
    update.mutable_report()->set_title("改过的标题");
    update.mutable_update_mask()->add_paths("title");
    drafting::v1::Report updated;
    Expect("F15: retitling a published report", Code::OK,
           drafting_->UpdateReport(Drafter().get(), update, &updated));
    ExpectTrue("F15: the frozen version keeps its title",
               Version(submitted.name()).title() == submitted.title(),
               Version(submitted.name()).title());
  }

  // ---- F11: the same approval twice at once with one request id.
  {
    review::v1::ApproveTaskRequest approve;
    approve.set_name(task);
    approve.set_digest(second_version.digest());
    approve.set_opinion("同意");
    approve.set_request_id("dup-approve-1");
    review::v1::Review first_answer, second_answer;
    grpc::Status first_status, second_status;
    std::thread a([&] {
      first_status = review_->ApproveTask(first_reviewer().get(), approve, &first_answer);
    });
    std::thread b([&] {
      second_status = review_->ApproveTask(first_reviewer().get(), approve, &second_answer);
    });
    a.join();
    b.join();
    Expect("F11: concurrent duplicate approval, first answer", Code::OK, first_status);
    Expect("F11: concurrent duplicate approval, second answer", Code::OK, second_status);
    ExpectTrue("F11: both get the same stored answer",
               first_answer.SerializeAsString() == second_answer.SerializeAsString());
  }

  // ---- Rate limit: one person's flood of mutations is cut off.
  {
    int exhausted = 0;
    for (int i = 0; i < 200 && exhausted == 0; ++i) {
      drafting::v1::CreateReportRequest create;  // invalid on purpose: cheap
      drafting::v1::Report out;
      if (drafting_->CreateReport(As("u-flood", {"drafter"}).get(), create, &out).error_code() ==
          Code::RESOURCE_EXHAUSTED) {
        ++exhausted;
      }
    }
    ExpectTrue("rate limit: a flood of mutations meets RESOURCE_EXHAUSTED", exhausted > 0);
  }

  // ---- F3b: a run of 65,000 placeholder characters, and a text of more
  // findings than a review may hold: never stuck; refused versions go back to
  // the drafter with the reason.
  {
    const drafting::v1::Report run = CreateReport(kUnits[3]);
    Fill(run.name(), std::string(65000, 'X') + "\n" + std::string(20000, '*') + "\n");
    const drafting::v1::ReportVersion run_version = Submit(run.name());
    const drafting::v1::ReportVersion run_after = AwaitReviewOrReturn(run_version.name());
    ExpectTrue(
        "F3b: a 65,000-character placeholder run is reviewed or returned, not stuck",
        !run_after.review().empty() ||
            run_after.review_outcome() == drafting::v1::REVIEW_OUTCOME_RETURNED,
        run_after.name() + "\n" +
            Log("review").substr(Log("review").size() > 4000 ? Log("review").size() - 4000 : 0));
    const drafting::v1::Report flood = CreateReport(kUnits[4]);
    std::string hints;
    for (int i = 0; i < 6000; ++i) hints += "（具体工作）XX单位\n";
    Fill(flood.name(), hints);
    const drafting::v1::ReportVersion flood_version = Submit(flood.name());
    const drafting::v1::ReportVersion flood_after = AwaitReviewOrReturn(flood_version.name());
    ExpectTrue("F3b: more findings than a review holds → returned to the drafter",
               flood_after.review_outcome() == drafting::v1::REVIEW_OUTCOME_RETURNED &&
                   absl::StrContains(flood_after.review_reason(), "max_findings_per_review"),
               flood_after.review_reason());
    drafting::v1::GetReportRequest get;
    get.set_name(flood.name());
    drafting::v1::Report flood_report;
    EXPECT_TRUE(drafting_->GetReport(Drafter().get(), get, &flood_report).ok());
    ExpectTrue("F3b: the drafter may revise again",
               flood_report.state() == drafting::v1::REPORT_STATE_RETURNED);
    drafting::v1::ListDeliveriesRequest parked;
    parked.set_state(type::v1::DELIVERY_STATE_PARKED);
    drafting::v1::ListDeliveriesResponse deliveries;
    EXPECT_TRUE(drafting_->ListDeliveries(Drafter().get(), parked, &deliveries).ok());
    ExpectTrue("F3b: the refused message is parked and visible", deliveries.deliveries_size() >= 1);
    if (deliveries.deliveries_size() >= 1) {
      drafting::v1::RetryDeliveryRequest retry;
      retry.set_name(deliveries.deliveries(0).name());
      type::v1::Delivery retried;
      Expect("parked: another unit's person cannot retry it", Code::NOT_FOUND,
             drafting_->RetryDelivery(As("u-y", {"drafter"}, {kOtherUnit}).get(), retry, &retried));
      Expect("parked: the unit's drafter retries it once the cause is fixed", Code::OK,
             drafting_->RetryDelivery(Drafter().get(), retry, &retried));
      ExpectTrue("parked: a retried message is due again",
                 retried.state() == type::v1::DELIVERY_STATE_FAILED_RETRYING);
    }
  }

  // ---- F6: a database writer rewrites who signed, recomputing the chain.
  {
    review::v1::VerifyAuditChainRequest verify;
    verify.set_parent(report.name());
    review::v1::VerifyAuditChainResponse verified;
    ASSERT_TRUE(review_->VerifyAuditChain(Drafter().get(), verify, &verified).ok());
    ExpectTrue("F6: the intact chain verifies and is anchored",
               verified.valid() && verified.anchored_events() > 0, verified.reason());
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(schemas_[1]->config());
    ASSERT_THAT(db, IsOk());
    const std::string report_id = report.name().substr(8);
    // Rewrite an approval's signer and recompute every hash from there on,
    // as a writer who knows the (unkeyed) hashing would.
    ASSERT_THAT((*db)->Transact([&](Transaction& tx) -> absl::Status {
      absl::StatusOr<std::vector<review::AuditEntry>> entries =
          review::ListAudit(tx, report_id, 0, 100000);
      if (!entries.ok()) return entries.status();
      bool rewriting = false;
      std::string previous = review::kGenesisHash;
      for (review::AuditEntry entry : *entries) {
        if (!rewriting && entry.action == "stage.approve") {
          rewriting = true;
          entry.actor_name = "冒名者";
        }
        entry.previous_hash = previous;
        entry.hash = review::AuditEntryHash(entry);
        previous = entry.hash;
        if (!rewriting) continue;
        absl::Status updated =
            tx.Execute(
                  "UPDATE audit_events SET actor_name = ?, previous_hash = ?, hash = ? "
                  "WHERE report_id = ? AND sequence = ?",
                  {entry.actor_name, entry.previous_hash, entry.hash, report_id, entry.sequence})
                .status();
        if (!updated.ok()) return updated;
        absl::Status head = tx.Execute(
                                  "UPDATE audit_heads SET last_hash = ? WHERE report_id = ? AND "
                                  "last_sequence = ?",
                                  {entry.hash, report_id, entry.sequence})
                                .status();
        if (!head.ok()) return head;
      }
      return absl::OkStatus();
    }),
                IsOk());
    ASSERT_TRUE(review_->VerifyAuditChain(Drafter().get(), verify, &verified).ok());
    ExpectTrue("F6: a rewritten signer with recomputed hashes is caught by the signed heads",
               !verified.valid() && absl::StrContains(verified.reason(), "已被改写"),
               verified.reason());
    // Cutting the tail together with the database's signed heads.
    ASSERT_THAT((*db)->Transact([&](Transaction& tx) -> absl::Status {
      absl::Status deleted =
          tx.Execute("DELETE FROM audit_anchors WHERE report_id = ?", {report_id}).status();
      if (!deleted.ok()) return deleted;
      return tx
          .Execute("DELETE FROM audit_events WHERE report_id = ? AND sequence > 3", {report_id})
          .status();
    }),
                IsOk());
    ASSERT_THAT((*db)->Transact([&](Transaction& tx) -> absl::Status {
      absl::StatusOr<std::vector<Row>> last = tx.Query(
          "SELECT sequence, hash FROM audit_events WHERE report_id = ? ORDER BY sequence DESC "
          "LIMIT 1",
          {report_id});
      if (!last.ok()) return last.status();
      return tx
          .Execute("UPDATE audit_heads SET last_sequence = ?, last_hash = ? WHERE report_id = ?",
                   {last->at(0).GetInt64(0), last->at(0).GetString(1), report_id})
          .status();
    }),
                IsOk());
    ASSERT_TRUE(review_->VerifyAuditChain(Drafter().get(), verify, &verified).ok());
    ExpectTrue("F6: a truncated chain with its heads deleted is caught by the witness",
               !verified.valid() && absl::StrContains(verified.reason(), "库外留存"),
               verified.reason());
  }

  // ---- No server stopped serving.
  for (int i = 0; i < 3; ++i) {
    ExpectTrue(absl::StrCat("alive: ", kServices[i], "-server"), processes_[i]->Running(),
               Log(kServices[i]).substr(0, 2000));
  }
  {
    drafting::v1::ListReportsRequest still;
    Expect("alive: drafting answers", Code::OK,
           drafting_->ListReports(Drafter().get(), still, &reports));
  }

  // The report: attacks (what an attacker sent) and checks (what must hold
  // afterwards: nothing written, every server alive).
  int held_count = 0;
  size_t attacks = 0;
  std::set<std::string> names;
  for (const Probe& probe : probes_) {
    const bool held = probe.expected == probe.actual;
    held_count += held;
    attacks +=
        !absl::StartsWith(probe.name, "nothing written") && !absl::StartsWith(probe.name, "alive");
    names.insert(probe.name);
    std::printf("%s %-72s expected %-20s got %s%s\n", held ? "OK  " : "FAIL", probe.name.c_str(),
                absl::StatusCodeToString(static_cast<absl::StatusCode>(probe.expected)).c_str(),
                absl::StatusCodeToString(static_cast<absl::StatusCode>(probe.actual)).c_str(),
                held ? "" : (" — " + probe.message.substr(0, 300)).c_str());
    EXPECT_EQ(probe.expected, probe.actual) << probe.name << ": " << probe.message;
  }
  std::printf("security suite: %zu distinct attacks and %zu checks; %d of %zu held\n", attacks,
              probes_.size() - attacks, held_count, probes_.size());
  EXPECT_EQ(names.size(), probes_.size()) << "every probe has its own name";
  EXPECT_GE(attacks, 60u);
}

}  // namespace
}  // namespace reportflow
