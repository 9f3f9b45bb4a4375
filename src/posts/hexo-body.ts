import { escapeHexoBraces } from '../io/hexo-escape.js';

/**
 * Makes article HTML inert for Hexo's render passes. Braces become entities (Nunjucks), and so do
 * backticks and tildes: Hexo's backtick_code_block filter turns a ``` or ~~~ fence at any line start,
 * even inside raw HTML, into a highlighted block that escapes the text a second time. Browsers show
 * `&#96;` and `&#126;` exactly like the characters themselves.
 */
export function escapeHexoBody(html: string): string {
  return escapeHexoBraces(html).replaceAll('`', '&#96;').replaceAll('~', '&#126;');
}
