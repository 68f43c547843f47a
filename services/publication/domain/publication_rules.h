// The publication service's pure rules: where a publication lives on the
// portal, its 索引号, the dates it shows, and the legal deadline — published
// within 20 days of the finance bureau's approval (批复日期). Dates are days
// in China Standard Time (UTC+8), the time the portal and the law count in.
#ifndef REPORTFLOW_SERVICES_PUBLICATION_DOMAIN_PUBLICATION_RULES_H_
#define REPORTFLOW_SERVICES_PUBLICATION_DOMAIN_PUBLICATION_RULES_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/disclosure_deadline.h"

namespace reportflow::publication {

// The deadline rules live in services/common/disclosure_deadline.h, shared
// with notification (warnings) and drafting (the finance bureau's view).
using ::reportflow::ChinaDay;
using ::reportflow::DeadlineFor;
using ::reportflow::DeadlineStanding;
using ::reportflow::FormatDay;
using ::reportflow::kAtRiskDays;
using ::reportflow::kDeadlineDays;
using ::reportflow::ParseDay;
using ::reportflow::Standing;

// The publication's directory on the portal: "{unit}/{year}/{report}-v{version}".
std::string PublicationDirectory(absl::string_view unit, int fiscal_year,
                                 absl::string_view report_id, int version);
// The unit-year index's directory: "{unit}/{year}".
std::string IndexDirectory(absl::string_view unit, int fiscal_year);
// 索引号: "{unit}-{year}-{publication id, six digits}", unique per publication.
std::string IndexNumber(absl::string_view unit, int fiscal_year, int64_t publication_id);

}  // namespace reportflow::publication

#endif  // REPORTFLOW_SERVICES_PUBLICATION_DOMAIN_PUBLICATION_RULES_H_
