import { decodeHTML } from 'entities';
import { escapeHtmlText } from './xml-node.js';

// Real tags and comments only: a bare "<" as in "a < b" is text, not markup.
const TAG_PATTERN = /<!--[\s\S]*?-->|<\/?[A-Za-z][^<>]*>/g;
// Block-level tags separate words; inline ones (`<b>`, `<span>`) must not split them.
const BLOCK_TAG = /^<\/?(?:br|p|div|li|h[1-6]|hr|tr|td|th|blockquote)\b/i;

const NEEDS_COLLAPSE = /^\s|\s$|\s\s|[^\S ]/;

/** Collapses whitespace runs to single spaces and trims; null when nothing is left. */
export function collapseText(value: string | null | undefined): string | null {
  if (value == null) return null;
  // Most labels and ids are already clean; testing is far cheaper than replacing.
  if (value !== '' && !NEEDS_COLLAPSE.test(value)) return value;
  const collapsed = value.replace(/\s+/g, ' ').trim();
  return collapsed === '' ? null : collapsed;
}

/**
 * Turns an HTML-ish string (an RSS title, an Atom `type="html"` title) into plain text: strips
 * tags, decodes entities a second time because feeds routinely double-escape (`&amp;amp;`), and
 * collapses whitespace; null when empty.
 */
export function htmlToPlainText(value: string | null | undefined): string | null {
  if (value == null) return null;
  let text = value.includes('<')
    ? value.replace(TAG_PATTERN, (tag) => (BLOCK_TAG.test(tag) ? ' ' : ''))
    : value;
  if (text.includes('&')) text = decodeHTML(text);
  return collapseText(text);
}

/** Returns trimmed HTML, or null when it is empty or only whitespace. */
export function nonEmptyHtml(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** Turns plain text into HTML paragraphs: blank lines separate paragraphs, single newlines become `<br>`. */
export function textToHtml(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  return trimmed
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => `<p>${escapeHtmlText(paragraph.trim()).replace(/\r?\n/g, '<br>')}</p>`)
    .join('');
}
