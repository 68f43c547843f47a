#include "bench/loadgen/measure.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "grpcpp/support/status.h"
#include "services/common/grpc_client.h"
#include "services/common/status_macros.h"

namespace reportflow::loadgen {
namespace {

constexpr const char* kCounters[] = {
    "Questions",      "Com_select",        "Com_insert",        "Com_update",   "Com_delete",
    "Com_replace",    "Com_insert_select", "Com_commit",        "Com_rollback", "Bytes_sent",
    "Bytes_received", "Innodb_log_writes", "Innodb_data_fsyncs"};

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

double Round(double value, int digits) {
  const double scale = std::pow(10.0, digits);
  return std::round(value * scale) / scale;
}

// The value after "<key>:" in /proc/<pid>/status, in kB.
double StatusKb(const std::string& status, absl::string_view key) {
  for (absl::string_view line : absl::StrSplit(status, '\n')) {
    if (absl::ConsumePrefix(&line, key) && absl::ConsumePrefix(&line, ":")) {
      line = absl::StripAsciiWhitespace(line);
      absl::ConsumeSuffix(&line, " kB");
      double kb = 0;
      if (absl::SimpleAtod(line, &kb)) return kb;
    }
  }
  return 0;
}

}  // namespace

void Recorder::Add(absl::Duration elapsed, int code, const std::string& message) {
  absl::MutexLock lock(&mu_);
  if (code == 0) {
    millis_.push_back(absl::ToDoubleMilliseconds(elapsed));
  } else {
    ++errors_[code];
    samples_.emplace(code, message.substr(0, 300));
  }
}

int64_t Recorder::ok() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int64_t>(millis_.size());
}

nlohmann::json Recorder::Summary() const {
  absl::MutexLock lock(&mu_);
  std::vector<double> sorted = millis_;
  std::sort(sorted.begin(), sorted.end());
  nlohmann::json errors = nlohmann::json::object();
  nlohmann::json samples = nlohmann::json::object();
  for (const auto& [code, count] : errors_) errors[CodeName(code)] = count;
  for (const auto& [code, message] : samples_) samples[CodeName(code)] = message;
  return {{"ops", sorted.size()},
          {"p50_ms", Round(Percentile(sorted, 0.50), 2)},
          {"p95_ms", Round(Percentile(sorted, 0.95), 2)},
          {"p99_ms", Round(Percentile(sorted, 0.99), 2)},
          {"max_ms", Round(sorted.empty() ? 0 : sorted.back(), 2)},
          {"errors", errors},
          {"error_samples", samples}};
}

std::string CodeName(int code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  if (code >= 0 && code < 16) return kNames[code];
  if (code == grpc::StatusCode::UNAUTHENTICATED) return "UNAUTHENTICATED";
  return absl::StrCat("CODE_", code);
}

absl::StatusOr<ProcessSample> SampleProcess(int pid) {
  std::ifstream stat_file(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
  // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
  const size_t close = stat.rfind(')');
  if (stat.empty() || close == std::string::npos) {
    return absl::NotFoundError(absl::StrCat("process ", pid, " is gone"));
  }
  std::vector<std::string> fields = absl::StrSplit(stat.substr(close + 2), ' ');
  ProcessSample sample;
  int64_t utime = 0, stime = 0;
  if (fields.size() > 13 && absl::SimpleAtoi(fields[11], &utime) &&
      absl::SimpleAtoi(fields[12], &stime)) {
    sample.cpu_seconds = static_cast<double>(utime + stime) / sysconf(_SC_CLK_TCK);
  }
  std::ifstream status_file(absl::StrCat("/proc/", pid, "/status"));
  std::stringstream status;
  status << status_file.rdbuf();
  sample.rss_mb = StatusKb(status.str(), "VmRSS") / 1024;
  sample.peak_rss_mb = StatusKb(status.str(), "VmHWM") / 1024;
  return sample;
}

std::map<std::string, int> WatchedProcesses(const std::string& run_dir,
                                            const std::string& mysql_dir) {
  std::map<std::string, int> pids;
  auto read_pid = [&](const std::string& name, const std::string& path) {
    std::ifstream in(path);
    int pid = 0;
    if (in >> pid && pid > 0) pids[name] = pid;
  };
  for (const char* server :
       {"identity", "drafting", "review", "publication", "notification", "console"}) {
    read_pid(server, absl::StrCat(run_dir, "/", server, ".pid"));
  }
  if (!mysql_dir.empty()) read_pid("mariadb", absl::StrCat(mysql_dir, "/mysqld.pid"));
  return pids;
}

nlohmann::json DbCounters::DeltaPerOp(const DbCounters& before, int64_t ops) const {
  auto delta = [&](const std::string& name) -> double {
    auto now = values.find(name);
    auto then = before.values.find(name);
    if (now == values.end() || then == before.values.end()) return 0;
    return static_cast<double>(now->second - then->second);
  };
  const double statements = delta("Com_select") + delta("Com_insert") + delta("Com_update") +
                            delta("Com_delete") + delta("Com_replace") + delta("Com_insert_select");
  const double per = ops > 0 ? 1.0 / static_cast<double>(ops) : 0;
  return {{"statements_per_op", Round(statements * per, 1)},
          {"questions_per_op", Round(delta("Questions") * per, 1)},
          {"commits_per_op", Round(delta("Com_commit") * per, 2)},
          // MariaDB 10.8+ counts the redo log's fsyncs here too.
          {"fsyncs_per_op", Round(delta("Innodb_data_fsyncs") * per, 2)},
          {"log_writes_per_op", Round(delta("Innodb_log_writes") * per, 2)},
          {"bytes_sent_per_op", Round(delta("Bytes_sent") * per, 0)},
          {"bytes_received_per_op", Round(delta("Bytes_received") * per, 0)}};
}

absl::StatusOr<std::unique_ptr<DbWatch>> DbWatch::Open(const std::string& socket,
                                                       const std::string& password_file) {
  DatabaseConfig config;
  config.socket = socket;
  config.user = "root";
  ASSIGN_OR_RETURN(std::string password, ReadWholeFile(password_file));
  config.password = std::string(absl::StripTrailingAsciiWhitespace(password));
  config.max_connections = 1;
  ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(config));
  return std::unique_ptr<DbWatch>(new DbWatch(std::move(db)));
}

