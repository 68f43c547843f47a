// Machine checks (机器校对): time per report (the sample, with and without its
// 三公 table to check the text against) and per 10 KB of passages from the
// corpus of other provinces' texts (proofread/testdata/passages/).
// Targets (issues 4 and 16): under 5 ms per report on one core. Run (see
// bench/README.md):
//   taskset -c 0 build/bench/proofread_bench --benchmark_repetitions=10
//       --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void BM_ProofreadSeedReportWithItsTable(benchmark::State& state) {
  const std::string report = Seed();
  reportflow::proofread::ProofreadOptions options;
  options.tables.push_back({"十三、财政拨款“三公”经费支出决算表", ReadFile(RF_SEED_TABLE)});
  for (auto _ : state) {
    benchmark::DoNotOptimize(reportflow::proofread::Proofread(report, options));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * report.size()));
}
BENCHMARK(BM_ProofreadSeedReportWithItsTable)->Unit(benchmark::kMillisecond);

// The corpus's passage files, in name order.
std::vector<std::string> Passages() {
  std::vector<std::string> files;
  if (DIR* dir = opendir(RF_CORPUS_DIR)) {
    while (dirent* entry = readdir(dir)) {
      const std::string name = entry->d_name;
      if (name.size() > 4 && name.compare(name.size() - 4, 4, ".txt") == 0) {
        files.push_back(std::string(RF_CORPUS_DIR) + "/" + name);
      }
    }
    closedir(dir);
  }
  std::sort(files.begin(), files.end());
  return files;
}

// About 10 KB of the corpus's passages (their bodies), checked as one text.
void BM_Proofread10KBOfPassages(benchmark::State& state) {
  std::string text;
  while (text.size() < 10 * 1024) {
    for (const std::string& path : Passages()) {
      const std::string content = ReadFile(path);
      const size_t body = content.find("\n---\n");
      if (body != std::string::npos) text += content.substr(body + 5);
      if (text.size() >= 10 * 1024) break;
    }
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(reportflow::proofread::Proofread(text, {}));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["bytes"] = static_cast<double>(text.size());
}
BENCHMARK(BM_Proofread10KBOfPassages)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
