#include "bench/loadgen/scenarios.h"

#include <deque>
#include <functional>
#include <iostream>
#include <limits>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "reportflow/drafting/v1/drafting.grpc.pb.h"
#include "reportflow/publication/v1/publication.grpc.pb.h"
#include "reportflow/review/v1/review.grpc.pb.h"
#include "services/common/status_macros.h"

namespace reportflow::loadgen {
namespace {

namespace drafting = ::reportflow::drafting::v1;
namespace review = ::reportflow::review::v1;
namespace publication = ::reportflow::publication::v1;

// A report of a bench unit, on its way through the flow.
struct Prepared {
  std::string unit;
  std::string report;
  // The largest text section and its latest revision (submit's 20 KB edit).
  std::string section;
  int section_revision = 0;
  std::string section_content;
  // Its review once submitted: the human stages' keys and roles in order,
  // and the next one to sign.
  std::string review;
  std::string digest;
  std::vector<std::string> stage_keys;
  std::vector<std::string> stage_roles;
  size_t next = 0;
};

absl::Status ToAbsl(const grpc::Status& status, absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(what, ": ", status.error_message()));
}

// One thread's stubs; every call as the cast member of the role it needs.
class Client {
 public:
  Client(const Stack& stack, size_t index)
      : stack_(stack),
        drafting_(drafting::DraftingService::NewStub(stack.Drafting(index))),
        review_(review::ReviewService::NewStub(stack.Review(index))),
        publication_(publication::PublicationService::NewStub(stack.Publication(index))) {}

  // Creates the unit's report from the Sichuan template and imports `text`.
  grpc::Status CreateImported(const std::string& unit, const std::string& text, Prepared* out) {
    drafting::CreateReportRequest create;
    create.mutable_report()->set_unit(unit);
    create.mutable_report()->set_fiscal_year(2024);
    create.mutable_report()->set_kind(drafting::REPORT_KIND_FINAL_ACCOUNTS);
    create.mutable_report()->set_template_("templates/sichuan-final-accounts-2024");
    create.mutable_report()->set_unit_display_name("压力测试单位");
    create.set_request_id(NewRequestId());
    drafting::Report report;
    grpc::ClientContext create_context;
    Prepare(create_context, Token("drafter"));
    grpc::Status status = drafting_->CreateReport(&create_context, create, &report);
    if (!status.ok()) return status;
    out->unit = unit;
    out->report = report.name();
    drafting::ImportDocumentRequest import;
    import.set_report(report.name());
    import.set_text(text);
    import.set_request_id(NewRequestId());
    drafting::ImportDocumentResponse imported;
    grpc::ClientContext import_context;
    Prepare(import_context, Token("drafter"));
    status = drafting_->ImportDocument(&import_context, import, &imported);
    if (!status.ok()) return status;
    for (const drafting::Revision& revision : imported.revisions()) {
      if (out->section.empty() || revision.content().size() > out->section_content.size()) {
        out->section = revision.name().substr(0, revision.name().find("/revisions/"));
        out->section_revision = revision.number();
        out->section_content = revision.content();
      }
    }
    return grpc::Status::OK;
  }

  grpc::Status Submit(const Prepared& prepared) {
    drafting::SubmitReportRequest request;
    request.set_name(prepared.report);
    request.set_request_id(NewRequestId());
    drafting::SubmitReportResponse response;
    grpc::ClientContext context;
    Prepare(context, Token("drafter"));
    return drafting_->SubmitReport(&context, request, &response);
  }

  // A new revision of the prepared section with `content`.
  grpc::Status Revise(Prepared& prepared, const std::string& content) {
    drafting::CreateRevisionRequest request;
    request.set_parent(prepared.section);
    request.mutable_revision()->set_content(content);
    request.mutable_revision()->set_base_revision(prepared.section_revision);
    request.set_request_id(NewRequestId());
    drafting::Revision revision;
    grpc::ClientContext context;
    Prepare(context, Token("drafter"));
    grpc::Status status = drafting_->CreateRevision(&context, request, &revision);
    if (status.ok()) prepared.section_revision = revision.number();
    return status;
  }

