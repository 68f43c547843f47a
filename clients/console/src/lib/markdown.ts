// CommonMark preview for the section editor. Raw HTML in the text is shown
// as text, never run (html: false), and links cannot use javascript: URLs.
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

export function renderMarkdown(text: string): string {
  return md.render(text);
}
