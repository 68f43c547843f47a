import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('renders CommonMark headings and lists', () => {
    expect(renderMarkdown('## 一、收入\n\n- 财政拨款')).toBe('<h2>一、收入</h2>\n<ul>\n<li>财政拨款</li>\n</ul>\n');
  });
  it('shows raw HTML as text and refuses javascript: links', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n[点我](javascript:alert(1))');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('href="javascript:');
  });
});
