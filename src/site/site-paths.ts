import { hash } from 'node:crypto';
import { foldCase } from '../io/same-file.js';
import { safePathSegment } from '../io/safe-path-segment.js';

/*
 * Site paths are relative to the output root, without a leading slash, and name folders with a
 * trailing slash (`categories/编程/` is written as `categories/编程/index.html`). Pages link to each
 * other relatively, so the same tree works under any base path and in the local preview.
 *
 * Post pages and numbered list pages are files (`posts/ab12.html`, `page/2.html`), not folders:
 * a site holds one per post, and creating a folder costs the file system as much as writing the
 * page; a cold 20,000-post build spent 1.8 s of its 6 s of CPU in mkdir. Static hosts such as
 * GitHub Pages, and `newsmill serve`, also serve them without the `.html`.
 */

/** The path of a post page. */
export function postPath(digest: string): string {
  return `posts/${digest}.html`;
}

/** The digest of the post whose page `file` is, or null when it is no post page. */
export function postDigestOf(file: string): string | null {
  return file.startsWith('posts/') && file.endsWith('.html') && !file.includes('/', 6)
    ? file.slice('posts/'.length, -'.html'.length)
    : null;
}

/** Maps a category (its names from the top level down) to its page's folder path. */
export type CategoryPaths = (names: readonly string[]) => string;

// What a category folder holds besides its subcategories' folders.
const RESERVED_SEGMENTS = new Set(['index.html', 'atom.xml', 'rss.xml', 'feed.json', 'page']);

/**
 * The category folder paths of one site: one segment per level, e.g. `categories/编程/掘金/`. A
 * name becomes a file-safe segment; where that loses what tells names apart (`C++` and `C#` both
 * clean to `C`, `News` and `news` are one folder on Windows and macOS), or the segment is one a
 * category folder already holds (`rss.xml`, `page`), each such name gets a short hash of itself, so
 * distinct categories never share a page.
 */
export function createCategoryPaths(categories: Iterable<readonly string[]>): CategoryPaths {
  // Parent key → case-folded clean segment → the distinct names that clean to it.
  const siblings = new Map<string, Map<string, Set<string>>>();
  for (const names of categories) {
    let parent = '';
    for (const name of names) {
      let bySegment = siblings.get(parent);
      if (!bySegment) siblings.set(parent, (bySegment = new Map()));
      const segment = foldCase(safePathSegment(name, '_'));
      let group = bySegment.get(segment);
      if (!group) bySegment.set(segment, (group = new Set()));
      group.add(name);
      parent += `${name}\u0000`;
    }
  }
  const segmentOf = (parent: string, name: string): string => {
    const segment = safePathSegment(name, '_');
    const shared = (siblings.get(parent)?.get(foldCase(segment))?.size ?? 1) > 1;
    if (!shared && !RESERVED_SEGMENTS.has(segment.toLowerCase())) return segment;
    return `${segment}-${hash('sha256', name, 'hex').slice(0, 6)}`;
  };
  const paths = new Map<string, string>();
  return (names) => {
    const key = names.join('\u0000');
    let result = paths.get(key);
    if (result === undefined) {
      let parent = '';
      const segments = names.map((name) => {
        const segment = segmentOf(parent, name);
        parent += `${name}\u0000`;
        return segment;
      });
      result = `categories/${segments.join('/')}/`;
      paths.set(key, result);
    }
    return result;
  };
}

/** The folder path of a month's archive, e.g. `archives/2021/12/`. */
export function monthPath(month: string): string {
  return `archives/${month.replace('-', '/')}/`;
}

/** The path of page `number` of a list rooted at `base`; null is the list's first (newest) page. */
export function listPagePath(base: string, number: number | null): string {
  return number === null ? base : `${base}page/${number}.html`;
}

/** The file that serves a site path. */
export function fileOfPath(sitePath: string): string {
  return sitePath === '' || sitePath.endsWith('/') ? `${sitePath}index.html` : sitePath;
}

// Encoded path tails, since pages link to the same categories and posts again and again.
const encodedTails = new Map<string, string>();
const MAX_ENCODED_TAILS = 100_000;

/**
 * Makes percent-encoded hrefs from the page at `from` to site paths. The page's folders are worked
 * out once: a list page links to hundreds of posts and categories, and a cold 20,000-post build
 * makes millions of links.
 */
export function relativeLinker(from: string): (to: string) => string {
  const fromEnd = from.lastIndexOf('/') + 1;
  // The page's folders, outermost first, each with every folder above it: `a/`, `a/b/`.
  const folders: string[] = [];
  for (let end = from.indexOf('/'); end !== -1 && end < fromEnd; end = from.indexOf('/', end + 1))
    folders.push(from.slice(0, end + 1));
  const depth = folders.length;
  const ups = Array.from({ length: depth + 1 }, (_, steps) => '../'.repeat(steps));
  return (to) => {
    // Skip the folders both paths share.
    let common = 0;
    while (common < depth && to.startsWith(folders[common] as string)) common++;
    const tail = common === 0 ? to : to.slice((folders[common - 1] as string).length);
    let encoded = SAFE_TAIL.test(tail) ? tail : encodedTails.get(tail);
    if (encoded === undefined) {
      if (encodedTails.size >= MAX_ENCODED_TAILS) encodedTails.clear();
      encoded = tail.split('/').map(encodeURIComponent).join('/');
      encodedTails.set(tail, encoded);
    }
    return (ups[depth - common] as string) + encoded || './';
  };
}

// What encodeURIComponent leaves alone in every segment, plus the slashes between them.
const SAFE_TAIL = /^[\w.\-/~]*$/;

/** The absolute URL of a site path below the configured site URL. */
export function absoluteUrl(siteUrl: string, sitePath: string): string {
  const base = siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
  // Post and page paths are plain ASCII; only category and month names need encoding.
  if (URL_SAFE_PATH.test(sitePath)) return base + sitePath;
  return base + sitePath.split('/').map(encodeURIComponent).join('/');
}

const URL_SAFE_PATH = /^[\w.\-/]*$/;
