// 门户核验: how the last publish-then-verify check of a publication reads
// (the server compares every file the portal serves with what it rendered).
import type { PortalCheck } from '../api/types';

const driftWords: Record<string, string> = {
  DRIFT_KIND_MISSING: '缺失',
  DRIFT_KIND_MODIFIED: '被修改',
  DRIFT_KIND_TRUNCATED: '被截断',
  DRIFT_KIND_REAPPEARED: '撤回后重新出现',
};

export interface PortalCheckView {
  /** One line for the table cell. */
  text: string;
  /** ok: matches; danger: drifted; warning: unreachable; muted: not yet. */
  tone: 'ok' | 'danger' | 'warning' | 'muted';
  /** One line per differing file, for the drifted case. */
  details: string[];
}

const when = (time?: string) =>
  time ? new Date(time).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '';

export function portalCheckView(check?: PortalCheck): PortalCheckView {
  switch (check?.state) {
    case 'PORTAL_CHECK_STATE_MATCHES':
      return { text: `一致（${when(check.check_time)} 核验）`, tone: 'ok', details: [] };
    case 'PORTAL_CHECK_STATE_DRIFTED':
      return {
        text: `发现不一致（自 ${when(check.drift_since)}），已重新推送审定内容`,
        tone: 'danger',
        details: (check.drifts ?? []).map(
          (d) => `${d.path} ${driftWords[d.kind] ?? '不一致'}${d.detail ? `：${d.detail}` : ''}`,
        ),
      };
    case 'PORTAL_CHECK_STATE_UNREACHABLE':
      return { text: `门户网站无法访问（${when(check.check_time)}），稍后重试`, tone: 'warning', details: [] };
    default:
      return { text: '尚未核验', tone: 'muted', details: [] };
  }
}
