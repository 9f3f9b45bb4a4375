import { storyKeyHash } from '../core/story-link.js';
import {
  isSegmentName,
  readContentNamedJson,
  segmentName,
  writeSegmentFile,
  writeSegmentFileOnce,
} from './manifest-segments.js';
import type { SiteLink } from './pages/list-page.js';
import { FEED_SIZE } from './plan-feeds.js';
import { postsOfOpenBlock } from './search/search-index.js';
import { postsOfOpenSitemapFile } from './sitemap.js';
import type { SiteFileWriter } from './site-file-writer.js';
import { listSize, type SiteList } from './site-list.js';
import { writeHeadPosts } from './head-posts.js';
import type { SitePost } from './site-posts.js';

/**
 * The head of a built site: each list's meta, size and newest posts, with what a build made of
 * them. A build that finds only items newer than every post (an append) plans from it alone the
 * files those change, and carries every other file over, without reading every item or planning
 * every page (site README, "Append builds"). A full build writes it; so does an append, moved on.
 */
export interface SiteHead {
  lists: HeadList[];
  /** The top categories every page links to. */
  nav: SiteLink[];
  /** The sources with items on the site, hidden story copies included: they name category folders. */
  sources: string[];
  /** Every item's story hash (`storyKeyHash`), sorted, when the site merges stories; else null. */
  stories: number[] | null;
}

/** A list as the head holds it: its meta, its size and its newest posts. */
export interface HeadList {
  base: string;
  heading: string;
  breadcrumbs: SiteLink[];
  /** Subcategories, without counts: those are the child lists' sizes. */
  children: SiteLink[];
  feeds: boolean;
  count: number;
  /** Newest first: the list's newest posts, or none (an older month); null while not read. */
  posts: SitePost[] | null;
  /** The head file (head-posts.ts) of its posts, as read; null for a list of none. */
  file: string | null;
}

// Posts per category list the head keeps, in pages: the first page (up to two pages' worth) and the
// numbered pages an append may change (a new one, and the pager window of two below it); at least
// a feed's worth.
const HEAD_PAGES = 6;

/**
 * The head of `lists` (in plan order: home, categories, months newest first): each category's newest
 * HEAD_PAGES pages, the newest month's too, and the home list's, with the posts of the search
 * index's open block and of the sitemap's open post file (all of a small site's).
 */
export function siteHeadOf(
  lists: readonly SiteList[],
  perPage: number,
  nav: readonly SiteLink[],
  sources: Iterable<string>,
  stories: number[] | null,
): SiteHead {
  const kept = Math.max(HEAD_PAGES * perPage, FEED_SIZE);
  let months = 0;
  const head = lists.map((list, index): HeadList => {
    const month = !list.feeds && list.base !== '';
    const count = listSize(list);
    // The home list also keeps the posts an append indexes and lists in the sitemap again.
    const size =
      index === 0
        ? Math.max(postsOfOpenBlock(count), postsOfOpenSitemapFile(count), kept)
        : month && months++ > 0
          ? 0
          : kept;
    return {
      base: list.base,
      heading: list.heading,
      breadcrumbs: list.breadcrumbs,
      children: list.children.map(({ name, path }) => ({ name, path })),
      feeds: list.feeds,
      count,
      posts: list.posts.slice(0, size),
      file: null,
    };
  });
  const links = nav.map(({ name, path }) => ({ name, path }));
  return { lists: head, nav: links, sources: [...sources].sort(), stories };
}

/** The story hashes of `items` (`storyKeyHash`), sorted, each once. */
export function storyHashes(items: Iterable<{ link: string | null }>): number[] {
  const hashes = new Set<number>();
  for (const item of items) {
    const hash = storyKeyHash(item.link);
    if (hash !== null) hashes.add(hash);
  }
  return [...hashes].sort((a, b) => a - b);
}

/**
 * Writes the head: each list's newest posts in a head file (with their covers, `coverOf`) unless
 * it is there already, the story hashes, and an index naming them, under a name made of its bytes.
 * Returns the index's name, which the manifest records, and every file the head consists of, which
 * the manifest's sweep keeps. A list whose posts are null keeps the file it was read with.
 */
