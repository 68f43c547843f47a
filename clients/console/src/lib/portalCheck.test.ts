import { describe, expect, it } from 'vitest';
import { portalCheckView } from './portalCheck';

describe('portalCheckView', () => {
  it('reads a match with its time in China Standard Time', () => {
    const view = portalCheckView({ state: 'PORTAL_CHECK_STATE_MATCHES', check_time: '2025-09-01T01:02:03Z' });
    expect(view.tone).toBe('ok');
    expect(view.text).toBe('一致（2025/9/1 09:02:03 核验）');
  });
  it('lists every differing file of a drift', () => {
    const view = portalCheckView({
      state: 'PORTAL_CHECK_STATE_DRIFTED',
      drift_since: '2025-09-01T01:00:00Z',
      drifts: [
        { path: 'index.html', kind: 'DRIFT_KIND_MODIFIED', detail: '应为 10 字节，实为 12 字节' },
        { path: 'report.pdf', kind: 'DRIFT_KIND_MISSING', detail: '' },
      ],
    });
    expect(view.tone).toBe('danger');
    expect(view.details).toEqual(['index.html 被修改：应为 10 字节，实为 12 字节', 'report.pdf 缺失']);
  });
  it('says not yet for a publication never checked', () => {
    expect(portalCheckView(undefined)).toEqual({ text: '尚未核验', tone: 'muted', details: [] });
    expect(portalCheckView({ state: 'PORTAL_CHECK_STATE_UNREACHABLE', check_time: '2025-09-01T01:00:00Z' }).tone).toBe('warning');
  });
});
