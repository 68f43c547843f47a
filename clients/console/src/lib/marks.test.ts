import { describe, expect, it } from 'vitest';
import { excerptAround, findingSpan, markRuns } from './marks';

describe('markRuns', () => {
  const text = '一般公共预算财政拨款支出决算数为 1080.02，';
  it('cuts the text at every mark boundary and keeps it whole', () => {
    const runs = markRuns(text, [
      { id: 'c1', kind: 'comment', start: 12, end: 24 },
      { id: 'f1', kind: 'finding-error', start: 17, end: 24 },
    ]);
    expect(runs.map((r) => r.text).join('')).toBe(text);
    expect(runs.map((r) => r.text)).toEqual(['一般公共预算财政拨款支出', '决算数为 ', '1080.02', '，']);
    expect(runs[1].marks.map((m) => m.id)).toEqual(['c1']);
    expect(runs[2].marks.map((m) => m.id).sort()).toEqual(['c1', 'f1']);
    expect(runs[3].marks).toEqual([]);
    expect(runs[2].start).toBe(17);
  });
  it('widens a point mark to one character and clamps marks past the end', () => {
    const runs = markRuns('ab', [
      { id: 'p', kind: 'comment', start: 1, end: 1 },
      { id: 'x', kind: 'finding-info', start: 5, end: 9 },
    ]);
    expect(runs.map((r) => [r.text, r.marks.map((m) => m.id)])).toEqual([
      ['a', []],
      ['b', ['p']],
    ]);
  });
  it('returns one empty run for empty text', () => {
    expect(markRuns('', [])).toEqual([{ text: '', start: 0, marks: [] }]);
  });
});

describe('findingSpan', () => {
  const content = '说明如下：\n本年支出合计 100 万元，其中基本支出 60 万元。';
  it('spans the excerpt when the text at (line, column) matches it', () => {
    expect(findingSpan(content, { line: 2, column: 8, excerpt: '100 万元' })).toEqual({
      start: 13,
      end: 19,
    });
  });
  it('falls back to the rest of the line when the excerpt differs', () => {
    expect(findingSpan(content, { line: 2, column: 20, excerpt: '不在此处' })).toEqual({
      start: 25,
      end: 33,
    });
  });
  it('puts a heading finding (line 0) at the start', () => {
    expect(findingSpan(content, { line: 0, column: 1, excerpt: '' })).toEqual({ start: 0, end: 0 });
  });
});

describe('excerptAround', () => {
  const content = '第一行\n第二行\n决算数为 1080.02，完成预算\n第四行\n第五行';
  it('keeps the lines the span touches and one line either side', () => {
    const start = content.indexOf('1080.02');
    const excerpt = excerptAround(content, start, start + 7);
    expect(excerpt).toEqual({ text: '第二行\n决算数为 1080.02，完成预算\n第四行', offset: 4, clipped: true });
    expect(excerpt.text.slice(start - excerpt.offset, start - excerpt.offset + 7)).toBe('1080.02');
  });
  it('is the whole text when the text is short', () => {
    expect(excerptAround('甲\n乙', 0, 1)).toEqual({ text: '甲\n乙', offset: 0, clipped: false });
  });
});
