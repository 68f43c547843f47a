// libFuzzer target over the page renderer: the first half of the input as a
// text section (CommonMark with chart blocks), the second as a table section
// (CSV), rendered to the page, data.json and CSVs, with the notice and the
// index. Built only with -DRF_FUZZ=ON under clang (deploy/local/fuzz).
#include <cstddef>
#include <cstdint>
#include <string>

#include "services/publication/render/page.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t half = input.size() / 2;
  reportflow::publication::PageInput page;
  page.title = "金口河区人民政府办公室2024年度部门决算";
  page.unit = "jinkouhe-gov-office";
  page.unit_display_name = input.substr(0, std::min<size_t>(half, 64));
  page.fiscal_year = 2024;
  page.index_number = "511113-2024-ZFB-001";
  page.publish_date = "2025-09-01";
  page.with_pdf = false;
  page.parts.push_back({"第一部分 单位概况",
                        {{"p1-s1", "一、主要职能", false, input.substr(0, half)},
                         {"p1-t1", "收入支出决算总表", true, input.substr(half)}}});
  page.stages.push_back(
      {"终审", input.substr(0, std::min<size_t>(half, 16)), "2025-08-30", "同意"});
  (void)reportflow::publication::RenderPublication(page);
  return 0;
}
