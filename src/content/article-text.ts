import { htmlToPlainText } from '../core/plain-text.js';

/**
 * The longest plain text kept per article: the search index's share of it, and more than any
 * excerpt or snippet shows.
 */
export const ARTICLE_TEXT_LIMIT = 1_000;

const NON_TEXT_ELEMENTS = /<(script|style|noscript|template|textarea)\b[\s\S]*?<\/\1\s*>/gi;

/**
 * An article's plain text (for excerpts and search), cut to `limit` characters: the text of its
 * raw content, or of its summary when it has none.
 */
export function articlePlainText(
  item: { content: string | null; summary: string | null },
  limit = ARTICLE_TEXT_LIMIT,
): string {
  const html = item.content ?? item.summary ?? '';
  const text = htmlToPlainText(html.replace(NON_TEXT_ELEMENTS, ' ')) ?? '';
  return text.length > limit ? text.slice(0, limit) : text;
}
