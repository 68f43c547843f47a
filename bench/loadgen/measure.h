// What bench/loadgen measures around a scenario: latencies and error codes
// of the operations, each server's CPU time and peak RSS (from /proc), and
// MariaDB's work (SHOW GLOBAL STATUS deltas).
#ifndef REPORTFLOW_BENCH_LOADGEN_MEASURE_H_
#define REPORTFLOW_BENCH_LOADGEN_MEASURE_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "services/common/database.h"

namespace reportflow::loadgen {

// Latencies and outcomes of one scenario's operations, from many threads.
class Recorder {
 public:
  // One operation that took `elapsed`; `code` is its gRPC status code (0 OK)
  // and `message` the error's (the first of each code is kept).
  void Add(absl::Duration elapsed, int code, const std::string& message = "")
      ABSL_LOCKS_EXCLUDED(mu_);
  int64_t ok() const ABSL_LOCKS_EXCLUDED(mu_);
  // {"ops", "p50_ms", "p95_ms", "p99_ms", "max_ms", "errors": {CODE: n},
  //  "error_samples": {CODE: message}}
  nlohmann::json Summary() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  mutable absl::Mutex mu_;
  std::vector<double> millis_ ABSL_GUARDED_BY(mu_);
  std::map<int, int64_t> errors_ ABSL_GUARDED_BY(mu_);
  std::map<int, std::string> samples_ ABSL_GUARDED_BY(mu_);
};

// The name of a gRPC status code ("FAILED_PRECONDITION").
std::string CodeName(int code);

// A process's CPU time and memory, read from /proc/<pid>/.
struct ProcessSample {
  double cpu_seconds = 0;  // user + system
  double rss_mb = 0;       // VmRSS
  double peak_rss_mb = 0;  // VmHWM: the most it has held since it started
};
absl::StatusOr<ProcessSample> SampleProcess(int pid);

// The servers to watch: name → pid, from <run_dir>/<name>.pid (deploy/local's
// .local/run/), and MariaDB's from <mysql_dir>/mysqld.pid when given.
std::map<std::string, int> WatchedProcesses(const std::string& run_dir,
                                            const std::string& mysql_dir);

// MariaDB counters of SHOW GLOBAL STATUS that say how much work it did.
struct DbCounters {
  std::map<std::string, int64_t> values;
  // Data statements (SELECT, INSERT, UPDATE, DELETE, REPLACE), COMMITs,
  // fsyncs (Innodb_data_fsyncs, which counts the redo log's in MariaDB
  // 10.8+), redo log writes and bytes sent to clients since `before`.
  nlohmann::json DeltaPerOp(const DbCounters& before, int64_t ops) const;
};

// Reads the counters over an administrator's connection, and says whether
// any service's outbox still holds undelivered messages (PENDING or
// FAILED_RETRYING).
class DbWatch {
 public:
  static absl::StatusOr<std::unique_ptr<DbWatch>> Open(const std::string& socket,
                                                       const std::string& password_file);
  absl::StatusOr<DbCounters> Counters();
  absl::StatusOr<int64_t> Undelivered();
  // A global variable's value (@@innodb_flush_log_at_trx_commit).
  absl::StatusOr<std::string> Variable(const std::string& name);

 private:
  explicit DbWatch(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  std::unique_ptr<Database> db_;
};

// Samples of the watched processes and of MariaDB at one moment.
struct Snapshot {
  absl::Time time;
  std::map<std::string, ProcessSample> processes;
  DbCounters db;
};
absl::StatusOr<Snapshot> TakeSnapshot(const std::map<std::string, int>& pids, DbWatch* db);

// {"<server>": {"cpu_s", "cpu_ms_per_op", "peak_rss_mb"}} between two snapshots.
nlohmann::json ProcessDelta(const Snapshot& before, const Snapshot& after, int64_t ops);

}  // namespace reportflow::loadgen

#endif  // REPORTFLOW_BENCH_LOADGEN_MEASURE_H_
