import { describe, expect, it } from 'vitest';
import {
  formatQuietHours,
  parseQuietHours,
  regionCsv,
  timelinessLabel,
  timelinessTone,
} from './notify';
import { parseCsv } from './csv';
import type { RegionReport } from '../api/types';

describe('quiet hours', () => {
  it('reads and writes HH:MM-HH:MM, across midnight too', () => {
    expect(parseQuietHours('22:00-07:30')).toEqual({ start_minute: 1320, end_minute: 450 });
    expect(parseQuietHours('12:00 至 13:30')).toEqual({ start_minute: 720, end_minute: 810 });
    expect(formatQuietHours({ start_minute: 1320, end_minute: 450 })).toBe('22:00-07:30');
    expect(parseQuietHours('')).toEqual({ start_minute: 0, end_minute: 0 });
    expect(formatQuietHours({ start_minute: 0, end_minute: 0 })).toBe('');
  });
  it('refuses what is not a time', () => {
    expect(parseQuietHours('24:00-07:00')).toBeNull();
    expect(parseQuietHours('22:60-07:00')).toBeNull();
    expect(parseQuietHours('晚上十点')).toBeNull();
  });
});

const row = (over: Partial<RegionReport>): RegionReport => ({
  unit: 'units/jinkouhe-gov-office',
  unit_display_name: '乐山市金口河区人民政府办公室',
  report: 'reports/r-1',
  title: '2024年度部门决算',
  state: 'REPORT_STATE_PUBLISHED',
  finance_approval_date: '2025-08-20',
  deadline_date: '2025-09-09',
  publish_date: '2025-09-01',
  days_since_approval: 12,
  timeliness: 'TIMELINESS_ON_TIME',
  required_sections: 13,
  required_sections_filled: 13,
  tables: 13,
  tables_filled: 12,
  publication_url: 'https://www.jkh.gov.cn/a,b/',
  ...over,
});

describe('the region table', () => {
  it('is CSV that Excel opens, one row per unit, in Chinese', () => {
    const csv = regionCsv([
      row({}),
      row({
        unit: 'units/jinkouhe-finance',
        unit_display_name: '金口河区财政局',
        report: '',
        title: '',
        state: 'REPORT_STATE_UNSPECIFIED',
        finance_approval_date: '',
        deadline_date: '',
        publish_date: '',
        days_since_approval: -1,
        timeliness: 'TIMELINESS_NO_REPORT',
        publication_url: '',
      }),
    ]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0][8]).toBe('及时性');
    expect(rows[1]).toEqual([
      'jinkouhe-gov-office',
      '乐山市金口河区人民政府办公室',
      '2024年度部门决算',
      '已公开',
      '2025-08-20',
      '2025-09-09',
      '2025-09-01',
      '12',
      '按期公开',
      '13/13',
      '12/13',
      '门户网站 https://www.jkh.gov.cn/a,b/',
    ]);
    expect(rows[2].slice(0, 4)).toEqual(['jinkouhe-finance', '金口河区财政局', '', '']);
    expect(rows[2][7]).toBe('');
    expect(rows[2][8]).toBe('未建报告');
    expect(rows[2][11]).toBe('未公开');
  });
  it('says a withdrawn report is no longer public', () => {
    const rows = parseCsv(regionCsv([row({ state: 'REPORT_STATE_WITHDRAWN' })]));
    expect(rows[1][3]).toBe('已撤回');
    expect(rows[1][11]).toBe('已撤回 https://www.jkh.gov.cn/a,b/');
  });
  it('names and colours 及时性', () => {
    expect(timelinessLabel('TIMELINESS_OVERDUE')).toBe('已逾期未公开');
    expect(timelinessTone('TIMELINESS_OVERDUE')).toBe('danger');
    expect(timelinessTone('TIMELINESS_AT_RISK')).toBe('warning');
    expect(timelinessTone('TIMELINESS_ON_TIME')).toBe('success');
  });
});
