// The publication page of the sample report: time to render index.html (with
// its seven SVG charts), data.json and the CSVs from the approved sections.
// Rendering runs inside the PublishReport transaction, so it bounds how long
// that transaction holds its locks. Run (see bench/README.md):
//   taskset -c 0 build/bench/render_bench --benchmark_repetitions=10
//       --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "services/drafting/domain/import.h"
#include "services/drafting/domain/templates.h"
#include "services/publication/render/page.h"

namespace {

reportflow::publication::PageInput SeedPage() {
  std::ifstream in(RF_SEED_REPORT);
  std::stringstream text;
  text << in.rdbuf();
  const auto templates = reportflow::drafting::ShippedTemplates();
  const reportflow::drafting::v1::Template& sichuan =
      templates->at("templates/sichuan-final-accounts-2024");
  const reportflow::drafting::ImportResult imported =
      reportflow::drafting::SplitDocument(sichuan, text.str());
  reportflow::publication::PageInput page;
  page.title = "乐山市金口河区人民政府办公室2024年度部门决算";
  page.unit_display_name = "乐山市金口河区人民政府办公室";
  page.fiscal_year = 2024;
  page.index_number = "jinkouhe-gov-office-2024-000001";
  page.publish_date = "2025-09-30";
  for (const auto& part : sichuan.parts()) {
    reportflow::publication::PagePart page_part{part.title(), {}};
    for (const auto& section : part.sections()) {
      std::string content;
      for (const auto& found : imported.sections) {
        if (found.key == section.key()) content = found.content;
      }
      page_part.sections.push_back({section.key(), section.title(),
                                    section.kind() == reportflow::drafting::v1::SECTION_KIND_TABLE,
                                    content});
    }
    page.parts.push_back(std::move(page_part));
  }
  for (const char* stage : {"一校", "初审", "二校", "复审", "三校", "终审"}) {
    page.stages.push_back({stage, "审核人", "2025-09-28", "同意"});
  }
  return page;
}

void BM_RenderSeedPublication(benchmark::State& state) {
  const reportflow::publication::PageInput page = SeedPage();
  size_t bytes = 0;
  for (auto _ : state) {
    auto files = reportflow::publication::RenderPublication(page);
    bytes = 0;
    for (const auto& file : *files) bytes += file.content.size();
    benchmark::DoNotOptimize(files);
  }
  state.counters["output_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_RenderSeedPublication)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