  // Waits until the submitted report's review waits for its first person.
  grpc::Status WaitForReview(Prepared& prepared) {
    const absl::Time give_up = absl::Now() + absl::Seconds(60);
    while (absl::Now() < give_up) {
      review::ListReviewsRequest request;
      request.set_report(prepared.report);
      request.set_state(review::REVIEW_STATE_IN_PROGRESS);
      review::ListReviewsResponse response;
      grpc::ClientContext context;
      Prepare(context, Token("proofread_1"));
      grpc::Status status = review_->ListReviews(&context, request, &response);
      if (!status.ok()) return status;
      if (response.reviews_size() > 0) {
        const review::Review& found = response.reviews(0);
        prepared.review = found.name();
        prepared.digest = found.digest();
        prepared.stage_keys.clear();
        prepared.stage_roles.clear();
        prepared.next = 0;
        for (const review::Stage& stage : found.stages()) {
          if (stage.definition().kind() == review::STAGE_KIND_AUTOMATIC_CHECK) continue;
          prepared.stage_keys.push_back(stage.definition().key());
          prepared.stage_roles.push_back(stage.definition().role());
        }
        return grpc::Status::OK;
      }
      absl::SleepFor(absl::Milliseconds(5));
    }
    return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                        "review did not start within 60 s of the submission");
  }

  // Signs the review's next stage as the person holding its role.
  grpc::Status Approve(Prepared& prepared) {
    review::ApproveTaskRequest request;
    request.set_name(absl::StrCat(prepared.review, "/tasks/", prepared.stage_keys[prepared.next]));
    request.set_digest(prepared.digest);
    request.set_opinion("同意");
    request.set_request_id(NewRequestId());
    review::Review response;
    grpc::ClientContext context;
    Prepare(context, Token(prepared.stage_roles[prepared.next]));
    grpc::Status status = review_->ApproveTask(&context, request, &response);
    if (status.ok()) ++prepared.next;
    return status;
  }

  // The inbox of `role` and the first task's review as the console opens it.
  grpc::Status Inbox(const std::string& role) {
    review::ListTasksRequest request;
    request.set_page_size(20);
    review::ListTasksResponse tasks;
    grpc::ClientContext context;
    Prepare(context, Token(role));
    grpc::Status status = review_->ListTasks(&context, request, &tasks);
    if (!status.ok() || tasks.tasks_size() == 0) return status;
    review::GetReviewRequest get;
    get.set_name(tasks.tasks(0).review());
    get.set_view(review::REVIEW_VIEW_FULL);
    review::Review found;
    grpc::ClientContext get_context;
    Prepare(get_context, Token(role));
    return review_->GetReview(&get_context, get, &found);
  }

  // Waits until the unit's report is PUBLISHED on the portal.
  grpc::Status WaitPublished(const Prepared& prepared) {
    const absl::Time give_up = absl::Now() + absl::Seconds(60);
    while (absl::Now() < give_up) {
      publication::ListPublicationsRequest request;
      request.set_unit(prepared.unit);
      request.set_state(publication::PUBLICATION_STATE_PUBLISHED);
      publication::ListPublicationsResponse response;
      grpc::ClientContext context;
      Prepare(context, Token("publisher"));
      grpc::Status status = publication_->ListPublications(&context, request, &response);
      if (!status.ok()) return status;
      if (response.publications_size() > 0) return grpc::Status::OK;
      absl::SleepFor(absl::Milliseconds(2));
    }
    return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                        "the page was not published within 60 s of the approval");
  }

 private:
  std::string Token(const std::string& role) const { return stack_.TokenOf(role); }

  const Stack& stack_;
  std::unique_ptr<drafting::DraftingService::Stub> drafting_;
  std::unique_ptr<review::ReviewService::Stub> review_;
  std::unique_ptr<publication::PublicationService::Stub> publication_;
};

// A queue of prepared reports shared by the threads.
class Queue {
 public:
  void Push(Prepared prepared) {
    absl::MutexLock lock(&mu_);
    items_.push_back(std::move(prepared));
  }
  std::optional<Prepared> Pop() {
    absl::MutexLock lock(&mu_);
    if (items_.empty()) return std::nullopt;
    Prepared front = std::move(items_.front());
    items_.pop_front();
    return front;
  }
  size_t size() {
    absl::MutexLock lock(&mu_);
    return items_.size();
  }

