import { OutputError } from '../core/errors.js';
import { escapeHexoBody } from './hexo-body.js';
import { plainOrQuoted, singleQuoted } from './yaml-scalar.js';

/** Everything a Hexo post file shows. */
export interface HexoPost {
  title: string;
  categories: readonly [string, string, string];
  cover: string;
  author: string;
  /** Publication instant, ISO 8601. */
  date: string;
  /** Sanitized article HTML; braces are escaped here, not before. */
  html: string;
}

/** Formats an instant as the RFC 1123 GMT string the ancestor's posts carry (`Thu, 16 Dec 2021 03:28:08 GMT`). */
export function formatPostDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new OutputError(`not a date: ${iso}`);
  return date.toUTCString();
}

/**
 * Renders a post byte for byte in the ancestor's layout (shared FORMAT.md): a leading blank line,
 * front matter, then the body inside `<div>` with the same padding. Only the body is escaped for Hexo.
 */
export function renderHexoPost(post: HexoPost): string {
  const cover = singleQuoted(post.cover);
  const lines = [
    '',
    '---',
    `title: ${singleQuoted(post.title)}`,
    'categories: ',
    ...post.categories.map((name) => ` - ${plainOrQuoted(name)}`),
    `headimg: ${cover}`,
    `author: ${plainOrQuoted(post.author)}`,
    'comments: false',
    `date: ${formatPostDate(post.date)}`,
    `thumbnail: ${cover}`,
    '---',
    '',
    '<div>   ',
    `${escapeHexoBody(post.html)}  `,
    '</div>',
    '            ',
  ];
  return lines.join('\n');
}
