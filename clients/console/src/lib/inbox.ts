// 我的待办 as rows: each task with its report's deadline, filtered and
// ordered newest activity first. Pure, so the rules are tested without a
// browser.
import type { Report, Task } from '../api/types';
import { countdown, type Countdown } from './deadline';

export interface InboxRow {
  task: Task;
  report: string; // reports/{id}
  reviewId: string;
  deadline: Countdown;
}

export interface InboxFilter {
  unit: string; // '' for all
  stage: string; // stage key, '' for all
  text: string; // matches title or unit
}

/** `reports/r-1/versions/2` → `reports/r-1`. */
export function reportOfVersion(version: string): string {
  return version.replace(/\/versions\/\d+$/, '');
}

export function inboxRows(
  tasks: Task[],
  reports: Map<string, Report>,
  filter: InboxFilter,
  now: Date,
): InboxRow[] {
  const text = filter.text.trim();
  return tasks
    .filter((t) => !filter.unit || t.unit === filter.unit)
    .filter((t) => !filter.stage || t.stage?.key === filter.stage)
    .filter((t) => !text || t.title.includes(text) || t.unit.includes(text))
    .map((task) => {
      const report = reportOfVersion(task.report_version);
      return {
        task,
        report,
        reviewId: task.review.replace(/^reviews\//, ''),
        deadline: countdown(reports.get(report)?.finance_approval_date ?? '', now),
      };
    })
    .sort((a, b) => (b.task.activate_time ?? '').localeCompare(a.task.activate_time ?? ''));
}
