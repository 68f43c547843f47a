import { describe, expect, it } from 'vitest';
import { listFindings } from './findings';

describe('listFindings', () => {
  it('names each row, its section by title, and keeps an override', () => {
    const rows = listFindings(
      [
        { name: 'reviews/2/findings/5', section: 'reports/r-1/sections/p2-01-overview', severity: 'SEVERITY_ERROR',
          rule: 'figures.change', line: 1, excerpt: '下降 9.01%', message: 'm', suggestion: 's',
          overridden: true, override_reason: '已核对' },
        { section: 'reports/r-1/sections/p1-duties', severity: 'CHECK_SEVERITY_WARNING', rule: 'punct.half_width',
          line: 33, excerpt: ':', message: 'm2', suggestion: '' },
      ],
      'f',
      (s) => ({ 'reports/r-1/sections/p2-01-overview': '一、收入支出决算总体情况说明' })[s] ?? s,
    );
    expect(rows.map((r) => r.id)).toEqual(['f0', 'f1']);
    expect(rows[0]).toMatchObject({ name: 'reviews/2/findings/5', sectionTitle: '一、收入支出决算总体情况说明', overridden: true, overrideReason: '已核对' });
    expect(rows[1]).toMatchObject({ name: undefined, sectionTitle: 'reports/r-1/sections/p1-duties', line: 33 });
  });
});