 private:
  absl::Mutex mu_;
  std::deque<Prepared> items_ ABSL_GUARDED_BY(mu_);
};

// Runs `body(thread)` on `threads` threads and waits for them.
void Parallel(int threads, const std::function<void(int)>& body) {
  std::vector<std::thread> running;
  for (int i = 0; i < threads; ++i) running.emplace_back(body, i);
  for (std::thread& thread : running) thread.join();
}

// What a scenario needs of each prepared report before its window.
enum class Stage { kImported, kInReview, kAtFinalStage };

// Prepares `count` reports of fresh bench units up to `stage`, with
// `threads` threads; the first failure stops it.
absl::StatusOr<std::vector<Prepared>> PrepareReports(const Stack& stack, UnitPool& units,
                                                     const std::string& text, int count,
                                                     Stage stage, int threads) {
  if (units.next.load() + count - 1 > units.last) {
    return absl::ResourceExhaustedError(absl::StrCat("压力测试单位不够：还需 ", count, " 个，只剩 ",
                                                     units.last - units.next.load() + 1,
                                                     " 个；请用 loadgen setup --units 增加"));
  }
  std::vector<Prepared> prepared(count);
  std::atomic<int> cursor{0};
  absl::Mutex mu;
  absl::Status failure;
  Parallel(threads, [&](int thread) {
    Client client(stack, thread);
    for (int i = cursor++; i < count; i = cursor++) {
      auto fail = [&](const grpc::Status& status, absl::string_view what) {
        absl::MutexLock lock(&mu);
        if (failure.ok()) failure = ToAbsl(status, what);
      };
      {
        absl::MutexLock lock(&mu);
        if (!failure.ok()) return;
      }
      Prepared& p = prepared[i];
      const std::string unit = BenchUnit(units.next++);
      grpc::Status status = client.CreateImported(unit, text, &p);
      if (!status.ok()) return fail(status, absl::StrCat("prepare ", unit));
      if (stage == Stage::kImported) continue;
      status = client.Submit(p);
      if (status.ok()) status = client.WaitForReview(p);
      if (!status.ok()) return fail(status, absl::StrCat("submit ", p.report));
      while (stage == Stage::kAtFinalStage && p.next + 1 < p.stage_keys.size()) {
        status = client.Approve(p);
        if (!status.ok()) return fail(status, absl::StrCat("advance ", p.review));
      }
    }
  });
  RETURN_IF_ERROR(failure);
  return prepared;
}

// The 20 KB revision of submit: the section's text followed by as much of
// the report as makes it 20 KB.
std::string TwentyKb(const std::string& section, const std::string& text) {
  std::string content = section;
  while (content.size() < 20 * 1024) {
    absl::StrAppend(&content, "\n\n", text.substr(0, 20 * 1024 - content.size()));
  }
  // Cut at a line break, never inside a UTF-8 character.
  const size_t cut = content.rfind('\n');
  return cut == std::string::npos ? content : content.substr(0, cut + 1);
}

}  // namespace

