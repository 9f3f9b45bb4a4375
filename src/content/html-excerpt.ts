import { utf8Prefix, type Utf8Prefix } from '../core/utf8-prefix.js';
import { PARSER_VOID_ELEMENTS } from './tree-rules.js';

const LT = 0x3c;

/** An element open at the cut: its name, and where its start tag begins and ends. */
interface OpenElement {
  name: string;
  start: number;
  end: number;
}

/**
 * Cuts article HTML, as `sanitizeArticleHtml` writes it, to its first `maxBytes` of UTF-8 and
 * closes the elements left open, so the excerpt is well-formed and holds nothing the article did not.
 * It relies on what sanitized output guarantees (every `<` and `>` in text and attribute values is
 * escaped, so each `<` starts a tag that the next `>` ends): the cut falls between tags, or in text
 * between characters and never inside an entity. Elements opened just before the cut, with nothing
 * in them yet, are left out. The end tags come on top of `maxBytes`: a few bytes per open element.
 */
export function cutSanitizedHtml(html: string, maxBytes: number): string {
  // Three bytes per UTF-16 unit at most: a short text needs no counting.
  if (html.length * 3 <= maxBytes || Buffer.byteLength(html) <= maxBytes) return html;
  const open: OpenElement[] = [];
  let bytes = 0;
  let at = 0;
  while (at < html.length) {
    if (html.charCodeAt(at) === LT) {
      const end = html.indexOf('>', at) + 1;
      if (end === 0) break;
      bytes += utf8Length(html, at, end);
      if (bytes > maxBytes) break;
      trackTag(open, html, at, end);
      at = end;
      continue;
    }
    const next = html.indexOf('<', at);
    const stop = next === -1 ? html.length : next;
    const taken = takeText(html, at, stop, maxBytes - bytes);
    bytes += taken.bytes;
    if (taken.end < stop) {
      at = taken.end;
      break;
    }
    at = stop;
  }
  // Drop start tags the cut left empty: `<p><a href="…">` before the cut says nothing.
  let last = open[open.length - 1];
  while (last !== undefined && last.end === at) {
    at = last.start;
    open.pop();
    last = open[open.length - 1];
  }
  let closing = '';
  for (let index = open.length - 1; index >= 0; index--) closing += `</${(open[index] as OpenElement).name}>`;
  return html.slice(0, at) + closing;
}

/** Pushes a start tag's element (void ones excepted), or pops up to the element an end tag closes. */
function trackTag(open: OpenElement[], html: string, start: number, end: number): void {
  const closing = html.charCodeAt(start + 1) === 0x2f;
  const name = /^[A-Za-z][^\s/>]*/.exec(html.slice(start + (closing ? 2 : 1), end))?.[0].toLowerCase();
  if (name === undefined) return;
  if (!closing) {
    if (!PARSER_VOID_ELEMENTS.has(name)) open.push({ name, start, end });
    return;
  }
  let index = open.length - 1;
  while (index >= 0 && (open[index] as OpenElement).name !== name) index--;
  if (index >= 0) open.length = index;
}

/** How much of the text in [start, stop) fits in `budget` bytes, ending before any cut entity. */
function takeText(html: string, start: number, stop: number, budget: number): Utf8Prefix {
  let { end: at, bytes } = utf8Prefix(html, start, stop, budget);
  if (at < stop) {
    const amp = html.lastIndexOf('&', at - 1);
    if (amp >= start && html.lastIndexOf(';', at - 1) < amp) {
      bytes -= utf8Length(html, amp, at);
      at = amp;
    }
  }
  return { end: at, bytes };
}

function utf8Length(html: string, start: number, end: number): number {
  return Buffer.byteLength(html.slice(start, end));
}
