import { hash } from 'node:crypto';
import { identityDigest } from '../core/item-identity.js';
import { publicationDate } from '../core/publication-date.js';
import { htmlToPlainText } from '../core/plain-text.js';
import type { ItemHeader, SourceRecord } from '../store/store.js';
import { postPath } from './site-paths.js';

/** One stored item as the site sees it: where it lives, when and under which categories. */
export interface SitePost {
  /** The item without its body; `PostContent` loads bodies for the files a build renders. */
  item: ItemHeader;
  /** Short stable digest of source and identity; names the post's folder. */
  digest: string;
  /** Site path of the post page. */
  path: string;
  title: string;
  /** Publication instant, ISO 8601 UTC (the first-seen time when the feed gave none). */
  date: string;
  /** `[top category, source, channel]` of the item's source. */
  categories: readonly [string, string, string];
  /** The source's configured author, else the source name (as in the Hexo posts). */
  author: string;
  /** Changes whenever anything the post's own output depends on changes. */
  fingerprint: string;
}

/** A source's `[top category, source, channel]`, one array per source, for every source key. */
export type SourceCategories = (sourceKey: string) => readonly [string, string, string];

/** The categories of each source, with a stand-in for a key no source has. */
export function sourceCategories(sources: readonly SourceRecord[]): SourceCategories {
  const categoriesOf = new Map<string, readonly [string, string, string]>();
  for (const source of sources) {
    const [top = '_', name = source.key, channel = '_'] = source.categories;
    categoriesOf.set(source.key, [top, name, channel]);
  }
  return (sourceKey) => {
    let categories = categoriesOf.get(sourceKey);
    if (!categories) categoriesOf.set(sourceKey, (categories = ['_', sourceKey, '_']));
    return categories;
  };
}

/**
 * Turns stored items (in store order) into site posts, newest first, keeping store order for equal
 * dates. `folderOf` names the folder of a post's categories, which its pages link to.
 */
export function createSitePosts(
  items: readonly ItemHeader[],
  sources: readonly SourceRecord[] | SourceCategories,
  authors: ReadonlyMap<string, string>,
  folderOf: (categories: readonly string[]) => string = () => '',
): SitePost[] {
  const categoriesOf = typeof sources === 'function' ? sources : sourceCategories(sources);
  // What a post's pages show of its source, hashed once per source rather than once per post. The
  // folder is there because a new category can move another's (names that clean alike get hashes).
  const sourceTokens = new Map<string, string>();
  const sourceToken = (sourceKey: string, categories: readonly string[], author: string): string => {
    let token = sourceTokens.get(sourceKey);
    if (token === undefined) {
      const shown = [sourceKey, categories, author, folderOf(categories)];
      token = hash('sha1', JSON.stringify(shown), 'base64url').slice(0, 8);
      sourceTokens.set(sourceKey, token);
    }
    return token;
  };
  const posts = items.map((item): SitePost => {
    const categories = categoriesOf(item.sourceKey);
    const date = publicationDate(item);
    const title = item.title ?? item.link ?? 'Untitled';
    const author = authors.get(item.sourceKey) ?? categories[1];
    const digest = identityDigest(item.sourceKey, item.identity, 12);
    // The store moves changedAt on every change of the item (title and dates included), so with
    // the source's token and the digest (which item) it stands for all the post shows; items saved
    // in one run share a changedAt, hence the digest.
    const changed = Date.parse(item.changedAt);
    const fingerprint = `${sourceToken(item.sourceKey, categories, author)}${digest}${Number.isNaN(changed) ? item.changedAt : changed.toString(36)}`;
    return { item, digest, path: postPath(digest), title, date, categories, author, fingerprint };
  });
  // Newest first. Posts of one date keep the store's order, which is the order their feed listed
  // them in (undated items of one fetch share their first-seen time): a stable sort, no tie-break.
  return posts.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

const NON_TEXT_ELEMENTS = /<(script|style|noscript|template|textarea)\b[\s\S]*?<\/\1\s*>/gi;

/** An article's plain text (for excerpts and search), cut to `limit` characters. */
export function articlePlainText(
  item: { content: string | null; summary: string | null },
  limit: number,
): string {
  const html = item.content ?? item.summary ?? '';
  const text = htmlToPlainText(html.replace(NON_TEXT_ELEMENTS, ' ')) ?? '';
  return text.length > limit ? text.slice(0, limit) : text;
}

/** Whether a URL may be linked as the original article: only absolute http(s). */
export function isWebLink(url: string | null): url is string {
  return url !== null && /^https?:\/\/[^\s]+$/i.test(url);
}
