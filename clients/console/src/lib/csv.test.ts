import { describe, expect, it } from 'vitest';
import { formatCsv, parseCsv, rectangular } from './csv';

describe('csv', () => {
  it('reads quoted fields with commas, quotes and line breaks', () => {
    expect(parseCsv('项目,金额\n"公务接待费,国内","2.5"\n"说""明""","a\nb"\n')).toEqual([
      ['项目', '金额'],
      ['公务接待费,国内', '2.5'],
      ['说"明"', 'a\nb'],
    ]);
  });
  it('reads CRLF and a byte-order mark, and a last line without a newline', () => {
    expect(parseCsv('\uFEFFa,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
  it('writes back what it reads', () => {
    const rows = [['项目', '金额'], ['公务接待费,国内', '2.5'], ['说"明"', '']];
    expect(parseCsv(formatCsv(rows))).toEqual(rows);
    expect(formatCsv(rows)).toBe('项目,金额\n"公务接待费,国内",2.5\n"说""明""",\n');
  });
  it('pads ragged rows into a grid', () => {
    expect(rectangular([['a'], ['b', 'c', 'd']])).toEqual([
      ['a', '', ''],
      ['b', 'c', 'd'],
    ]);
  });
});
