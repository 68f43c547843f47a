// libFuzzer target over the whole machine-check engine: any bytes, as a whole
// report and as a single section, with and without a report year. Built only
// with -DRF_FUZZ=ON under clang (deploy/local/fuzz), with ASan and UBSan.
#include <cstddef>
#include <cstdint>
#include <string>

#include "proofread/proofreader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  reportflow::proofread::ProofreadOptions whole;
  (void)reportflow::proofread::Proofread(text, whole);
  reportflow::proofread::ProofreadOptions section;
  section.template_name = "";
  section.report_year = 2024;
  (void)reportflow::proofread::Proofread(text, section);
  return 0;
}
