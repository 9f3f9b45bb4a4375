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