absl::StatusOr<nlohmann::json> RunScenario(const Stack& stack, const ScenarioOptions& options,
                                           UnitPool& units, const std::map<std::string, int>& pids,
                                           DbWatch* db) {
  const std::string& scenario = options.scenario;
  const int threads = options.concurrency;
  const double seconds = absl::ToDoubleSeconds(options.duration + options.warmup);
  // Enough for the window at a rate well above what was measured.
  // Mixed spends a quarter of a given pool on approvals (six operations a
  // report) and the rest on submissions.
  auto pool = [&](int per_second_per_thread, int ops_per_report) {
    if (options.pool > 0 && scenario == "mixed") {
      return std::max(threads, ops_per_report == 6 ? options.pool / 4 : options.pool * 3 / 4);
    }
    if (options.pool > 0) return options.pool;
    return std::max(threads * 2, static_cast<int>(seconds * per_second_per_thread *
                                                  std::min(threads, 16) / ops_per_report) +
                                     threads);
  };
  const int prepare_threads = std::max(threads, 8);
  std::cerr << "准备场景 " << scenario << "（并发 " << threads << "）…\n";
  const absl::Time prepare_start = absl::Now();

  Queue approvals, finals, imported;
  std::vector<std::string> inbox_roles;
  int prepared_count = 0;
  if (scenario == "approve" || scenario == "mixed") {
    ASSIGN_OR_RETURN(
        std::vector<Prepared> ready,
        PrepareReports(stack, units, options.text, pool(60, 6), Stage::kInReview, prepare_threads));
    prepared_count += static_cast<int>(ready.size());
    for (Prepared& p : ready) approvals.Push(std::move(p));
  }
  if (scenario == "submit" || scenario == "mixed") {
    ASSIGN_OR_RETURN(
        std::vector<Prepared> ready,
        PrepareReports(stack, units, options.text, pool(30, 1), Stage::kImported, prepare_threads));
    prepared_count += static_cast<int>(ready.size());
    for (Prepared& p : ready) imported.Push(std::move(p));
  }
  if (scenario == "publish") {
    ASSIGN_OR_RETURN(std::vector<Prepared> ready,
                     PrepareReports(stack, units, options.text, pool(15, 1), Stage::kAtFinalStage,
                                    prepare_threads));
    prepared_count += static_cast<int>(ready.size());
    for (Prepared& p : ready) finals.Push(std::move(p));
  }
  if (scenario == "inbox" || scenario == "mixed") {
    // Tasks in every inbox: reviews waiting at each of the six stages.
    ASSIGN_OR_RETURN(
        std::vector<Prepared> ready,
        PrepareReports(stack, units, options.text, 12, Stage::kInReview, prepare_threads));
    prepared_count += static_cast<int>(ready.size());
    Client client(stack, 0);
    for (size_t i = 0; i < ready.size(); ++i) {
      for (size_t k = 0; k < i % 6; ++k) {
        grpc::Status status = client.Approve(ready[i]);
        if (!status.ok()) return ToAbsl(status, "advance an inbox review");
      }
    }
    for (const Member& member : Cast()) {
      if (member.role != "drafter" && member.role != "publisher") {
        inbox_roles.push_back(member.role);
      }
    }
  }
  if (inbox_roles.empty() && approvals.size() == 0 && imported.size() == 0 && finals.size() == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--scenario: 未知场景“", scenario, "”，应为 approve、submit、inbox、publish 或 mixed"));
  }
  // What the preparation caused (notifications, machine checks) is delivered
  // before the window opens, so that the window measures only its own work.
  auto settle = [&]() -> absl::StatusOr<int64_t> {
    int64_t undelivered = 0;
    if (db == nullptr) return undelivered;
    const absl::Time give_up = absl::Now() + options.settle_timeout;
    do {
      ASSIGN_OR_RETURN(undelivered, db->Undelivered());
      if (undelivered == 0) break;
      absl::SleepFor(absl::Milliseconds(100));
    } while (absl::Now() < give_up);
    return undelivered;
  };
  RETURN_IF_ERROR(settle().status());
  const double prepare_seconds = absl::ToDoubleSeconds(absl::Now() - prepare_start);

  // What each thread does; mixed gives threads 0,1 of every 4 approve, 2 submit, 3 inbox.
  auto kind_of = [&](int thread) -> std::string {
    if (scenario != "mixed") return scenario;
    switch (thread % 4) {
      case 2:
        return "submit";
      case 3:
        return "inbox";
      default:
        return "approve";
    }
  };
  std::map<std::string, Recorder> recorders;
  for (int t = 0; t < threads; ++t) recorders[kind_of(t)];
  std::atomic<bool> exhausted{false};
  std::atomic<int64_t> uncounted{0};

  const absl::Time start = absl::Now();
  const absl::Time counted_from = start + options.warmup;
  const absl::Time end = counted_from + options.duration;
  // A pool spends at most a fifth of its operations on the warm-up.
  const int64_t pool_ops = static_cast<int64_t>(approvals.size()) * 6 +
                           static_cast<int64_t>(imported.size() + finals.size());
  const int64_t warmup_ops = inbox_roles.empty() || scenario == "mixed"
                                 ? std::max<int64_t>(1, pool_ops / 5)
                                 : std::numeric_limits<int64_t>::max();
  std::atomic<int64_t> started_ops{0};
  std::optional<Snapshot> before;
  absl::Mutex snapshot_mu;
  std::atomic<bool> window_open{false};
  auto open_window = [&]() {
    absl::MutexLock lock(&snapshot_mu);
    if (window_open.load()) return;
    absl::StatusOr<Snapshot> taken = TakeSnapshot(pids, db);
    if (taken.ok()) before = *std::move(taken);
    window_open = true;
  };
  Parallel(threads, [&](int thread) {
    Client client(stack, thread);
    const std::string kind = kind_of(thread);
    Recorder& recorder = recorders[kind];
    for (size_t op = 0;; ++op) {
      const absl::Time now = absl::Now();
      if (now >= end || exhausted.load()) return;
      if ((now >= counted_from || started_ops.load() >= warmup_ops) && !window_open.load()) {
        open_window();
      }
      ++started_ops;
      const bool counted = window_open.load();
      std::optional<Prepared> item;
      if (kind == "approve") item = approvals.Pop();
      if (kind == "submit") item = imported.Pop();
      if (kind == "publish") item = finals.Pop();
      if (kind != "inbox" && !item.has_value()) {
        exhausted = true;  // the pool is used up: the window ends here
        return;
      }
      const absl::Time began = absl::Now();
      grpc::Status status;
      if (kind == "approve") {
        status = client.Approve(*item);
      } else if (kind == "submit") {
        status = client.Revise(*item, TwentyKb(item->section_content, options.text));
        if (status.ok()) status = client.Submit(*item);
      } else if (kind == "inbox") {
        status = client.Inbox(inbox_roles[(thread + op) % inbox_roles.size()]);
      } else if (kind == "publish") {
        status = client.Approve(*item);
        if (status.ok()) status = client.WaitPublished(*item);
      }
      if (counted) {
        recorder.Add(absl::Now() - began, status.error_code(), status.error_message());
      } else {
        ++uncounted;
      }
      if (kind == "approve" && status.ok() && item->next < item->stage_keys.size()) {
        approvals.Push(*std::move(item));
      }
    }
  });
  const absl::Time finished = absl::Now();
  if (!window_open.load()) {
    return absl::FailedPreconditionError(
        "预热期内准备的报告就已用完，没有计时窗口：请加大 --pool 或缩短 --warmup");
  }
  ASSIGN_OR_RETURN(Snapshot after, TakeSnapshot(pids, db));
  const double window = absl::ToDoubleSeconds(after.time - before->time);

  int64_t ops = 0;
  nlohmann::json line = {{"scenario", scenario},
                         {"concurrency", threads},
                         {"window_s", std::round(window * 100) / 100},
                         {"prepared_reports", prepared_count},
                         {"prepare_s", std::round(prepare_seconds * 10) / 10},
                         {"pool_exhausted", exhausted.load()},
                         {"warmup_ops", uncounted.load()}};
  nlohmann::json errors = nlohmann::json::object();
  if (recorders.size() == 1) {
    nlohmann::json summary = recorders.begin()->second.Summary();
    ops = summary["ops"].get<int64_t>();
    line.update(summary);
  } else {
    for (auto& [kind, recorder] : recorders) {
      nlohmann::json summary = recorder.Summary();
      ops += summary["ops"].get<int64_t>();
      line["by_kind"][kind] = summary;
      line["by_kind"][kind]["ops_per_s"] =
          std::round(summary["ops"].get<double>() / window * 10) / 10;
    }
    line["ops"] = ops;
  }
  line["ops_per_s"] = std::round(static_cast<double>(ops) / window * 10) / 10;
  line["servers"] = ProcessDelta(*before, after, ops);
  if (db != nullptr) line["db"] = after.db.DeltaPerOp(before->db, ops);

  // Everything the operations caused, once every outbox is delivered
  // (outcomes, publication, portal pushes, notifications).
  if (db != nullptr) {
    ASSIGN_OR_RETURN(const int64_t undelivered, settle());
    ASSIGN_OR_RETURN(Snapshot settled, TakeSnapshot(pids, db));
    line["settled"] = {
        {"after_s", std::round(absl::ToDoubleSeconds(settled.time - finished) * 10) / 10},
        {"undelivered", undelivered},
        {"db", settled.db.DeltaPerOp(before->db, ops)},
        {"servers", ProcessDelta(*before, settled, ops)}};
  }
  return line;
}

}  // namespace reportflow::loadgen
