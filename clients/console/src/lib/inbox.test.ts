import { describe, expect, it } from 'vitest';
import { inboxRows, reportOfVersion } from './inbox';
import type { Report, Task } from '../api/types';

const task = (n: number, unit: string, stage: string, at: string): Task => ({
  name: `reviews/${n}/tasks/${stage}`,
  review: `reviews/${n}`,
  report_version: `reports/r-${n}/versions/1`,
  title: `${unit} 2024 年度部门决算`,
  unit,
  stage: { key: stage, display_name: stage, kind: '', role: '', blocks_on_findings: false },
  digest: 'd',
  activate_time: at,
});

describe('inbox', () => {
  const tasks = [
    task(1, 'jinkouhe-gov-office', 'review-1', '2025-09-01T01:00:00Z'),
    task(2, 'jinkouhe-finance', 'proofread-1', '2025-09-03T01:00:00Z'),
    task(3, 'jinkouhe-gov-office', 'proofread-1', '2025-09-02T01:00:00Z'),
  ];
  const reports = new Map<string, Report>([
    ['reports/r-1', { finance_approval_date: '2025-08-20' } as Report],
  ]);
  const now = new Date('2025-09-10T02:00:00Z');
  const all = { unit: '', stage: '', text: '' };

  it('orders newest activity first and carries the report deadline', () => {
    const rows = inboxRows(tasks, reports, all, now);
    expect(rows.map((r) => r.reviewId)).toEqual(['2', '3', '1']);
    expect(rows[2].deadline).toMatchObject({ standing: 'overdue', daysLeft: -1 });
    expect(rows[0].deadline.standing).toBe('unknown');
  });
  it('filters by unit, stage and text', () => {
    expect(inboxRows(tasks, reports, { ...all, unit: 'jinkouhe-gov-office' }, now)).toHaveLength(2);
    expect(inboxRows(tasks, reports, { ...all, stage: 'proofread-1' }, now).map((r) => r.reviewId)).toEqual(['2', '3']);
    expect(inboxRows(tasks, reports, { ...all, text: 'finance' }, now).map((r) => r.reviewId)).toEqual(['2']);
  });
  it('names the report of a version', () => {
    expect(reportOfVersion('reports/r-ab12/versions/12')).toBe('reports/r-ab12');
  });
});
