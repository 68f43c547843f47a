// Notification settings and the finance bureau's view, pure: quiet hours as
// people write them (22:00-07:30), the Chinese words for robot kinds,
// delivery states and 及时性, and the region table as CSV for Excel.
import { formatCsv } from './csv';
import { reportStateLabel } from './labels';
import type { QuietHours, RegionReport } from '../api/types';

const pad = (n: number) => String(n).padStart(2, '0');

/** "22:00-07:30"; "" when there are none (start == end). */
export function formatQuietHours(quiet?: QuietHours): string {
  const start = quiet?.start_minute ?? 0;
  const end = quiet?.end_minute ?? 0;
  if (start === end) return '';
  return `${pad(Math.floor(start / 60))}:${pad(start % 60)}-${pad(Math.floor(end / 60))}:${pad(end % 60)}`;
}

/** Parses "HH:MM-HH:MM" (empty: none); null when malformed. */
export function parseQuietHours(text: string): QuietHours | null {
  const trimmed = text.trim();
  if (trimmed === '') return { start_minute: 0, end_minute: 0 };
  const match = /^(\d{1,2}):(\d{2})\s*[-–~至]\s*(\d{1,2}):(\d{2})$/.exec(trimmed);
  if (!match) return null;
  const [h1, m1, h2, m2] = match.slice(1).map(Number);
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) return null;
  return { start_minute: h1 * 60 + m1, end_minute: h2 * 60 + m2 };
}

const robotKinds: Record<string, string> = {
  ROBOT_KIND_DINGTALK: '钉钉',
  ROBOT_KIND_WECOM: '企业微信',
  ROBOT_KIND_FEISHU: '飞书',
};
export const robotKindLabel = (kind: string) => robotKinds[kind] ?? kind;
/** Whether the platform signs with a secret (钉钉 加签, 飞书 签名校验). */
export const robotTakesSecret = (kind: string) => kind !== 'ROBOT_KIND_WECOM';

const deliveryStates: Record<string, string> = {
  DELIVERY_STATE_PENDING: '等待发送',
  DELIVERY_STATE_DELIVERED: '已送达',
  DELIVERY_STATE_FAILED_RETRYING: '失败，重试中',
  DELIVERY_STATE_PARKED: '已搁置（不再重试）',
};
export const deliveryStateLabel = (state: string) => deliveryStates[state] ?? state;
/** "邮件" or "群机器人" for a delivery's method. */
export const channelLabel = (method: string) => (method === 'smtp' ? '邮件' : '群机器人');

const timeliness: Record<string, string> = {
  TIMELINESS_NO_APPROVAL_DATE: '未录入批复日期',
  TIMELINESS_OPEN: '期限内未公开',
  TIMELINESS_AT_RISK: '临近期限未公开',
  TIMELINESS_OVERDUE: '已逾期未公开',
  TIMELINESS_ON_TIME: '按期公开',
  TIMELINESS_LATE: '逾期公开',
  TIMELINESS_NO_REPORT: '未建报告',
};
export const timelinessLabel = (value: string) => timeliness[value] ?? value;
/** The tag colour for 及时性: red for overdue or late, amber at risk. */
export function timelinessTone(value: string): 'danger' | 'warning' | 'success' | 'info' {
  if (value === 'TIMELINESS_OVERDUE' || value === 'TIMELINESS_LATE') return 'danger';
  if (value === 'TIMELINESS_AT_RISK' || value === 'TIMELINESS_NO_REPORT') return 'warning';
  if (value === 'TIMELINESS_ON_TIME') return 'success';
  return 'info';
}

/** "13/13" for 完整性 and 细化程度; "" without a report. */
export const filled = (done: number, all: number, hasReport: boolean) =>
  hasReport ? `${done ?? 0}/${all ?? 0}` : '';

/**
 * 公开方式: the portal page while it is up; a withdrawn report is no longer
 * public (the URL shows the withdrawal notice).
 */
export function disclosureWay(row: RegionReport): '门户网站' | '已撤回' | '未公开' {
  if (!row.publication_url) return '未公开';
  return row.state === 'REPORT_STATE_WITHDRAWN' ? '已撤回' : '门户网站';
}

export const regionCsvHeader = [
  '单位',
  '单位名称',
  '报告',
  '状态',
  '批复日期',
  '公开期限',
  '公开日期',
  '批复后天数',
  '及时性',
  '完整性（必填章节）',
  '细化程度（附表）',
  '公开方式',
];

/** The region table as CSV, with a byte-order mark so Excel reads UTF-8. */
export function regionCsv(rows: RegionReport[]): string {
  const body = rows.map((row) => {
    const has = row.report !== '';
    return [
      row.unit.replace(/^units\//, ''),
      row.unit_display_name,
      row.title,
      has ? reportStateLabel(row.state) : '',
      row.finance_approval_date,
      row.deadline_date,
      row.publish_date,
      row.days_since_approval >= 0 ? String(row.days_since_approval) : '',
      timelinessLabel(row.timeliness),
      filled(row.required_sections_filled, row.required_sections, has),
      filled(row.tables_filled, row.tables, has),
      row.publication_url ? `${disclosureWay(row)} ${row.publication_url}` : '未公开',
    ];
  });
  return '\uFEFF' + formatCsv([regionCsvHeader, ...body]);
}
