// Chaos: the design's promise under a storm. Two replicas of drafting-,
// review- and publication-server (each service's peers reached through
// client-side round-robin over both, an `ipv4:` list) on a MariaDB of the
// test's own, an HTTP portal that fails half of the first attempts and
// times out some, and while RF_CHAOS_REPORTS (default 50) reports go through
// the whole flow — import, submit, 机器预检 overrides, six approvals, every
// fifth returned and resubmitted, publication, one withdrawn, one
// corrected — a random replica is killed (SIGKILL) every few seconds and
// restarted where its peers expect it, and MariaDB is restarted once. Every
// mutation is sent twice with the same request id, concurrently, to both
// replicas; both answers must be the same.
//
// Afterwards: every report in the state the script intended; every stage
// signed exactly once; every page on the portal once with the approved
// digest; every audit chain verifies; no outbox message left undelivered or
// parked; no INTERNAL answered (by the client's count and the servers'
// logs). The counts are printed.
#include <sys/stat.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "reportflow/drafting/v1/drafting.grpc.pb.h"
#include "reportflow/publication/v1/publication.grpc.pb.h"
#include "reportflow/review/v1/review.grpc.pb.h"
#include "services/common/auth.h"
#include "services/common/database.h"
#include "services/common/signing.h"
#include "services/common/status_matchers.h"
#include "services/publication/portal/http_sink.h"
#include "services/publication/portal/sink.h"
#include "tests/support/process.h"

