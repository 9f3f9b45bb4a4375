/**
 * Writes every brace in a post body as an HTML entity. Hexo runs post bodies through Nunjucks, which
 * breaks on `{{`, `{%` and `{#` in code samples; entities pass through it and still display as braces.
 */
export function escapeHexoBraces(html: string): string {
  return html.replaceAll('{', '&#123;').replaceAll('}', '&#125;');
}
