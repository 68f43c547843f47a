#include "services/drafting/domain/supervision.h"

#include "services/common/disclosure_deadline.h"

namespace reportflow::drafting {

void Assess(const ReportProgress& progress, absl::CivilDay today, v1::RegionReport* row) {
  row->set_state(progress.state);
  row->set_required_sections(progress.required_sections);
  row->set_required_sections_filled(progress.required_sections_filled);
  row->set_tables(progress.tables);
  row->set_tables_filled(progress.tables_filled);
  row->set_publication_url(progress.publication_url);
  if (progress.first_published.has_value()) {
    row->set_publish_date(FormatDay(*progress.first_published));
  }
  if (!progress.finance_approval_date.has_value()) {
    row->set_days_since_approval(-1);
    row->set_timeliness(v1::TIMELINESS_NO_APPROVAL_DATE);
    return;
  }
  const absl::CivilDay approval = *progress.finance_approval_date;
  const absl::CivilDay deadline = DeadlineFor(approval);
  row->set_finance_approval_date(FormatDay(approval));
  row->set_deadline_date(FormatDay(deadline));
  const absl::CivilDay until = progress.first_published.value_or(today);
  row->set_days_since_approval(static_cast<int32_t>(until - approval));
  switch (Standing(deadline, progress.first_published, today)) {
    case DeadlineStanding::kOnTime:
      row->set_timeliness(v1::TIMELINESS_ON_TIME);
      break;
    case DeadlineStanding::kOverdue:
      row->set_timeliness(progress.first_published.has_value() ? v1::TIMELINESS_LATE
                                                               : v1::TIMELINESS_OVERDUE);
      break;
    case DeadlineStanding::kAtRisk:
      row->set_timeliness(v1::TIMELINESS_AT_RISK);
      break;
    default:
      row->set_timeliness(v1::TIMELINESS_OPEN);
      break;
  }
}

}  // namespace reportflow::drafting
