import { decodeHTML } from 'entities';
import { escapeHtmlText } from './xml-node.js';

// Comments and tag-shaped text; only tags of HTML elements are markup, so "a < b", "Vec<T>" and
// "List<String>" in a title stay text.
const TAG_PATTERN = /<!--[\s\S]*?-->|<\/?([A-Za-z][A-Za-z0-9]*)(?:[\s/][^<>]*)?>/g;
const HTML_ELEMENTS = new Set(
  (
    'a abbr acronym address area article aside audio b base bdi bdo big blink blockquote body br button ' +
    'canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl dt em ' +
    'embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup ' +
    'hr html i iframe img input ins kbd label legend li link main map mark marquee math menu meta meter nav ' +
    'nobr noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script ' +
    'section select small source span strike strong style sub summary sup svg table tbody td template ' +
    'textarea tfoot th thead time title tr track tt u ul var video wbr'
  ).split(' '),
);
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
    ? value.replace(TAG_PATTERN, (tag, name?: string) => {
        if (name !== undefined && !HTML_ELEMENTS.has(name.toLowerCase())) return tag;
        return BLOCK_TAG.test(tag) ? ' ' : '';
      })
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
