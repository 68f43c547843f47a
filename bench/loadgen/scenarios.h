// The scenarios of bench/loadgen, each driven by `concurrency` threads of
// blocking gRPC calls over TLS against a running stack:
//   approve  ApproveTask: full gov-interleaved reviews of the sample, each of
//            the six stages signed by its own person of the cast;
//   submit   a 20 KB section revision (CreateRevision) and the report's
//            submission (SubmitReport), one operation;
//   inbox    ListTasks and GetReview (FULL: content and diff) of a task;
//   publish  终审's approval until the page is PUBLISHED on the portal;
//   mixed    approve, submit and inbox threads side by side (2:1:1).
// What a scenario consumes (submitted reviews, imported reports) is prepared
// before its timed window, untimed, one report per bench unit.
#ifndef REPORTFLOW_BENCH_LOADGEN_SCENARIOS_H_
#define REPORTFLOW_BENCH_LOADGEN_SCENARIOS_H_

#include <atomic>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/loadgen/measure.h"
#include "bench/loadgen/stack.h"
#include "nlohmann/json.hpp"

namespace reportflow::loadgen {

struct ScenarioOptions {
  std::string scenario;
  int concurrency = 4;
  absl::Duration duration = absl::Seconds(10);
  // Operations in the first `warmup` are made but not counted.
  absl::Duration warmup = absl::Seconds(1);
  // Reports to prepare (0: enough for the duration at a generous rate).
  int pool = 0;
  // The report text every report imports (the corrected sample).
  std::string text;
  // How long to wait after the window for every outbox to be delivered.
  absl::Duration settle_timeout = absl::Seconds(120);
};

// The bench units not used yet: `next` … `last` (a report per unit).
struct UnitPool {
  std::atomic<int> next{1};
  int last = 0;
};

// Runs one scenario and returns its JSON line: ops/s, latency percentiles,
// errors by code, each server's CPU and peak RSS, MariaDB's work per
// operation in the window and once every delivery it caused was made.
absl::StatusOr<nlohmann::json> RunScenario(const Stack& stack, const ScenarioOptions& options,
                                           UnitPool& units, const std::map<std::string, int>& pids,
                                           DbWatch* db);

}  // namespace reportflow::loadgen

#endif  // REPORTFLOW_BENCH_LOADGEN_SCENARIOS_H_
