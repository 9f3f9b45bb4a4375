const AMP = 0x26;
const LT = 0x3c;
const GT = 0x3e;
const LF = 0x0a;
const CR = 0x0d;

/** Whether a newline follows at `from`, after nothing but tabs, form feeds and spaces. */
function blankLineFollows(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return true;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0c) return false;
  }
  return false;
}

/**
 * Escapes decoded text for element content, so no text can ever be read back as markup. Newlines are
 * normalized to LF. A blank line inside the post body would end Hexo's (CommonMark) HTML block and hand
 * the rest of the article to the Markdown renderer, where `[x](javascript:…)` becomes a live link, so
 * the first newline of every blank run is written as `&#10;`: each line stays non-blank while the
 * browser still sees the same text. One pass, and no copy at all for text with nothing to escape.
 */
export function escapeHtmlText(text: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > GT || (c !== AMP && c !== LT && c !== GT && c !== LF && c !== CR)) continue;
    let replacement: string;
    let next = i + 1;
    if (c === AMP) replacement = '&amp;';
    else if (c === LT) replacement = '&lt;';
    else if (c === GT) replacement = '&gt;';
    else {
      if (c === CR && text.charCodeAt(next) === LF) next++;
      if (c === LF && !blankLineFollows(text, next)) continue;
      replacement = blankLineFollows(text, next) ? '&#10;' : '\n';
    }
    out += text.slice(last, i) + replacement;
    last = next;
    i = next - 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

const ATTRIBUTE_SPECIAL = /[&<>"'\r\n]/;
const ATTRIBUTE_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '\r': '&#13;',
  '\n': '&#10;',
};

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
