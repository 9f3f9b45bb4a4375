import { readSegmentJson, segmentName, writeSegmentFileOnce } from './manifest-segments.js';
import type { SiteFileWriter } from './site-file-writer.js';
import { sitePostOf, type SitePost, type SourceCategories, type StoryCopy } from './site-posts.js';

/**
 * One list's newest posts as the site's head keeps them (site-head.ts), in a file of the post
 * records' folder: each post with what a build made of it and its cover, so that an append build
 * plans and renders the list's pages, feeds and cards from it without reading every item. A list
 * whose newest posts did not change keeps its file: the name is made of what the file holds.
 */

/** A post as a head file holds it: what a build made of it, then its item's header. */
type PostJson = [
  sourceKey: string,
  identity: string,
  date: string,
  dateKnown: 0 | 1,
  fingerprint: string,
  cover: string,
  alsoIn: Array<[string, string]> | 0,
  ...header: Array<string | null>,
];

/** Posts read back from a head file, and their covers by digest. */
export interface HeadPosts {
  posts: SitePost[];
  covers: Map<string, string>;
}

/**
 * The name of the head file of a list's newest `posts`: the configuration (`configKey`, which with
 * the fingerprints decides every cover) and the posts' fingerprints name what it holds.
 */
export function headPostsName(configKey: string, posts: readonly SitePost[]): string {
  return segmentName(['head-posts', configKey, ...posts.map((post) => post.fingerprint)]);
}

/** Writes the head file of `posts` unless one of its name is there already; returns the name. */
export async function writeHeadPosts(
  writer: SiteFileWriter,
  root: string,
  configKey: string,
  posts: readonly SitePost[],
  coverOf: (post: SitePost) => string,
): Promise<string> {
  const name = headPostsName(configKey, posts);
  const json = (): string => `${JSON.stringify(posts.map((post) => postJson(post, coverOf(post))))}\n`;
  await writeSegmentFileOnce(writer, root, name, json);
  return name;
}

/**
 * Reads a head file, rebuilding its posts with the sources' categories and authors (which the
 * build's settings key vouches for); null when it is missing or malformed.
 */
export async function readHeadPosts(
  root: string,
  name: string,
  categoriesOf: SourceCategories,
  authors: ReadonlyMap<string, string>,
): Promise<HeadPosts | null> {
  const json = await readSegmentJson(root, name);
  if (!Array.isArray(json)) return null;
  const read: HeadPosts = { posts: [], covers: new Map() };
  for (const entry of json as unknown[]) {
    const post = postOf(entry, categoriesOf, authors);
    if (!post) return null;
    read.covers.set(post.digest, (entry as PostJson)[5]);
    read.posts.push(post);
  }
  return read;
}

function postJson(post: SitePost, cover: string): PostJson {
  const { item } = post;
  const alsoIn = post.alsoIn?.map((copy): [string, string] => [copy.source, copy.link]) ?? 0;
  const made = [post.date, post.dateKnown ? 1 : 0, post.fingerprint, cover, alsoIn] as const;
  const header = [item.title, item.link, item.published, item.updated, item.firstSeenAt, item.changedAt];
  return [item.sourceKey, item.identity, ...made, ...header];
}

function postOf(
  entry: unknown,
  categoriesOf: SourceCategories,
  authors: ReadonlyMap<string, string>,
): SitePost | null {
  if (!Array.isArray(entry) || entry.length !== 13) return null;
  const [sourceKey, identity, date, dateKnown, fingerprint, cover, alsoIn] = entry as unknown[];
  const [title, link, published, updated, firstSeenAt, changedAt] = (entry as unknown[]).slice(7);
  if (!isText(sourceKey) || !isText(identity) || !isText(date) || !isText(fingerprint) || !isText(cover))
    return null;
  if (!isText(firstSeenAt) || !isText(changedAt) || (dateKnown !== 0 && dateKnown !== 1)) return null;
  if (!isTextOrNull(title) || !isTextOrNull(link) || !isTextOrNull(published) || !isTextOrNull(updated))
    return null;
  const copies = alsoIn === 0 ? undefined : storyCopiesOf(alsoIn);
  if (copies === null) return null;
  const item: SitePost['item'] = {
    sourceKey,
    identity,
    title,
    link,
    published,
    updated,
    firstSeenAt,
    changedAt,
  };
  const categories = categoriesOf(sourceKey);
  const author = authors.get(sourceKey) ?? categories[1];
  return sitePostOf(item, {
    categories,
    author,
    date,
    dateKnown: dateKnown === 1,
    fingerprint,
    alsoIn: copies,
  });
}

function storyCopiesOf(json: unknown): StoryCopy[] | null {
  if (!Array.isArray(json)) return null;
  const copies: StoryCopy[] = [];
  for (const copy of json as unknown[]) {
    if (!Array.isArray(copy) || copy.length !== 2 || !isText(copy[0]) || !isText(copy[1])) return null;
    copies.push({ source: copy[0], link: copy[1] });
  }
  return copies;
}

const isText = (value: unknown): value is string => typeof value === 'string';
const isTextOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';
