// The automatic stage (机器预检), pure: assembles a frozen version's sections
// into one document in template order (part headings, section headings,
// content), runs the machine checks (proofread/) over it — the version's
// table sections are the figures the text is checked against — and maps
// every finding back to its section and to a line within that section's
// content.
#ifndef REPORTFLOW_PROOFREAD_VERSION_CHECK_H_
#define REPORTFLOW_PROOFREAD_VERSION_CHECK_H_

#include <string>
#include <vector>

#include "proofread/finding.h"
#include "reportflow/drafting/v1/drafting.pb.h"

namespace reportflow::proofread {

// A finding placed in a section of the version.
struct SectionFinding {
  // The drafting section, `reports/{report}/sections/{section}`.
  std::string section;
  // 1-based line within the section's content; 0 for its heading line.
  int line = 0;
  proofread::Finding finding;
};

// Runs the machine checks over `version` (FULL view). `report_template` gives
// the parts and their order; when it has no parts the sections are checked in
// manifest order without part headings and without completeness checks.
std::vector<SectionFinding> CheckVersion(const drafting::v1::ReportVersion& version,
                                         const drafting::v1::Template& report_template);

}  // namespace reportflow::proofread

#endif  // REPORTFLOW_PROOFREAD_VERSION_CHECK_H_
