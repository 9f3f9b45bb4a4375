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

/** Escapes text for XML content and attributes, dropping characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return escapeHtml(text.replace(INVALID_XML_CHARACTERS, ''));
}
