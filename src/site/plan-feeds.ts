import { cutSanitizedHtml } from '../content/html-excerpt.js';
import { absoluteUrl } from './site-paths.js';
import type { BuildContext } from './build-context.js';
import { escapeHtmlAttribute, escapeHtmlText } from '../io/html-escape.js';
import { newestDate, type FeedDocument, type FeedEntry } from './feeds/feed-document.js';
import { renderAtomFeed } from './feeds/atom-feed.js';
import { renderJsonFeed } from './feeds/json-feed.js';
import { renderRssFeed } from './feeds/rss-feed.js';
import type { PlannedFile } from './output-writer.js';
import type { FeedFormat, FeedLink } from './pages/page-layout.js';
import type { SiteList } from './site-list.js';
import { isWebLink, type SitePost } from './site-posts.js';

// Each format's file name in the list's folder.
const FEED_FILES: Record<FeedFormat, string> = { atom: 'atom.xml', rss: 'rss.xml', json: 'feed.json' };

/** The feeds of the list whose folder is `base`, in the given formats. */
export function feedLinksOf(base: string, formats: readonly FeedFormat[]): FeedLink[] {
  return formats.map((format) => ({ format, path: `${base}${FEED_FILES[format]}` }));
}

const RENDERERS: Record<FeedFormat, (document: FeedDocument) => string> = {
  atom: renderAtomFeed,
  rss: renderRssFeed,
  json: renderJsonFeed,
};

/** How many of the newest posts each feed carries. */
export const FEED_SIZE = 20;

/**
 * The most article HTML a feed entry carries, in UTF-8 bytes. A post is in about a dozen feeds (the
 * home's and each category level's, in three formats), so a long article would be copied a dozen
 * times; past this size an entry carries the article's beginning and a link to its page. 64 KB is
 * far beyond the usual article (a long one is 10 to 30 KB of HTML) and keeps a full feed of such
 * entries near the size of a feed reader's usual download.
 */
export const FEED_HTML_BYTES = 64 * 1024;

/** The article HTML of a feed entry: the article, or its first FEED_HTML_BYTES and a link to its page. */
export function feedEntryHtml(html: string, postUrl: string, readMore: string): string {
  const excerpt = cutSanitizedHtml(html, FEED_HTML_BYTES);
  if (excerpt === html) return html;
  return `${excerpt}\n<p><a href="${escapeHtmlAttribute(postUrl)}">${escapeHtmlText(readMore)}</a></p>`;
}

/** Plans the feed documents of one list (Atom, RSS 2.0, JSON Feed: those `feeds` names). */
export function planFeeds(context: BuildContext, list: SiteList, feeds: readonly FeedLink[]): PlannedFile[] {
  const { frame } = context;
  const posts = list.posts.slice(0, FEED_SIZE);
  for (const post of posts) context.content.retain(post);
  const key = context.key('feed', list.base, list.heading, ...posts.map((post) => post.fingerprint));
  let document: FeedDocument | null = null;
  const build = (selfPath: string): FeedDocument => {
    document ??= {
      title: list.base === '' ? frame.title : `${list.heading} | ${frame.title}`,
      description:
        list.base === ''
          ? frame.title
          : [...list.breadcrumbs.slice(1).map((c) => c.name), list.heading].join(' / '),
      language: frame.language,
      pageUrl: absoluteUrl(frame.url, list.base),
      selfUrl: '',
      updated: '',
      entries: posts.map((post) => feedEntryOf(context, post)),
    };
    return {
      ...document,
      selfUrl: absoluteUrl(frame.url, selfPath),
      updated: newestDate(document.entries),
    };
  };
  const uses = { posts, html: true };
  return feeds.map(({ format, path }) => ({ path, key, uses, render: () => RENDERERS[format](build(path)) }));
}

// One entry object per post and build, so the renderers' per-entry caches hit in every feed it is in.
const entries = new WeakMap<SitePost, FeedEntry>();

function feedEntryOf(context: BuildContext, post: SitePost): FeedEntry {
  let entry = entries.get(post);
  if (!entry) {
    const content = context.content.get(post);
    const updated = post.item.updated && post.item.updated > post.date ? post.item.updated : post.date;
    const url = absoluteUrl(context.frame.url, post.path);
    entry = {
      title: post.title,
      url,
      externalUrl: isWebLink(post.item.link) ? post.item.link : null,
      published: post.date,
      updated,
      author: post.author,
      categories: post.categories,
      html: feedEntryHtml(content.html, url, context.frame.labels.readMore),
      summary: context.excerpt(post),
      image: context.cover(post),
    };
    entries.set(post, entry);
  }
  return entry;
}
