import { collapseText, htmlToPlainText, isBlockElement, isHiddenElement } from '../../core/plain-text.js';
import { nonEmptyHtml, textToHtml } from '../text-html.js';
import type { XmlElement } from '../xml-node.js';
import { childElement, childElements, htmlSource, innerHtml, textContent } from '../xml-node.js';

type TextKind = 'text' | 'html' | 'xhtml';

/**
 * How an Atom text construct or content element is encoded (RFC 4287 §3.1, §4.1.3; Atom 0.3
 * `mode`), or null for binary media, which carry no readable text.
 */
function kindOf(element: XmlElement): TextKind | null {
  const type = (element.attrs.type ?? 'text').trim().toLowerCase();
  const mode = element.attrs.mode?.trim().toLowerCase();
  if (type === 'html' || type === 'text/html') return 'html';
  if (type === 'xhtml' || type === 'application/xhtml+xml') return mode === 'escaped' ? 'html' : 'xhtml';
  if (type === 'text' || type.startsWith('text/')) return 'text';
  if (type.endsWith('+xml') || type.endsWith('/xml')) return mode === 'escaped' ? 'html' : 'xhtml';
  return null;
}

// RFC 4648 §4 alphabet, padding optional; whitespace (line breaks every 76 characters) is removed first.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });
const WINDOWS_1252 = new TextDecoder('windows-1252');

/**
 * Atom 0.3 `mode="base64"`: the element's text is base64 of the real content. Null when the mode
 * is another one, or when the text is not base64 after all: then it is read as written, as
 * feedparser does. The bytes are UTF-8, or else (nothing declares their charset) windows-1252, the
 * Latin-1 superset that decodes any byte.
 */
function base64Text(element: XmlElement): string | null {
  if (element.attrs.mode?.trim().toLowerCase() !== 'base64') return null;
  const compact = textContent(element).replace(/\s+/g, '');
  if (compact.length % 4 === 1 || !BASE64.test(compact)) return null;
  const bytes = Buffer.from(compact, 'base64');
  try {
    return UTF8.decode(bytes);
  } catch {
    return WINDOWS_1252.decode(bytes);
  }
}

/**
 * The media type of inline binary content, else null: RFC 4287 §4.1.3.3 makes any type that is
 * neither text nor XML base64 data (an image, a PDF). It has no text to publish, and a `data:` URL
 * of it would put unchecked bytes of any size in the page, so it is left out on purpose.
 */
export function inlineBinaryType(element: XmlElement | null): string | null {
  if (element === null || element.attrs.src !== undefined || kindOf(element) !== null) return null;
  const type = element.attrs.type?.trim().toLowerCase() ?? '';
  return type === 'multipart/alternative' ? null : type;
}

/** An Atom text construct as plain text (titles, subtitles); null when empty. */
export function atomPlainText(element: XmlElement | null): string | null {
  if (element === null) return null;
  const kind = kindOf(element);
  const decoded = base64Text(element);
  if (decoded !== null) return kind === 'text' ? collapseText(decoded) : htmlToPlainText(decoded);
  // type="text" is literal by definition (RFC 4287 §3.1.1.1): no tag stripping, no second decode.
  if (kind === 'text') return collapseText(textContent(element));
  if (kind === 'xhtml') return collapseText(visibleText(element, []).join(''));
  return kind === 'html' ? htmlToPlainText(htmlSource(element)) : null;
}

/** The text an XHTML construct shows: hidden elements (scripts, styles) give none, blocks separate words. */
function visibleText(element: XmlElement, parts: string[]): string[] {
  for (const child of element.children) {
    if (typeof child === 'string') {
      parts.push(child);
      continue;
    }
    const name = child.name.slice(child.name.indexOf(':') + 1);
    if (isHiddenElement(name)) continue;
    const gap = isBlockElement(name) ? ' ' : '';
    parts.push(gap);
    visibleText(child, parts).push(gap);
  }
  return parts;
}

/** An Atom text construct or `content` as HTML; text is escaped into paragraphs. Null when empty or out of line. */
export function atomHtml(element: XmlElement | null): string | null {
  if (element === null || element.attrs.src !== undefined) return null;
  if (element.attrs.type?.trim().toLowerCase() === 'multipart/alternative') return alternativePart(element);
  const kind = kindOf(element);
  const decoded = base64Text(element);
  if (decoded !== null)
    return kind === 'text' ? textToHtml(decoded) : kind === null ? null : nonEmptyHtml(decoded);
  switch (kind) {
    case 'html':
      return nonEmptyHtml(htmlSource(element));
    case 'xhtml': {
      // RFC 4287 §3.1.1.3: the content is a single xhtml:div, which is not part of the content.
      const div = childElement(element, 'xhtml:div') ?? onlyDiv(element);
      return nonEmptyHtml(innerHtml(div ?? element, true));
    }
    case 'text':
      return textToHtml(textContent(element));
    default:
      return null;
  }
}

/** A wrapping `<div>` written without the XHTML namespace, when it is the only element child. */
function onlyDiv(element: XmlElement): XmlElement | null {
  const elements = element.children.filter((child) => typeof child !== 'string');
  const [first] = elements;
  return elements.length === 1 && first !== undefined && first.name === 'div' ? first : null;
}

/** Atom 0.3 `multipart/alternative` content holds one `content` per type: the HTML one wins. */
function alternativePart(element: XmlElement): string | null {
  const parts = childElements(element, 'content');
  const html = parts.find((part) => kindOf(part) === 'html' || kindOf(part) === 'xhtml');
  return atomHtml(html ?? parts[0] ?? null);
}
