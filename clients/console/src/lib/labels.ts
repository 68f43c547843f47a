// The Chinese words the screens show for the services' enum values and
// roles, in one place.

const reportStates: Record<string, string> = {
  REPORT_STATE_DRAFTING: '起草中',
  REPORT_STATE_IN_REVIEW: '审校中',
  REPORT_STATE_RETURNED: '已退回',
  REPORT_STATE_APPROVED: '已审定',
  REPORT_STATE_PUBLISHED: '已公开',
  REPORT_STATE_WITHDRAWN: '已撤回',
};
const reviewStates: Record<string, string> = {
  REVIEW_STATE_IN_PROGRESS: '审校中',
  REVIEW_STATE_APPROVED: '已审定',
  REVIEW_STATE_RETURNED: '已退回',
  REVIEW_STATE_WITHDRAWN: '已撤回',
  REVIEW_STATE_CANCELLED: '已取消',
};
const stageStates: Record<string, string> = {
  STAGE_STATE_PENDING: '未开始',
  STAGE_STATE_ACTIVE: '待签署',
  STAGE_STATE_APPROVED: '已签署',
  STAGE_STATE_RETURNED: '已退回',
  STAGE_STATE_SKIPPED: '已跳过',
};
const publicationStates: Record<string, string> = {
  PUBLICATION_STATE_PENDING: '待推送',
  PUBLICATION_STATE_PUBLISHED: '已公开',
  PUBLICATION_STATE_FAILED_RETRYING: '推送失败，重试中',
  PUBLICATION_STATE_WITHDRAWN: '已撤回',
  PUBLICATION_STATE_SUPERSEDED: '已更正（被新版本取代）',
};
const pushStates: Record<string, string> = {
  PUSH_STATE_PENDING: '待推送',
  PUSH_STATE_SUCCEEDED: '成功',
  PUSH_STATE_FAILED_RETRYING: '失败，重试中',
};
const pushKinds: Record<string, string> = {
  PUSH_KIND_PAGE: '公开页面',
  PUSH_KIND_WITHDRAWAL: '撤回公告',
  PUSH_KIND_CORRECTION: '更正公告',
  PUSH_KIND_INDEX: '年度目录',
  PUSH_KIND_REPAIR: '核验后重新推送',
};
const roles: Record<string, string> = {
  drafter: '起草人',
  proofread_1: '一校',
  review_1: '初审',
  proofread_2: '二校',
  review_2: '复审',
  proofread_3: '三校',
  review_3: '终审',
  publisher: '发布管理员',
  admin: '系统管理员',
  secrecy_reviewer: '保密审查',
  unit_head: '主要负责人',
  supervisor: '财政监督',
};

const pick = (table: Record<string, string>, value: string) => table[value] ?? value;

export const reportStateLabel = (s: string) => pick(reportStates, s);

/**
 * Whether the report's sections take revisions in `state`, as drafting's
 * CheckEditable decides: not while in review or approved and waiting for
 * publication (a published or withdrawn report is edited to correct it).
 */
export const reportEditable = (state: string) =>
  state !== '' && state !== 'REPORT_STATE_IN_REVIEW' && state !== 'REPORT_STATE_APPROVED';
export const reviewStateLabel = (s: string) => pick(reviewStates, s);
export const stageStateLabel = (s: string) => pick(stageStates, s);
export const publicationStateLabel = (s: string) => pick(publicationStates, s);
export const pushStateLabel = (s: string) => pick(pushStates, s);
export const pushKindLabel = (s: string) => pick(pushKinds, s);
export const roleLabel = (s: string) => pick(roles, s);

/** ERROR | WARNING | INFO from either the review's or the self-check's enum. */
export function severityOf(value: string): 'ERROR' | 'WARNING' | 'INFO' {
  const key = value.replace(/^(CHECK_)?SEVERITY_/, '');
  return key === 'ERROR' || key === 'WARNING' ? key : 'INFO';
}
export const severityLabel = (value: string) =>
  ({ ERROR: '错误', WARNING: '警告', INFO: '提示' })[severityOf(value)];
export const severityRank = (value: string) =>
  ({ ERROR: 0, WARNING: 1, INFO: 2 })[severityOf(value)];

/**
 * Whether a timestamp field is set: the bridge may print an unset
 * google.protobuf.Timestamp as the epoch.
 */
export function isSet(rfc3339?: string): rfc3339 is string {
  return !!rfc3339 && !rfc3339.startsWith('1970-01-01T00:00:00');
}

/** "2026-12-01 10:05" in China Standard Time, from an RFC 3339 timestamp. */
export function formatTime(rfc3339?: string): string {
  if (!isSet(rfc3339)) return '';
  const t = new Date(rfc3339);
  if (Number.isNaN(t.getTime())) return '';
  const china = new Date(t.getTime() + 8 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${china.getUTCFullYear()}-${two(china.getUTCMonth() + 1)}-${two(china.getUTCDate())} ${two(china.getUTCHours())}:${two(china.getUTCMinutes())}`;
}

/** How long since `rfc3339`, in words: "3 天 2 小时", "45 分钟", "刚刚". */
export function waitingFor(rfc3339: string | undefined, now: Date): string {
  if (!rfc3339) return '';
  const minutes = Math.floor((now.getTime() - new Date(rfc3339).getTime()) / 60_000);
  if (minutes < 1) return '刚刚';
  if (minutes < 60) return `${minutes} 分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} 小时`;
  return `${Math.floor(hours / 24)} 天 ${hours % 24} 小时`;
}
