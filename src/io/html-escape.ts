// The five characters HTML gives meaning to in text and quoted attribute values, and the line breaks
// that an attribute value must keep (a raw one would be read back as is, but CR LF folds to LF).
const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '\r': '&#13;',
  '\n': '&#10;',
};

// Most titles, names and paths need no escaping: one test is far cheaper than a replace pass.
const TEXT_SPECIAL = /[&<>]/;
const TEXT_SPECIALS = /[&<>]/g;
const ATTRIBUTE_SPECIAL = /[&<>"'\r\n]/;
const ATTRIBUTE_SPECIALS = /[&<>"'\r\n]/g;

const entityOf = (character: string): string => HTML_ENTITIES[character] ?? character;

/**
 * Escapes text for HTML element content (`<h1>…</h1>`), so no text is ever read back as markup. Text
 * that a Markdown renderer will read too, such as a Hexo post's body, wants `escapeHexoHtmlText`.
 */
export function escapeHtmlText(text: string): string {
  return TEXT_SPECIAL.test(text) ? text.replace(TEXT_SPECIALS, entityOf) : text;
}

/**
 * Escapes a value for a double- or single-quoted HTML attribute; line breaks are written as references
 * so the value survives exactly. The result is also valid element content.
 */
export function escapeHtmlAttribute(value: string): string {
  return ATTRIBUTE_SPECIAL.test(value) ? value.replace(ATTRIBUTE_SPECIALS, entityOf) : value;
}
