/**
 * Writes every brace in a post body as an HTML entity. Hexo runs post bodies through Nunjucks, which
 * breaks on `{{`, `{%` and `{#` in code samples; entities pass through it and still display as braces.
 */
export function escapeHexoBraces(html: string): string {
  // Jumping from brace to brace with indexOf is about twice as fast as two replaceAll passes.
  let open = html.indexOf('{');
  let close = html.indexOf('}');
  if (open === -1 && close === -1) return html;
  let out = '';
  let last = 0;
  while (open !== -1 || close !== -1) {
    if (close === -1 || (open !== -1 && open < close)) {
      out += `${html.slice(last, open)}&#123;`;
      last = open + 1;
      open = html.indexOf('{', last);
    } else {
      out += `${html.slice(last, close)}&#125;`;
      last = close + 1;
      close = html.indexOf('}', last);
    }
  }
  return out + html.slice(last);
}

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
 * Escapes decoded text for element content of HTML that Hexo's Markdown renderer reads (a post body),
 * so no text can ever be read back as markup. Newlines are normalized to LF. A blank line inside the
 * post body would end Hexo's (CommonMark) HTML block and hand the rest of the article to the Markdown
 * renderer, where `[x](javascript:…)` becomes a live link, so the first newline of every blank run is
 * written as `&#10;`: each line stays non-blank while the browser still sees the same text. One pass,
 * and no copy at all for text with nothing to escape.
 */
export function escapeHexoHtmlText(text: string): string {
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
