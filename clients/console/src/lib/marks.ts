// Splits a section's text into runs so that findings and comments can be
// highlighted at their spans (code points) without changing the text: the
// runs concatenate back to exactly the input.
import { codePointLength, offsetOf, sliceCodePoints } from './text';

export interface Mark {
  id: string;
  kind: 'finding-error' | 'finding-warning' | 'finding-info' | 'comment' | 'selected';
  start: number; // code points, inclusive
  end: number; // code points, exclusive
}

export interface Run {
  text: string;
  start: number; // code points
  marks: Mark[];
}

/** Runs of `text` with the marks covering each; zero-length marks widen to one character. */
export function markRuns(text: string, marks: Mark[]): Run[] {
  const length = codePointLength(text);
  const spans = marks
    .map((m) => {
      const start = Math.max(0, Math.min(m.start, length));
      let end = Math.max(start, Math.min(m.end, length));
      if (end === start && start < length) end = start + 1;
      return { ...m, start, end };
    })
    .filter((m) => m.end > m.start);
  const cuts = new Set<number>([0, length]);
  for (const m of spans) {
    cuts.add(m.start);
    cuts.add(m.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: Run[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i], points[i + 1]];
    runs.push({
      text: sliceCodePoints(text, start, end),
      start,
      marks: spans.filter((m) => m.start <= start && m.end >= end),
    });
  }
  if (runs.length === 0) runs.push({ text: '', start: 0, marks: [] });
  return runs;
}

/**
 * Where a machine-check finding sits in its section's `content`: from its
 * (line, column), as long as its excerpt when the text there matches it, else
 * to the end of that line. Line 0 (the heading) maps to the text's start.
 */
export function findingSpan(
  content: string,
  finding: { line: number; column: number; excerpt: string },
): { start: number; end: number } {
  if (finding.line <= 0) return { start: 0, end: 0 };
  const start = offsetOf(content, finding.line, Math.max(finding.column, 1));
  const excerpt = finding.excerpt ?? '';
  const lines = content.split('\n');
  const lineEnd = offsetOf(content, finding.line, codePointLength(lines[finding.line - 1] ?? '') + 1);
  if (excerpt && sliceCodePoints(content, start, start + codePointLength(excerpt)) === excerpt) {
    return { start, end: start + codePointLength(excerpt) };
  }
  return { start, end: Math.max(lineEnd, start) };
}

/**
 * The lines of `content` around code points [start, end) — the lines the
 * span touches plus `context` lines either side — and where that excerpt
 * starts (code points), so a comment can be shown at its place without the
 * whole section.
 */
export function excerptAround(
  content: string,
  start: number,
  end: number,
  context = 1,
): { text: string; offset: number; clipped: boolean } {
  const lines = content.split('\n');
  const starts: number[] = [];
  let at = 0;
  for (const line of lines) {
    starts.push(at);
    at += codePointLength(line) + 1;
  }
  const lineOf = (cp: number) => {
    let i = 0;
    while (i + 1 < starts.length && starts[i + 1] <= cp) i++;
    return i;
  };
  const first = Math.max(0, lineOf(start) - context);
  const last = Math.min(lines.length - 1, lineOf(Math.max(start, end - 1)) + context);
  return {
    text: lines.slice(first, last + 1).join('\n'),
    offset: starts[first],
    clipped: first > 0 || last < lines.length - 1,
  };
}
