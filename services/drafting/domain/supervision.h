// The finance bureau's view of a report (财政监督), pure: from what drafting
// knows of a report — its state, 批复日期, the day it was first published,
// its sections — the terms the 财政部 inspection of 预决算公开 uses:
// 及时性 (published within 20 days of 批复, disclosure_deadline.h), 完整性
// (every required section written), 细化程度 (the template's tables filled)
// and 公开方式 (where readers find it).
#ifndef REPORTFLOW_SERVICES_DRAFTING_DOMAIN_SUPERVISION_H_
#define REPORTFLOW_SERVICES_DRAFTING_DOMAIN_SUPERVISION_H_

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "reportflow/drafting/v1/drafting.pb.h"

namespace reportflow::drafting {

// What the view is computed from.
struct ReportProgress {
  v1::ReportState state = v1::REPORT_STATE_UNSPECIFIED;
  std::optional<absl::CivilDay> finance_approval_date;
  std::optional<absl::CivilDay> first_published;
  int required_sections = 0;
  int required_sections_filled = 0;
  int tables = 0;
  int tables_filled = 0;
  std::string publication_url;
};

// Fills `row`'s dates, days since approval, timeliness, counts and URL from
// `progress` as of `today` (China time). Days since approval count to the
// day of publication once published.
void Assess(const ReportProgress& progress, absl::CivilDay today, v1::RegionReport* row);

}  // namespace reportflow::drafting

#endif  // REPORTFLOW_SERVICES_DRAFTING_DOMAIN_SUPERVISION_H_
