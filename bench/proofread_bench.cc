// Machine checks (机器校对) on the sample report: time per report and MB/s.
// Target (issue 4): under 5 ms per report on one core. Run (see bench/README.md):
//   taskset -c 0 build/bench/proofread_bench --benchmark_repetitions=10
//       --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "proofread/proofreader.h"

namespace {

std::string Seed() {
  std::ifstream in(RF_SEED_REPORT);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void BM_ProofreadSeedReport(benchmark::State& state) {
  const std::string report = Seed();
  size_t findings = 0;
  for (auto _ : state) {
    std::vector<reportflow::proofread::Finding> result = reportflow::proofread::Proofread(report);
    findings = result.size();
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * report.size()));
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["bytes"] = static_cast<double>(report.size());
}
BENCHMARK(BM_ProofreadSeedReport)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
