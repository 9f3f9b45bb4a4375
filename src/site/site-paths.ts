import { safePathSegment } from '../posts/post-path.js';

/*
 * Site paths are relative to the output root, without a leading slash, and name folders with a
 * trailing slash (`posts/ab12/` is written as `posts/ab12/index.html`). Pages link to each other
 * relatively, so the same tree works under any base path and in the local preview.
 */

/** The folder path of a post page. */
export function postPath(digest: string): string {
  return `posts/${digest}/`;
}

/** The folder path of a category page: one segment per level, e.g. `categories/编程/掘金/`. */
export function categoryPath(names: readonly string[]): string {
  return `categories/${names.map((name) => safePathSegment(name, '_')).join('/')}/`;
}

/** The folder path of a month's archive, e.g. `archives/2021/12/`. */
export function monthPath(month: string): string {
  return `archives/${month.replace('-', '/')}/`;
}

/** The path of page `number` of a list rooted at `base`; null is the list's first (newest) page. */
export function listPagePath(base: string, number: number | null): string {
  return number === null ? base : `${base}page/${number}/`;
}

/** The file that serves a site path. */
export function fileOfPath(sitePath: string): string {
  return sitePath === '' || sitePath.endsWith('/') ? `${sitePath}index.html` : sitePath;
}

/** A percent-encoded href from the page at `from` to the site path `to`. */
export function relativeHref(from: string, to: string): string {
  const fromDir = from.slice(0, from.lastIndexOf('/') + 1);
  const depth = fromDir === '' ? 0 : fromDir.split('/').length - 1;
  let common = 0;
  const fromParts = fromDir.split('/').slice(0, depth);
  const toParts = to.split('/');
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common])
    common++;
  const up = '../'.repeat(depth - common);
  const rest = toParts.slice(common).map(encodeURIComponent).join('/');
  return up + rest || './';
}

/** The absolute URL of a site path below the configured site URL. */
export function absoluteUrl(siteUrl: string, sitePath: string): string {
  const base = siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
  return base + sitePath.split('/').map(encodeURIComponent).join('/');
}
