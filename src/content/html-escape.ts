// A blank line inside the post body would end Hexo's (CommonMark) HTML block and hand the rest of the
// article to the Markdown renderer, where `[x](javascript:…)` becomes a live link. Escaping the first
// newline of every blank run keeps each line non-blank while the browser still sees the same text.
const BLANK_LINE = /\n(?=[\t\f ]*\n)/g;
const TEXT_SPECIAL = /[&<>\r]/;
const ATTRIBUTE_SPECIAL = /[&<>"'\r\n]/;
const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ATTRIBUTE_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '\r': '&#13;',
  '\n': '&#10;',
};

/** Escapes decoded text for element content, so no text can ever be read back as markup. */
export function escapeHtmlText(text: string): string {
  let out = TEXT_SPECIAL.test(text)
    ? text.replace(/\r\n?/g, '\n').replace(/[&<>]/g, (c) => TEXT_ENTITIES[c] ?? c)
    : text;
  if (out.includes('\n')) out = out.replace(BLANK_LINE, '&#10;');
  return out;
}

/** Escapes a decoded attribute value for a double-quoted attribute, newlines included. */
export function escapeHtmlAttribute(value: string): string {
  return ATTRIBUTE_SPECIAL.test(value)
    ? value.replace(/[&<>"'\r\n]/g, (c) => ATTRIBUTE_ENTITIES[c] ?? c)
    : value;
}

function isHtmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}

/** Removes leading HTML whitespace (space, tab, LF, FF, CR; not U+00A0, which is content). */
export function trimHtmlSpaceStart(text: string): string {
  let start = 0;
  while (start < text.length && isHtmlSpace(text.charCodeAt(start))) start++;
  return start === 0 ? text : text.slice(start);
}

/** Removes trailing HTML whitespace. */
export function trimHtmlSpaceEnd(text: string): string {
  let end = text.length;
  while (end > 0 && isHtmlSpace(text.charCodeAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}