namespace reportflow {
namespace {

using ::reportflow::testing::ChildProcess;
using ::reportflow::testing::IsOk;
using ::reportflow::testing::ReadFileOrEmpty;
using ::reportflow::testing::TempDir;
namespace dv1 = drafting::v1;
namespace rv1 = review::v1;
namespace pv1 = publication::v1;

// One unit per report (a unit has one final-accounts report a year).
std::string ChaosUnit(int index) { return absl::StrCat("chaos-unit-", index); }
constexpr char kSecret[] = "chaos-portal-secret";
const char* const kServices[] = {"drafting", "review", "publication"};
// The six stages of gov-interleaved and who signs each.
const std::pair<const char*, const char*> kSigners[] = {
    {"proofread-1", "u-lina"}, {"review-1", "u-wangqiang"},  {"proofread-2", "u-liufang"},
    {"review-2", "u-chenjie"}, {"proofread-3", "u-yangmin"}, {"review-3", "u-zhaolei"}};
const std::map<std::string, std::string> kRoles = {
    {"u-zhangwei", "drafter"},    {"u-lina", "proofread_1"}, {"u-wangqiang", "review_1"},
    {"u-liufang", "proofread_2"}, {"u-chenjie", "review_2"}, {"u-yangmin", "proofread_3"},
    {"u-zhaolei", "review_3"},    {"u-sunli", "publisher"}};

std::atomic<int> internal_answers{0};
std::atomic<int> retried_calls{0};
std::atomic<int> duplicates_absorbed{0};
std::atomic<int> duplicate_mismatches{0};

// The HTTP portal: checks the signature, stores a bundle once per
// Idempotency-Key, serves the stored files to readers, and misbehaves: the
// first attempt of every other bundle is refused (503), the second attempt of
// one in five of those is stored but answered too late (a timeout).
class FlakyPortal {
 public:
  FlakyPortal() {
    server_.Post("/api/publications", [this](const httplib::Request& request,
                                             httplib::Response& response) {
      const std::string key = request.get_header_value("Idempotency-Key");
      if (request.get_header_value("X-ReportFlow-Signature") !=
          publication::PortalSignature(kSecret, request.body)) {
        response.status = 401;
        return;
      }
      const size_t hash = std::hash<std::string>()(key);
      int attempt = 0;
      {
        std::lock_guard<std::mutex> lock(mu_);
        attempt = ++attempts_[key];
        if (hash % 2 == 0 && attempt == 1) {
          ++refused_;
          response.status = 503;
          return;
        }
        // Stored once per key, as the HTTP sink's contract asks; a bundle
        // sent again (its answer was lost) is acknowledged, not stored twice.
        if (stored_.insert(key).second) {
          Store(request.body);
        } else {
          ++resent_;
        }
      }
      if (hash % 10 == 0 && attempt == 2) {
        ++timeouts_;
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // past the client's timeout
      }
      response.status = 200;
    });
    server_.Get(R"(/(.+))", [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard<std::mutex> lock(mu_);
      auto found = files_.find(request.path);
      if (found == files_.end()) {
        response.status = 404;
        return;
      }
      response.set_content(found->second, "application/octet-stream");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FlakyPortal() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return absl::StrCat("http://127.0.0.1:", port_, "/api/publications"); }
  std::string File(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    auto found = files_.find(path);
    return found == files_.end() ? "" : found->second;
  }
  std::set<std::string> stored() {
    std::lock_guard<std::mutex> lock(mu_);
    return stored_;
  }
  int refused() const { return refused_; }
  int resent() const { return resent_; }
  int timeouts() const { return timeouts_; }

 private:
  void Store(const std::string& body) {
    absl::StatusOr<publication::PortalBundle> bundle = publication::ParseBundle(body);
    if (!bundle.ok()) return;
    const std::string prefix = absl::StrCat("/", bundle->directory, "/");
    if (bundle->replace_directory) {
      for (auto it = files_.lower_bound(prefix);
           it != files_.end() && absl::StartsWith(it->first, prefix);) {
        it = files_.erase(it);
      }
    }
    for (const auto& file : bundle->files) files_[prefix + file.path] = file.content;
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::map<std::string, int> attempts_;
  std::set<std::string> stored_;
  std::map<std::string, std::string> files_;
  std::atomic<int> refused_{0};
  std::atomic<int> timeouts_{0};
  std::atomic<int> resent_{0};
};

class ChaosTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* count = std::getenv("RF_CHAOS_REPORTS");
    if (count != nullptr) {
      ASSERT_TRUE(absl::SimpleAtoi(count, &reports_));
    }
    ASSERT_GE(reports_, 3) << "the withdrawal and the correction need reports 1 and 2";
    for (int i = 0; i < reports_; ++i) units_.push_back(ChaosUnit(i));
    db_dir_ = dir_.path() + "/mysql";
    ASSERT_TRUE(Db("start")) << ReadFileOrEmpty(dir_.path() + "/db.log");
    for (absl::string_view line : absl::StrSplit(ReadFileOrEmpty(db_dir_ + "/env"), '\n')) {
      if (absl::ConsumePrefix(&line, "RF_DB_SOCKET=")) socket_ = std::string(line);
    }
    ASSERT_FALSE(socket_.empty());
    absl::StatusOr<KeyPair> keys = GenerateSigningKeyPair();
    ASSERT_THAT(keys, IsOk());
    private_key_ = keys->private_key_pem;
    jwt_public_ = dir_.WriteFile("jwt.pub", keys->public_key_pem);
    const SigningKey review_key = GenerateSigningKey();
    signing_key_ = dir_.WriteFile("review-signing.key", SigningKeyFileText(review_key));
    review_public_ = dir_.WriteFile("review-signing.pub", PublicKeyFileText(review_key));
    hmac_ = dir_.WriteFile("portal.secret", kSecret);
    limits_ = dir_.WriteFile("limits.json", "{\"mutations_per_minute\": 0}");
    for (const char* service : kServices) {
      tokens_[service] = dir_.WriteFile(
          absl::StrCat(service, ".token"),
          *IssueToken(
              private_key_,
              {absl::StrCat("svc-", service), service, {absl::StrCat("service:", service)}, {}},
              absl::Now(), absl::Hours(2)));
      for (int replica = 0; replica < 2; ++replica) {
        ports_[Key(service, replica)] = testing::FreeLoopbackPort();
      }
    }
    for (const char* service : kServices) {
      for (int replica = 0; replica < 2; ++replica) ASSERT_TRUE(Start(service, replica));
    }
    drafting_ = dv1::DraftingService::NewStub(Balanced("drafting"));
    review_ = rv1::ReviewService::NewStub(Balanced("review"));
    publication_ = pv1::PublicationService::NewStub(Balanced("publication"));
    std::ifstream seed(RF_SEED_REPORT);
    std::stringstream text;
    text << seed.rdbuf();
    seed_ = text.str();
  }

  void TearDown() override {
    for (auto& [key, process] : processes_) {
      if (process) process->Signal(SIGKILL);
    }
    processes_.clear();
    Db("stop");
  }

  bool Db(const std::string& command) {
    return std::system(absl::StrCat(RF_SOURCE_DIR, "/deploy/local/db ", command, " --dir ", db_dir_,
                                    " >>", dir_.path(), "/db.log 2>&1")
                           .c_str()) == 0;
  }

  static std::string Key(const std::string& service, int replica) {
    return absl::StrCat(service, "-", replica);
  }
  std::string Address(const std::string& service) {
    return absl::StrCat("ipv4:127.0.0.1:", ports_[Key(service, 0)],
                        ",127.0.0.1:", ports_[Key(service, 1)]);
  }
  std::shared_ptr<grpc::Channel> Balanced(const std::string& service) {
    grpc::ChannelArguments arguments;
    arguments.SetLoadBalancingPolicyName("round_robin");
    return grpc::CreateCustomChannel(Address(service), grpc::InsecureChannelCredentials(),
                                     arguments);
  }
  std::shared_ptr<grpc::Channel> Replica(const std::string& service, int replica) {
    return grpc::CreateChannel(absl::StrCat("127.0.0.1:", ports_[Key(service, replica)]),
                               grpc::InsecureChannelCredentials());
  }

  // Starts (or restarts) one replica on its port.
  bool Start(const std::string& service, int replica) {
    const std::string key = Key(service, replica);
    const std::string port_file = absl::StrCat(dir_.path(), "/", key, ".port");
    std::remove(port_file.c_str());
    std::vector<std::string> argv = {
        absl::StrCat(RF_BIN_DIR, "/", service, "-server"),
        absl::StrCat("--listen=127.0.0.1:", ports_[key]),
        "--port-file=" + port_file,
        "--db-socket=" + socket_,
        "--db-user=rf_" + service,
        absl::StrCat("--db-password-file=", db_dir_, "/rf_", service, ".password"),
        "--db-name=reportflow_" + service,
        "--jwt-public-key=" + jwt_public_,
        "--plaintext-service-claims",
        "--limits-file=" + limits_,
        "--shutdown-grace-seconds=2",
        "--service-token-file=" + tokens_[service],
        "--drafting-address=" + Address("drafting"),
        "--review-address=" + Address("review"),
        "--publication-address=" + Address("publication")};
    if (service == "review") argv.push_back("--signing-key-file=" + signing_key_);
    if (service == "publication") {
      argv.insert(argv.end(), {"--review-public-key-file=" + review_public_, "--portal-sink=http",
                               "--portal-url=" + portal_.url(), "--portal-hmac-key-file=" + hmac_,
                               "--portal-timeout-seconds=1"});
    }
    absl::StatusOr<std::unique_ptr<ChildProcess>> started =
        ChildProcess::Start(argv, absl::StrCat(dir_.path(), "/", key, ".log"));
    if (!started.ok()) return false;
    for (int i = 0; i < 1500; ++i) {
      if (!ReadFileOrEmpty(port_file).empty()) {
        std::lock_guard<std::mutex> lock(processes_mu_);
        processes_[key] = *std::move(started);
        return true;
      }
      if (!(*started)->Running()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << key << " did not start: "
                  << ReadFileOrEmpty(absl::StrCat(dir_.path(), "/", key, ".log"));
    return false;
  }

  std::unique_ptr<grpc::ClientContext> As(const std::string& user) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    context->AddMetadata(
        "authorization",
        "Bearer " + *IssueToken(private_key_, {user, user, {kRoles.at(user)}, units_}, absl::Now(),
                                absl::Hours(1)));
    return context;
  }

  // A call retried while the stack heals (a replica down, MariaDB
  // restarting): UNAVAILABLE, DEADLINE_EXCEEDED, a lost race (ABORTED), and
  // UNKNOWN — what gRPC answers when the connection dies under a call it had
  // already sent ("Stream removed"). Safe, as every mutation carries its
  // request id. INTERNAL is never retried: it is counted, and fails the test.
  template <typename Response, typename Fn>
  grpc::Status Retry(Fn call, Response* response) {
    grpc::Status status;
    for (int attempt = 0; attempt < 600; ++attempt) {
      status = call(response);
      if (status.error_code() == grpc::StatusCode::INTERNAL) ++internal_answers;
      if (status.error_code() != grpc::StatusCode::UNAVAILABLE &&
          status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED &&
          status.error_code() != grpc::StatusCode::ABORTED &&
          status.error_code() != grpc::StatusCode::UNKNOWN) {
        return status;
      }
      ++retried_calls;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return status;
  }

  // A mutation sent twice with the same request id, at once, one to each
  // replica of `service`; both answers must be OK and the same.
  template <typename Stub, typename Request, typename Response, typename Method>
  Response Twice(const std::string& service, const std::string& user, Request request,
                 Method method) {
    request.set_request_id(absl::StrCat("chaos-", next_request_.fetch_add(1)));
    Response answers[2];
    grpc::Status statuses[2];
    std::thread threads[2];
    for (int replica = 0; replica < 2; ++replica) {
      threads[replica] = std::thread([&, replica] {
        auto stub = Stub::NewStub(Replica(service, replica));
        statuses[replica] =
            Retry([&](Response* out) { return ((*stub).*method)(As(user).get(), request, out); },
                  &answers[replica]);
      });
    }
    for (std::thread& thread : threads) thread.join();
    for (const grpc::Status& status : statuses) {
      EXPECT_TRUE(status.ok()) << service << " " << request.GetTypeName() << ": "
                               << status.error_code() << " " << status.error_message();
    }
    if (statuses[0].ok() && statuses[1].ok()) {
      if (answers[0].SerializeAsString() == answers[1].SerializeAsString()) {
        ++duplicates_absorbed;
      } else {
        ++duplicate_mismatches;
        ADD_FAILURE() << request.GetTypeName() << ": two answers to one request id";
      }
    }
    return answers[0];
  }

  rv1::Review GetReview(const std::string& name) {
    rv1::GetReviewRequest get;
    get.set_name(name);
    rv1::Review review;
    grpc::Status status =
        Retry([&](rv1::Review* out) { return review_->GetReview(As("u-zhaolei").get(), get, out); },
              &review);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return review;
  }

  // The review of `version`, once review-server has it with its first
  // stage active (after the 机器预检).
  rv1::Review WaitForReview(const std::string& report, const std::string& version) {
    for (int i = 0; i < 600; ++i) {
      rv1::ListReviewsRequest list;
      list.set_report(report);
      rv1::ListReviewsResponse reviews;
      Retry(
          [&](rv1::ListReviewsResponse* out) {
            return review_->ListReviews(As("u-zhaolei").get(), list, out);
          },
          &reviews);
      for (const rv1::Review& review : reviews.reviews()) {
        if (review.report_version() == version) {
          rv1::Review full = GetReview(review.name());
          if (full.stages_size() > 0 && ActiveStage(full) != "") return full;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "no review of " << version;
    return {};
  }

  static std::string ActiveStage(const rv1::Review& review) {
    for (const rv1::Stage& stage : review.stages()) {
      if (stage.state() == rv1::STAGE_STATE_ACTIVE) return stage.definition().key();
    }
    return "";
  }

  // Waits until `stage` is the active one.
  rv1::Review WaitForStage(const std::string& review_name, const std::string& stage) {
    for (int i = 0; i < 600; ++i) {
      rv1::Review review = GetReview(review_name);
      if (ActiveStage(review) == stage) return review;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << review_name << " never reached " << stage;
    return {};
  }

  dv1::ReportVersion Submit(const std::string& report) {
    dv1::SubmitReportRequest submit;
    submit.set_name(report);
    return Twice<dv1::DraftingService, dv1::SubmitReportRequest, dv1::SubmitReportResponse>(
               "drafting", "u-zhangwei", submit, &dv1::DraftingService::Stub::SubmitReport)
        .version();
  }

  void Revise(const std::string& report, int base, const std::string& why) {
    dv1::CreateRevisionRequest revise;
    revise.set_parent(report + "/sections/p2-10-other");
    revise.mutable_revision()->set_content(absl::StrCat(
        "（一）机关运行经费情况\n\n本单位 2024 年度机关运行经费支出 92.08 万元。", why, "\n"));
    revise.mutable_revision()->set_base_revision(base);
    Twice<dv1::DraftingService, dv1::CreateRevisionRequest, dv1::Revision>(
        "drafting", "u-zhangwei", revise, &dv1::DraftingService::Stub::CreateRevision);
  }

  // Signs every stage of `version`'s review (overriding the 机器预检's
  // errors at 终审); `return_at_review_1` returns it to the drafters instead.
  std::string Review(const std::string& report, const dv1::ReportVersion& version,
                     bool return_at_review_1) {
    rv1::Review review = WaitForReview(report, version.name());
    for (const auto& [stage, signer] : kSigners) {
      review = WaitForStage(review.name(), stage);
      const std::string task = absl::StrCat(review.name(), "/tasks/", stage);
      if (return_at_review_1 && std::string(stage) == "review-1") {
        rv1::ReturnTaskRequest give_back;
        give_back.set_name(task);
        give_back.set_target(rv1::RETURN_TARGET_DRAFTERS);
        give_back.set_reason("其他重要事项的数字需与附表核对");
        Twice<rv1::ReviewService, rv1::ReturnTaskRequest, rv1::Review>(
            "review", signer, give_back, &rv1::ReviewService::Stub::ReturnTask);
        return review.name();
      }
      if (std::string(stage) == "review-3") {
        rv1::ListFindingsRequest list;
        list.set_parent(review.name());
        list.set_page_size(500);
        rv1::ListFindingsResponse findings;
        Retry(
            [&](rv1::ListFindingsResponse* out) {
              return review_->ListFindings(As(signer).get(), list, out);
            },
            &findings);
        for (const rv1::Finding& finding : findings.findings()) {
          if (finding.severity() != rv1::SEVERITY_ERROR || finding.overridden()) continue;
          rv1::OverrideFindingRequest override_request;
          override_request.set_name(finding.name());
          override_request.set_reason("已与财务核对，以附表为准");
          Twice<rv1::ReviewService, rv1::OverrideFindingRequest, rv1::Finding>(
              "review", signer, override_request, &rv1::ReviewService::Stub::OverrideFinding);
        }
      }
      rv1::ApproveTaskRequest approve;
      approve.set_name(task);
      approve.set_digest(review.digest());
      approve.set_opinion("同意");
      Twice<rv1::ReviewService, rv1::ApproveTaskRequest, rv1::Review>(
          "review", signer, approve, &rv1::ReviewService::Stub::ApproveTask);
    }
    return review.name();
  }

  // The report's publication of `version` once it is on the portal.
  pv1::Publication WaitForPublished(const std::string& unit, const std::string& version) {
    for (int i = 0; i < 1800; ++i) {
      pv1::ListPublicationsRequest list;
      list.set_unit(unit);
      list.set_page_size(100);
      std::string token;
      do {
        list.set_page_token(token);
        pv1::ListPublicationsResponse page;
        Retry(
            [&](pv1::ListPublicationsResponse* out) {
              return publication_->ListPublications(As("u-sunli").get(), list, out);
            },
            &page);
        for (const pv1::Publication& publication : page.publications()) {
          if (publication.report_version() == version &&
              publication.state() == pv1::PUBLICATION_STATE_PUBLISHED) {
            return publication;
          }
        }
        token = page.next_page_token();
      } while (!token.empty());
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ADD_FAILURE() << version << " was not published";
    return {};
  }

  // One report through the whole flow; returns its last publication.
  pv1::Publication Flow(int index) {
    dv1::CreateReportRequest create;
    create.mutable_report()->set_unit(ChaosUnit(index));
    create.mutable_report()->set_unit_display_name(absl::StrCat("混沌测试单位", index));
    create.mutable_report()->set_fiscal_year(2024);
    create.mutable_report()->set_kind(dv1::REPORT_KIND_FINAL_ACCOUNTS);
    create.mutable_report()->set_template_("templates/sichuan-final-accounts-2024");
    const dv1::Report report = Twice<dv1::DraftingService, dv1::CreateReportRequest, dv1::Report>(
        "drafting", "u-zhangwei", create, &dv1::DraftingService::Stub::CreateReport);
    dv1::ImportDocumentRequest import;
    import.set_report(report.name());
    import.set_text(seed_);
    Twice<dv1::DraftingService, dv1::ImportDocumentRequest, dv1::ImportDocumentResponse>(
        "drafting", "u-zhangwei", import, &dv1::DraftingService::Stub::ImportDocument);
    dv1::ReportVersion version = Submit(report.name());
    const bool returned = index % 5 == 0;
    Review(report.name(), version, returned);
    if (returned) {
      WaitForDraftingState(report.name(), dv1::REPORT_STATE_RETURNED);
      Revise(report.name(), 1, "已按退回意见核对。");
      version = Submit(report.name());
      Review(report.name(), version, false);
    }
    return WaitForPublished(ChaosUnit(index), version.name());
  }

  void WaitForDraftingState(const std::string& report, dv1::ReportState state) {
    for (int i = 0; i < 600; ++i) {
      dv1::GetReportRequest get;
      get.set_name(report);
      dv1::Report current;
      Retry(
          [&](dv1::Report* out) { return drafting_->GetReport(As("u-zhangwei").get(), get, out); },
          &current);
      if (current.state() == state) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << report << " never reached " << dv1::ReportState_Name(state);
  }

  std::unique_ptr<Database> Open(const std::string& service) {
    DatabaseConfig config;
    config.socket = socket_;
    config.user = "rf_" + service;
    config.password = std::string(absl::StripAsciiWhitespace(
        ReadFileOrEmpty(absl::StrCat(db_dir_, "/rf_", service, ".password"))));
    config.schema = "reportflow_" + service;
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(config);
    EXPECT_THAT(db, IsOk());
    return db.ok() ? *std::move(db) : nullptr;
  }

  int64_t Count(Database& db, const std::string& sql) {
    absl::StatusOr<int64_t> count =
        db.Transact<int64_t>([&](Transaction& tx) -> absl::StatusOr<int64_t> {
          absl::StatusOr<std::vector<Row>> rows = tx.Query(sql);
          if (!rows.ok()) return rows.status();
          return rows->at(0).GetInt64(0);
        });
    EXPECT_THAT(count, IsOk()) << sql;
    return count.ok() ? *count : -1;
  }

  TempDir dir_;
  int reports_ = 50;
  std::vector<std::string> units_;
  std::string db_dir_, socket_, private_key_, jwt_public_, signing_key_, review_public_, hmac_,
      limits_, seed_;
  std::map<std::string, std::string> tokens_;
  std::map<std::string, int> ports_;
  std::mutex processes_mu_;
  std::map<std::string, std::unique_ptr<ChildProcess>> processes_;
  FlakyPortal portal_;
  std::atomic<int64_t> next_request_{1};
  std::unique_ptr<dv1::DraftingService::Stub> drafting_;
  std::unique_ptr<rv1::ReviewService::Stub> review_;
  std::unique_ptr<pv1::PublicationService::Stub> publication_;
};

TEST_F(ChaosTest, FiftyReportsThroughKillsADatabaseRestartAFlakyPortalAndDuplicates) {
  const absl::Time start = absl::Now();
  std::atomic<bool> done{false};
  std::atomic<int> finished{0};
  std::atomic<int> kills{0};
  std::atomic<int> restarts{0};
  std::atomic<int> db_restarts{0};

  // The storm: a random replica killed every 2–4 s and restarted on its
  // port; MariaDB restarted once when a third of the reports are through.
  std::thread storm([&] {
    std::mt19937 random(static_cast<unsigned>(absl::ToUnixNanos(absl::Now())));
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2000 + random() % 2000));
      if (done) break;
      if (db_restarts == 0 && finished >= reports_ / 3) {
        EXPECT_TRUE(Db("stop"));
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        EXPECT_TRUE(Db("start")) << ReadFileOrEmpty(dir_.path() + "/db.log");
        ++db_restarts;
        continue;
      }
      const std::string service = kServices[random() % 3];
      const int replica = static_cast<int>(random() % 2);
      {
        std::lock_guard<std::mutex> lock(processes_mu_);
        auto& process = processes_[Key(service, replica)];
        process->Signal(SIGKILL);
        EXPECT_THAT(process->Wait(absl::Seconds(10)), IsOk());
      }
      ++kills;
      std::this_thread::sleep_for(std::chrono::milliseconds(300 + random() % 700));
      if (Start(service, replica)) ++restarts;
    }
  });

  // The reports, four at a time.
  std::vector<pv1::Publication> published(reports_);
  std::atomic<int> next{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&] {
      for (int i = next++; i < reports_; i = next++) {
        published[i] = Flow(i);
        ++finished;
      }
    });
  }
  for (std::thread& worker : workers) worker.join();

  // One withdrawn, one corrected (revised, resubmitted, six signatures, the
  // new page replacing the old one by a notice).
  pv1::WithdrawPublicationRequest withdraw;
  withdraw.set_name(published[1].name());
  withdraw.set_reason("附表数据待核实");
  Twice<pv1::PublicationService, pv1::WithdrawPublicationRequest, pv1::Publication>(
      "publication", "u-sunli", withdraw, &pv1::PublicationService::Stub::WithdrawPublication);
  Revise(published[2].report(), 1, "更正：补充说明。");
  const dv1::ReportVersion corrected = Submit(published[2].report());
  Review(published[2].report(), corrected, false);
  const pv1::Publication correction = WaitForPublished(ChaosUnit(2), corrected.name());
  done = true;
  storm.join();

  // Let every outbox settle with all replicas up.
  auto drafting_db = Open("drafting");
  auto review_db = Open("review");
  auto publication_db = Open("publication");
  ASSERT_TRUE(drafting_db && review_db && publication_db);
  for (int i = 0; i < 600; ++i) {
    int64_t left = 0;
    for (Database* db : {drafting_db.get(), review_db.get(), publication_db.get()}) {
      left += Count(*db, "SELECT COUNT(*) FROM outbox WHERE state <> 2");
    }
    if (left == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }

  // Every report as intended.
  for (int i = 0; i < reports_; ++i) {
    const pv1::Publication& publication = published[i];
    ASSERT_FALSE(publication.name().empty()) << "report " << i;
    pv1::GetPublicationRequest get;
    get.set_name(publication.name());
    pv1::Publication now;
    ASSERT_TRUE(Retry(
                    [&](pv1::Publication* out) {
                      return publication_->GetPublication(As("u-sunli").get(), get, out);
                    },
                    &now)
                    .ok());
    const pv1::PublicationState expected = i == 1   ? pv1::PUBLICATION_STATE_WITHDRAWN
                                           : i == 2 ? pv1::PUBLICATION_STATE_SUPERSEDED
                                                    : pv1::PUBLICATION_STATE_PUBLISHED;
    EXPECT_EQ(now.state(), expected) << publication.name();
    if (expected == pv1::PUBLICATION_STATE_PUBLISHED) {
      // On the portal once, with the digest that was approved.
      const std::string path = now.url().substr(now.url().find("/", 8));
      EXPECT_NE(portal_.File(path).find(
                    absl::StrCat("<meta name=\"reportflow-digest\" content=\"", now.digest())),
                std::string::npos)
          << path;
    }
    rv1::VerifyAuditChainRequest verify;
    verify.set_parent(publication.report());
    rv1::VerifyAuditChainResponse chain;
    ASSERT_TRUE(Retry(
                    [&](rv1::VerifyAuditChainResponse* out) {
                      return review_->VerifyAuditChain(As("u-zhaolei").get(), verify, out);
                    },
                    &chain)
                    .ok());
    EXPECT_TRUE(chain.valid()) << publication.report() << ": " << chain.reason();
  }
  EXPECT_NE(portal_.File(published[1].url().substr(published[1].url().find("/", 8)))
                .find("撤回原因：附表数据待核实"),
            std::string::npos);
  EXPECT_EQ(correction.supersedes(), published[2].name());

  // Every stage signed exactly once; every page stored once per push.
  EXPECT_EQ(Count(*review_db,
                  "SELECT COUNT(*) FROM (SELECT review_id, stage_key FROM review_decisions "
                  "GROUP BY review_id, stage_key HAVING COUNT(*) > 1) twice"),
            0);
  const int64_t reviews = Count(*review_db, "SELECT COUNT(*) FROM reviews");
  const int64_t approved = Count(*review_db, "SELECT COUNT(*) FROM reviews WHERE state = 2");
  EXPECT_EQ(approved, reports_ + 1) << "one approved review per report and the correction";
  EXPECT_EQ(Count(*review_db, "SELECT COUNT(*) FROM review_decisions WHERE approved = 1"),
            approved * 6 + (reviews - approved) * 1)
      << "six signatures per approved review, one before each return";
  EXPECT_EQ(Count(*review_db, "SELECT COUNT(*) FROM certificates"), approved);
  // One page push per publication reached the portal, and nothing needed a
  // repair (no drift).
  int page_bundles = 0;
  for (const std::string& key : portal_.stored()) {
    page_bundles += absl::StartsWith(key, "page-");
    EXPECT_FALSE(absl::StartsWith(key, "repair-")) << key;
  }
  EXPECT_EQ(page_bundles, reports_ + 1);
  EXPECT_EQ(Count(*publication_db, "SELECT COUNT(*) FROM publications"), reports_ + 1);
  // Nothing stuck or parked.
  for (Database* db : {drafting_db.get(), review_db.get(), publication_db.get()}) {
    EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM outbox WHERE state <> 2"), 0);
  }
  // No INTERNAL, by the clients' count and by the servers' own logs.
  EXPECT_EQ(internal_answers.load(), 0);
  int logged_internal = 0;
  for (const char* service : kServices) {
    for (int replica = 0; replica < 2; ++replica) {
      const std::string log =
          ReadFileOrEmpty(absl::StrCat(dir_.path(), "/", Key(service, replica), ".log"));
      for (size_t at = log.find("\"code\":\"INTERNAL\""); at != std::string::npos;
           at = log.find("\"code\":\"INTERNAL\"", at + 1)) {
        ++logged_internal;
      }
    }
  }
  EXPECT_EQ(logged_internal, 0);
  EXPECT_EQ(duplicate_mismatches.load(), 0);
  EXPECT_GE(kills.load(), 3) << "the storm must actually kill";
  EXPECT_EQ(db_restarts.load(), 1);

  std::cout << "chaos: " << reports_ << " reports (" << reviews << " reviews, " << approved
            << " approved) in " << absl::FormatDuration(absl::Now() - start) << "; " << kills
            << " replicas killed, " << restarts << " restarted, " << db_restarts
            << " MariaDB restart; portal refused " << portal_.refused() << " pushes and timed out "
            << portal_.timeouts() << " (all retried to success; " << portal_.stored().size()
            << " bundles stored once each, " << portal_.resent()
            << " sent again after a lost answer and absorbed by their key); " << duplicates_absorbed
            << " duplicate requests absorbed with the same answer; " << retried_calls
            << " calls retried while the stack healed; INTERNAL answered " << internal_answers
            << " / logged " << logged_internal << "\n";
}

}  // namespace
}  // namespace reportflow
