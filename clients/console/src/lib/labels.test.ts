import { describe, expect, it } from 'vitest';
import { isSet, reportEditable, severityOf } from './labels';

describe('labels', () => {
  it('says which report states take revisions, as drafting does', () => {
    expect(['REPORT_STATE_DRAFTING', 'REPORT_STATE_RETURNED', 'REPORT_STATE_PUBLISHED', 'REPORT_STATE_WITHDRAWN'].map(reportEditable)).toEqual([true, true, true, true]);
    expect(reportEditable('REPORT_STATE_IN_REVIEW')).toBe(false);
    expect(reportEditable('REPORT_STATE_APPROVED')).toBe(false);
    expect(reportEditable('')).toBe(false);
  });
  it('reads both severity enums and unset timestamps', () => {
    expect(severityOf('CHECK_SEVERITY_ERROR')).toBe('ERROR');
    expect(severityOf('SEVERITY_WARNING')).toBe('WARNING');
    expect(isSet('1970-01-01T00:00:00Z')).toBe(false);
    expect(isSet('2026-12-01T02:00:00Z')).toBe(true);
  });
});
