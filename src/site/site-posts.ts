import { hash } from 'node:crypto';
import { identityDigest } from '../core/item-identity.js';
import { feedDate, publicationDate } from '../core/publication-date.js';
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
  /**
   * Publication instant, ISO 8601 UTC. An item its feed gave no date has the date of a dated
   * neighbour in the same fetch (`undatedDates`), or, with none, its first-seen time.
   */
  date: string;
  /** False when neither the item nor any neighbour of its fetch had a date: pages say so. */
  dateKnown: boolean;
  /** `[top category, source, channel]` of the item's source. */
  categories: readonly [string, string, string];
  /** The source's configured author, else the source name (as in the Hexo posts). */
  author: string;
  /** Changes whenever anything the post's own output depends on changes. */
  fingerprint: string;
  /**
   * The other sources that carried the same story (`mergeStories`), whose items the site does not
   * show: their names and their links to it. Absent when no other source did.
   */
  alsoIn?: readonly StoryCopy[];
}

/**
 * The key of a post's page: the post's fingerprint, then those of the newer and the older post it
 * links to, so that a page is rendered again when a neighbour changes or another takes its place.
 */
export function postPageKey(
  post: Pick<SitePost, 'fingerprint'>,
  newer: Pick<SitePost, 'fingerprint'> | undefined,
  older: Pick<SitePost, 'fingerprint'> | undefined,
): string {
  return `${post.fingerprint}>${newer?.fingerprint ?? ''}>${older?.fingerprint ?? ''}`;
}

/** The post's fingerprint in a page key (`postPageKey`); a key of an older build is a fingerprint. */
export function fingerprintOfPageKey(key: string): string {
  const end = key.indexOf('>');
  return end < 0 ? key : key.slice(0, end);
}

/** Another source's copy of a story the site shows once. */
export interface StoryCopy {
  /** The source's name, as cards show it. */
  source: string;
  /** Its article, an http(s) URL. */
  link: string;
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
  // Each item's own date, parsed once: the neighbour rule and the posts both read it.
  const feedDates = items.map(feedDate);
  const neighbourDates = undatedDates(items, feedDates);
  const posts = items.map((item, index): SitePost => {
    const categories = categoriesOf(item.sourceKey);
    const neighbourDate = neighbourDates?.get(index);
    const own = feedDates[index] ?? null;
    const date = neighbourDate ?? own ?? publicationDate(item);
    const dateKnown = neighbourDate !== undefined || own !== null;
    const author = authors.get(item.sourceKey) ?? categories[1];
    const digest = identityDigest(item.sourceKey, item.identity, 12);
    // The store moves changedAt on every change of the item (title and dates included), so with
    // the source's token and the digest (which item) it stands for all the post shows; items saved
    // in one run share a changedAt, hence the digest.
    const changed = Date.parse(item.changedAt);
    // A date taken from a neighbour changes with the neighbour, not with this item's changedAt.
    const borrowed = neighbourDate === undefined ? '' : `~${neighbourDate}`;
    const fingerprint = `${sourceToken(item.sourceKey, categories, author)}${digest}${Number.isNaN(changed) ? item.changedAt : changed.toString(36)}${borrowed}`;
    return sitePostOf(item, { categories, author, date, dateKnown, fingerprint }, digest);
  });
  // Newest first; posts of one date in the order they were saved, which is their feed's order.
  return posts.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : feedOrder(a.item, b.item)));
}

/** What a post is besides its item and what follows from the item. */
export type PostFacts = Pick<
  SitePost,
  'categories' | 'author' | 'date' | 'dateKnown' | 'fingerprint' | 'alsoIn'
>;

/** The post of `item`, with what `createSitePosts` (or a record of it) made of it. */
export function sitePostOf(
  item: ItemHeader,
  facts: PostFacts,
  digest = identityDigest(item.sourceKey, item.identity, 12),
): SitePost {
  const { categories, author, date, dateKnown, fingerprint, alsoIn } = facts;
  const title = item.title ?? item.link ?? 'Untitled';
  const post: SitePost = {
    item,
    digest,
    path: postPath(digest),
    title,
    date,
    dateKnown,
    categories,
    author,
    fingerprint,
  };
  if (alsoIn) post.alsoIn = alsoIn;
  return post;
}

/**
 * Posts of one date in the order the store first saved them: the store's own order for dated
 * items, and an undated item next to the neighbour it took its date from, above or below it as its
 * feed listed them. Items without a sequence (not read as headers) keep their order.
 */
function feedOrder(a: ItemHeader, b: ItemHeader): number {
  return a.sequence === undefined || b.sequence === undefined ? 0 : a.sequence - b.sequence;
}

/**
 * Dates for undated items (by index in `items`), from the items the same fetch saved (same source,
 * same first-seen time), in the order their feed listed them (`sequence`): the next dated item
 * below it in the feed, else the last one above it. Without such a neighbour an item keeps its
 * first-seen time, and its page says the date is unknown. An undated item would otherwise be dated
 * by the fetch and head every list, above the articles it was listed among. Null when no item is
 * undated, the usual case, which costs one pass.
 */
function undatedDates(
  items: readonly ItemHeader[],
  feedDates: ReadonlyArray<string | null>,
): Map<number, string> | null {
  const fetchOf = (item: ItemHeader): string => `${item.sourceKey}\n${item.firstSeenAt}`;
  const fetches = new Map<string, number[]>();
  items.forEach((item, index) => {
    if (feedDates[index] === null && item.sequence !== undefined) fetches.set(fetchOf(item), []);
  });
  if (fetches.size === 0) return null;
  items.forEach((item, index) => fetches.get(fetchOf(item))?.push(index));
  const dates = new Map<number, string>();
  for (const members of fetches.values()) {
    members.sort((a, b) => (items[a]?.sequence ?? 0) - (items[b]?.sequence ?? 0));
    const datedAt = (index: number): boolean => feedDates[index] !== null;
    members.forEach((index, place) => {
      if (datedAt(index)) return;
      const below = members.slice(place + 1).find(datedAt);
      const neighbour = below ?? members.slice(0, place).reverse().find(datedAt);
      const date = neighbour === undefined ? null : feedDates[neighbour];
      if (date) dates.set(index, date);
    });
  }
  return dates;
}

/** Whether a URL may be linked as the original article: only absolute http(s). */
export function isWebLink(url: string | null): url is string {
  return url !== null && /^https?:\/\/[^\s]+$/i.test(url);
}
