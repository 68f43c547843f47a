// The 20-day publication deadline as the screens show it. The publication
// service decides and stores the deadline of a publication (deadline_date,
// deadline_status); before a publication exists the inbox shows the same
// rule — 批复日期 + 20 days, counted in China Standard Time — for orientation.

export const DEADLINE_DAYS = 20;
export const AT_RISK_DAYS = 5;

/** "YYYY-MM-DD" + `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return t.toISOString().slice(0, 10);
}

/** Today's date in China Standard Time, "YYYY-MM-DD". */
export function chinaToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both "YYYY-MM-DD"); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const ms = (s: string) => {
    const [y, m, d] = s.split('-').map(Number);
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

export type Standing = 'open' | 'at-risk' | 'overdue' | 'done' | 'unknown';

export interface Countdown {
  deadline: string; // "" when no approval date is recorded
  daysLeft: number;
  standing: Standing;
  text: string;
}

/** The countdown for a report approved by the finance bureau on `approvalDate`. */
export function countdown(approvalDate: string, now: Date, published = false): Countdown {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(approvalDate || '')) {
    return { deadline: '', daysLeft: 0, standing: 'unknown', text: '未录入批复日期' };
  }
  const deadline = addDays(approvalDate, DEADLINE_DAYS);
  const daysLeft = daysBetween(chinaToday(now), deadline);
  if (published) return { deadline, daysLeft, standing: 'done', text: `已公开（期限 ${deadline}）` };
  if (daysLeft < 0) {
    return { deadline, daysLeft, standing: 'overdue', text: `已逾期 ${-daysLeft} 天（期限 ${deadline}）` };
  }
  const standing: Standing = daysLeft <= AT_RISK_DAYS ? 'at-risk' : 'open';
  const text = daysLeft === 0 ? `今天到期（${deadline}）` : `剩余 ${daysLeft} 天（期限 ${deadline}）`;
  return { deadline, daysLeft, standing, text };
}
