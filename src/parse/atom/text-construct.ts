import { collapseText, htmlToPlainText, nonEmptyHtml, textToHtml } from '../plain-text.js';
import type { XmlElement } from '../xml-node.js';
import { childElement, htmlSource, innerHtml, textContent } from '../xml-node.js';

type TextKind = 'text' | 'html' | 'xhtml';

/**
 * How an Atom text construct or content element is encoded (RFC 4287 §3.1, §4.1.3; Atom 0.3
 * `mode`), or null for base64 or binary media, which carry no readable text.
 */
function kindOf(element: XmlElement): TextKind | null {
  const type = (element.attrs.type ?? 'text').trim().toLowerCase();
  const mode = element.attrs.mode?.trim().toLowerCase();
  if (mode === 'base64') return null;
  if (type === 'html' || type === 'text/html') return 'html';
  if (type === 'xhtml' || type === 'application/xhtml+xml') return mode === 'escaped' ? 'html' : 'xhtml';
  if (type === 'text' || type.startsWith('text/')) return 'text';
  if (type.endsWith('+xml') || type.endsWith('/xml')) return mode === 'escaped' ? 'html' : 'xhtml';
  return null;
}

/** An Atom text construct as plain text (titles, subtitles); null when empty. */
export function atomPlainText(element: XmlElement | null): string | null {
  if (element === null) return null;
  const kind = kindOf(element);
  // type="text" is literal by definition (RFC 4287 §3.1.1.1): no tag stripping, no second decode.
  if (kind === 'text' || kind === 'xhtml') return collapseText(textContent(element));
  return kind === 'html' ? htmlToPlainText(htmlSource(element)) : null;
}

/** An Atom text construct or `content` as HTML; text is escaped into paragraphs. Null when empty or out of line. */
export function atomHtml(element: XmlElement | null): string | null {
  if (element === null || element.attrs.src !== undefined) return null;
  switch (kindOf(element)) {
    case 'html':
      return nonEmptyHtml(htmlSource(element));
    case 'xhtml': {
      // RFC 4287 §3.1.1.3: the content is a single xhtml:div, which is not part of the content.
      const div = childElement(element, 'xhtml:div') ?? childElement(element, 'div');
      return nonEmptyHtml(innerHtml(div ?? element, true));
    }
    case 'text':
      return textToHtml(textContent(element));
    default:
      return null;
  }
}