export async function writeSiteHead(
  writer: SiteFileWriter,
  root: string,
  head: SiteHead,
  configKey: string,
  coverOf: (post: SitePost) => string,
): Promise<{ name: string; files: string[] }> {
  const lists = await Promise.all(
    head.lists.map(async ({ posts, file, ...meta }) => {
      const named =
        posts === null
          ? file
          : posts.length === 0
            ? null
            : await writeHeadPosts(writer, root, configKey, posts, coverOf);
      return { ...meta, file: named };
    }),
  );
  let stories: string | null = null;
  if (head.stories) {
    const text = `${JSON.stringify(head.stories)}\n`;
    stories = segmentName(['stories', text]);
    // Named by its bytes: one already there holds them.
    await writeSegmentFileOnce(writer, root, stories, () => text);
  }
  const index = { version: 2, lists, nav: head.nav, sources: head.sources, stories };
  const text = `${JSON.stringify(index)}\n`;
  const name = segmentName(['head', text]);
  await writeSegmentFile(writer, name, text);
  const files = lists.flatMap((list) => (list.file === null ? [] : [list.file]));
  return { name, files: [name, ...files, ...(stories === null ? [] : [stories])] };
}

/**
 * Reads the head index `name` names, with the story hashes; the lists' posts stay unread
 * (`HeadList.posts` null). Null when it is missing, edited (its name is a hash of its bytes) or
 * malformed.
 */
export async function readSiteHead(root: string, name: string): Promise<SiteHead | null> {
  const read = await readContentNamedJson(root, 'head', name);
  const head = read === null ? null : headOf(read.json);
  if (read === null || head === null) return null;
  return withStories(root, head, (read.json as { stories: unknown }).stories);
}

async function withStories(root: string, head: SiteHead, file: unknown): Promise<SiteHead | null> {
  if (file === null) return head;
  if (!isSegmentName(file)) return null;
  const read = await readContentNamedJson(root, 'stories', file);
  if (read === null) return null;
  const stories = read.json;
  // Sorted and each once, which an append's bisection relies on.
  const sorted = (hash: unknown, index: number): boolean =>
    Number.isSafeInteger(hash) && (index === 0 || (hash as number) > (stories as number[])[index - 1]!);
  if (!Array.isArray(stories) || !stories.every(sorted)) return null;
  return { ...head, stories: stories as number[] };
}

function headOf(json: unknown): SiteHead | null {
  const { version, lists, nav, sources } = (json ?? {}) as Record<string, unknown>;
  if (version !== 2 || !Array.isArray(lists) || !Array.isArray(sources)) return null;
  if (!sources.every((key) => typeof key === 'string')) return null;
  const navLinks = linksOf(nav);
  if (!navLinks) return null;
  const headLists: HeadList[] = [];
  for (const list of lists as unknown[]) {
    const read = listOf(list);
    if (!read) return null;
    headLists.push(read);
  }
  return { lists: headLists, nav: navLinks, sources: sources as string[], stories: null };
}

function listOf(json: unknown): HeadList | null {
  const fields = (json ?? {}) as Record<string, unknown>;
  const { base, heading, breadcrumbs, children, feeds, count, file } = fields;
  if (typeof base !== 'string' || typeof heading !== 'string' || typeof feeds !== 'boolean') return null;
  if (!Number.isSafeInteger(count) || (count as number) < 0) return null;
  if (file !== null && !isSegmentName(file)) return null;
  const crumbs = linksOf(breadcrumbs);
  const childLinks = linksOf(children);
  if (!crumbs || !childLinks) return null;
  const list = { base, heading, breadcrumbs: crumbs, children: childLinks, feeds };
  return { ...list, count: count as number, posts: file === null ? [] : null, file };
}

function linksOf(json: unknown): SiteLink[] | null {
  if (!Array.isArray(json)) return null;
  const links: SiteLink[] = [];
  for (const link of json as unknown[]) {
    const { name, path: to } = (link ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || typeof to !== 'string') return null;
    links.push({ name, path: to });
  }
  return links;
}
