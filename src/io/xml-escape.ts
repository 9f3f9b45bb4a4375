// XML 1.0 §2.2: the Char production. Other code points (C0 controls but tab, LF and CR; lone
// surrogates; U+FFFE and U+FFFF) may not appear in a document at all, not even as character
// references (§4.1, well-formedness constraint "Legal Character"), so `&#x1b;` is no way out:
// they are dropped.
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const FORBIDDEN_ONE = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

// Anything an escaper may have to change; surrogates included, though pairs are allowed, so that one
// test clears the common case (a title or URL with nothing to escape).
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const TEXT_SPECIAL = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
// eslint-disable-next-line no-control-regex -- as TEXT_SPECIAL
const ATTRIBUTE_SPECIAL = /[&<>"'\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

// §3.3.3 normalizes raw tab, LF and CR in an attribute value to spaces, and §2.11 any raw CR to LF, so
// they are written as character references to read back the same; `>` is escaped in text too, where
// `]]>` may not stand.
const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

const entityOf = (character: string): string => XML_ENTITIES[character] ?? character;

/** Escapes text for XML element content, dropping the characters XML 1.0 forbids. */
export function escapeXmlText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  return text.replace(FORBIDDEN, '').replace(/[&<>\r]/g, entityOf);
}

/** Escapes a value for a double- or single-quoted XML attribute, dropping what XML 1.0 forbids. */
export function escapeXmlAttribute(value: string): string {
  if (!ATTRIBUTE_SPECIAL.test(value)) return value;
  return value.replace(FORBIDDEN, '').replace(/[&<>"'\t\n\r]/g, entityOf);
}

/**
 * Text as one or more CDATA sections, for markup-heavy text such as an article's HTML in a feed: it
 * is the same text to an XML reader as escaped content, but needs no escaping pass and is smaller. A
 * `]]>` inside is split across two sections; forbidden characters are dropped.
 */
export function wrapXmlCdata(text: string): string {
  const allowed = FORBIDDEN_ONE.test(text) ? text.replace(FORBIDDEN, '') : text;
  return `<![CDATA[${allowed.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}
