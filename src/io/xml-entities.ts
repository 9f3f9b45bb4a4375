import { decodeHTMLStrict } from 'entities';

// Longest HTML entity name is 31 characters plus "&" and ";".
const MAX_REFERENCE = 40;

/** Entities a document declared itself (parse/xml-doctype.ts reads them), looked up by name. */
export interface EntityResolver {
  /** The replacement text of a declared entity, or null to leave the reference as written. */
  resolve(name: string): string | null;
  /** The length of the longest declared name. */
  readonly longestName: number;
}

/**
 * Decodes XML character references, the entities the document declared (`declared`), and the HTML
 * named entities that feeds use undeclared (`&nbsp;`, `&mdash;`). Escaped HTML bodies are mostly
 * `&lt;`, `&gt;`, `&amp;` and `&quot;`, so those are decoded inline and only the rest go to the
 * `entities` trie, which keeps this about twice as fast as decoding every reference through it. A
 * reference without its ";" stays as written.
 */
export function decodeXmlText(raw: string, declared: EntityResolver | null = null): string {
  let at = raw.indexOf('&');
  if (at === -1) return raw;
  let out = '';
  let last = 0;
  while (at !== -1) {
    let replacement: string | null = null;
    let length = 1;
    const next = raw.charCodeAt(at + 1);
    if (
      (next === 0x6c || next === 0x67) &&
      raw.charCodeAt(at + 2) === 0x74 &&
      raw.charCodeAt(at + 3) === 0x3b
    ) {
      replacement = next === 0x6c ? '<' : '>';
      length = 4;
    } else if (next === 0x61 && raw.startsWith('amp;', at + 1)) {
      replacement = '&';
      length = 5;
    } else if (next === 0x71 && raw.startsWith('quot;', at + 1)) {
      replacement = '"';
      length = 6;
    } else {
      // Only as far as a reference can reach: searching the whole rest of the text for each bare
      // "&" made a large body of "a=1&b=2" quadratic (3.2 MB took 6 s).
      let semicolon = -1;
      const reach = declared === null ? MAX_REFERENCE : Math.max(MAX_REFERENCE, declared.longestName + 2);
      const end = Math.min(raw.length, at + reach);
      for (let i = at + 1; i < end; i++)
        if (raw.charCodeAt(i) === 0x3b) {
          semicolon = i;
          break;
        }
      if (semicolon !== -1) {
        const reference = raw.slice(at, semicolon + 1);
        const own = declared === null || next === 0x23 ? null : declared.resolve(reference.slice(1, -1));
        const decoded = own ?? decodeHTMLStrict(reference);
        if (decoded !== reference) {
          replacement = decoded;
          length = reference.length;
        }
      }
    }
    if (replacement !== null) {
      out += raw.slice(last, at) + replacement;
      last = at + length;
    }
    at = raw.indexOf('&', at + length);
  }
  return last === 0 ? raw : out + raw.slice(last);
}
