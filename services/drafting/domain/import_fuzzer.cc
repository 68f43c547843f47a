// libFuzzer target over the import: any bytes split into the shipped Sichuan
// template's sections, then every text section's 图 placeholders turned into
// chart blocks (the two steps a drafter's uploaded text goes through). Built
// only with -DRF_FUZZ=ON under clang (deploy/local/fuzz), with ASan and UBSan.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "services/drafting/domain/chart_placeholders.h"
#include "services/drafting/domain/import.h"
#include "services/drafting/domain/templates.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* const templates =
      new std::map<std::string, reportflow::drafting::v1::Template>(
          *reportflow::drafting::ShippedTemplates());
  const std::string text(reinterpret_cast<const char*>(data), size);
  const reportflow::drafting::ImportResult result = reportflow::drafting::SplitDocument(
      templates->at("templates/sichuan-final-accounts-2024"), text);
  (void)result;
  int converted = 0;
  (void)reportflow::drafting::ChartsFromPlaceholders(text, &converted);
  return 0;
}