absl::StatusOr<DbCounters> DbWatch::Counters() {
  DbCounters counters;
  RETURN_IF_ERROR(db_->Transact([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<Row> rows, tx.Query("SELECT VARIABLE_NAME, VARIABLE_VALUE FROM "
                                                     "information_schema.GLOBAL_STATUS"));
    for (const Row& row : rows) {
      for (const char* name : kCounters) {
        if (absl::EqualsIgnoreCase(row.GetString(0), name)) {
          counters.values[name] = row.GetInt64(1);
        }
      }
    }
    return absl::OkStatus();
  }));
  return counters;
}

absl::StatusOr<int64_t> DbWatch::Undelivered() {
  int64_t total = 0;
  RETURN_IF_ERROR(db_->Transact([&](Transaction& tx) -> absl::Status {
    for (const char* schema : {"reportflow_drafting", "reportflow_review", "reportflow_publication",
                               "reportflow_notification"}) {
      ASSIGN_OR_RETURN(
          std::vector<Row> rows,
          tx.Query(absl::StrCat("SELECT COUNT(*) FROM ", schema, ".outbox WHERE state IN (1, 3)")));
      total += rows.at(0).GetInt64(0);
    }
    return absl::OkStatus();
  }));
  return total;
}

absl::StatusOr<std::string> DbWatch::Variable(const std::string& name) {
  std::string value;
  RETURN_IF_ERROR(db_->Transact([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<Row> rows,
                     tx.Query("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_VARIABLES "
                              "WHERE VARIABLE_NAME = ?",
                              {name}));
    if (!rows.empty()) value = rows[0].GetString(0);
    return absl::OkStatus();
  }));
  return value;
}

absl::StatusOr<Snapshot> TakeSnapshot(const std::map<std::string, int>& pids, DbWatch* db) {
  Snapshot snapshot;
  snapshot.time = absl::Now();
  for (const auto& [name, pid] : pids) {
    absl::StatusOr<ProcessSample> sample = SampleProcess(pid);
    if (sample.ok()) snapshot.processes[name] = *sample;
  }
  if (db != nullptr) {
    ASSIGN_OR_RETURN(snapshot.db, db->Counters());
  }
  return snapshot;
}

nlohmann::json ProcessDelta(const Snapshot& before, const Snapshot& after, int64_t ops) {
  nlohmann::json servers = nlohmann::json::object();
  for (const auto& [name, sample] : after.processes) {
    auto then = before.processes.find(name);
    if (then == before.processes.end()) continue;
    const double cpu = sample.cpu_seconds - then->second.cpu_seconds;
    servers[name] = {{"cpu_s", Round(cpu, 2)},
                     {"cpu_ms_per_op", ops > 0 ? Round(cpu * 1000 / ops, 3) : 0.0},
                     {"rss_mb", Round(sample.rss_mb, 1)},
                     {"peak_rss_mb", Round(sample.peak_rss_mb, 1)}};
  }
  return servers;
}

}  // namespace reportflow::loadgen
