const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const HTML_SPECIAL = /[&<>"']/;

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  // Most titles, names and paths need no escaping; testing is far cheaper than replacing.
  if (!HTML_SPECIAL.test(text)) return text;
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

// XML 1.0 §2.2: these code points may not appear in a document at all, not even escaped.
const INVALID_XML_CHARACTERS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

// Anything escapeXml may have to change; surrogates included, though pairs are allowed, so that
// one test clears the common case.
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const XML_SPECIAL = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Escapes text for XML content and attributes, dropping characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  if (!XML_SPECIAL.test(text)) return text;
  return escapeHtml(text.replace(INVALID_XML_CHARACTERS, ''));
}

// The same as INVALID_XML_CHARACTERS, for testing whether there is anything to drop.
const INVALID_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * Text as one or more CDATA sections, for markup-heavy text such as an article's HTML in a feed:
 * it is the same text to an XML reader as escaped content, but needs no escaping pass and is
 * smaller. A `]]>` inside is split across two sections; forbidden characters are dropped.
 */
export function cdataXml(text: string): string {
  const allowed = INVALID_XML_CHARACTER.test(text) ? text.replace(INVALID_XML_CHARACTERS, '') : text;
  return `<![CDATA[${allowed.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}
