import { describe, expect, it } from 'vitest';
import { addDays, chinaToday, countdown, daysBetween } from './deadline';

describe('deadline', () => {
  it('adds 20 calendar days across a month end', () => {
    expect(addDays('2025-08-20', 20)).toBe('2025-09-09');
    expect(addDays('2024-02-20', 20)).toBe('2024-03-11'); // leap year
  });
  it('counts the day in China Standard Time', () => {
    expect(chinaToday(new Date('2025-09-08T16:30:00Z'))).toBe('2025-09-09');
    expect(chinaToday(new Date('2025-09-08T15:59:00Z'))).toBe('2025-09-08');
  });
  it('is open, at risk, due today and overdue as the days pass', () => {
    expect(countdown('2025-08-20', new Date('2025-08-21T02:00:00Z'))).toMatchObject({
      deadline: '2025-09-09',
      daysLeft: 19,
      standing: 'open',
      text: '剩余 19 天（期限 2025-09-09）',
    });
    expect(countdown('2025-08-20', new Date('2025-09-05T02:00:00Z')).standing).toBe('at-risk');
    expect(countdown('2025-08-20', new Date('2025-09-09T02:00:00Z')).text).toBe('今天到期（2025-09-09）');
    expect(countdown('2025-08-20', new Date('2025-09-12T02:00:00Z'))).toMatchObject({
      daysLeft: -3,
      standing: 'overdue',
      text: '已逾期 3 天（期限 2025-09-09）',
    });
  });
  it('says so when no approval date is recorded, and when published', () => {
    expect(countdown('', new Date()).standing).toBe('unknown');
    expect(countdown('2025-08-20', new Date('2025-09-12T02:00:00Z'), true).standing).toBe('done');
    expect(daysBetween('2025-01-31', '2025-03-01')).toBe(29);
  });
});
