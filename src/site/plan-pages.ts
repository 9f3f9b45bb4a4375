import { hash } from 'node:crypto';
import type { BuildContext } from './build-context.js';
import type { PlannedFile } from './output-writer.js';
import { holdEvery, type HeldPosts } from './held-posts.js';
import {
  createServiceWorker,
  createSiteIcon,
  createWebManifest,
  OFFLINE_PAGE,
  SERVICE_WORKER,
  SITE_ICON,
  WEB_MANIFEST,
} from './assets/offline-support.js';
import { placeholderInitial } from './pages/list-page.js';
import { renderNotFoundPage, renderOfflinePage, renderRobots } from './pages/other-pages.js';
import { renderPostPage, type PostPageSpec } from './pages/post-page.js';
import { absoluteUrl, fileOfPath } from './site-paths.js';
import { isWebLink, postPageKey, type SitePost } from './site-posts.js';
import { renderSitemapFile, siteSitemapLayout, type SitemapFileLayout, type SitemapUrl } from './sitemap.js';

/**
 * A post's page. A class rather than an object literal with closures: a build plans one per post,
 * and at 20,000 posts the closures and `uses` objects were a noticeable share of garbage collection.
 */
class PostPageFile implements PlannedFile {
  readonly path: string;
  // The fingerprints already cover everything the page shows but the article, which the item's
  // change time stands for: the post's own, and its neighbours' for the links to them.
  readonly key: string;
  readonly postDigest: string;
  constructor(
    private readonly context: BuildContext,
    private readonly post: SitePost,
    private readonly newer: SitePost | undefined,
    private readonly older: SitePost | undefined,
  ) {
    this.path = fileOfPath(post.path);
    this.key = postPageKey(post, newer, older);
    this.postDigest = post.digest;
  }

  get uses(): PlannedFile['uses'] {
    return { posts: [this.post], html: true };
  }

  render(): string {
    const { context, post } = this;
    const { html } = context.content.get(post);
    const cover = context.cover(post);
    const spec: PostPageSpec = {
      path: post.path,
      title: post.title,
      source: post.categories[1],
      categories: context.categoryLinks(post),
      date: post.date,
      displayDate: context.dates.display(post.date),
      dateKnown: post.dateKnown,
      cover,
      html,
      excerpt: context.excerpt(post),
      link: isWebLink(post.item.link) ? post.item.link : null,
      url: absoluteUrl(context.frame.url, post.path),
      modified: lastmodOf(post),
      author: post.author,
      alsoIn: post.alsoIn,
      newer: this.newer && { name: this.newer.title, path: this.newer.path },
      older: this.older && { name: this.older.title, path: this.older.path },
    };
    context.content.release(post);
    return renderPostPage(context.frame, spec);
  }
}

/**
 * Plans one page per post, each linking to the next newer and older post of the home page's order;
 * with `count`, only the pages of the newest `count` posts.
 */
export function planPostPages(context: BuildContext, count = context.posts.length): PlannedFile[] {
  const { posts } = context;
  const planned: PlannedFile[] = [];
  for (let index = 0; index < count && index < posts.length; index++)
    planned.push(new PostPageFile(context, posts[index] as SitePost, posts[index - 1], posts[index + 1]));
  return planned;
}

/** The posts a sitemap lists, oldest first: every post of the site, or the newest part of them. */
export interface SitemapPosts extends HeldPosts {
  /**
   * The key of a post file of the sitemap whose posts the build does not hold (an append build):
   * the earlier build's, where that file lists the same posts; else undefined.
   */
  earlierKey(file: SitemapFileLayout): string | undefined;
}

/** Every post of `context`, for the sitemap. */
export function everyPost(context: BuildContext): SitemapPosts {
  return { ...holdEvery(context.posts), earlierKey: () => undefined };
}

/** The offline page, the service worker that keeps the shell and pages read, the web app manifest and icon. */
function planOfflineSupport(context: BuildContext): PlannedFile[] {
  const { frame } = context;
  const worker = createServiceWorker(['./', frame.cssPath, frame.readerPath, OFFLINE_PAGE, SITE_ICON]);
  const manifest = createWebManifest(frame);
  const icon = createSiteIcon(placeholderInitial(frame.title));
  const text = (path: string, content: string): PlannedFile => ({
    path,
    key: context.key(path, content),
    render: () => content,
  });
  return [
    { path: OFFLINE_PAGE, key: context.key(OFFLINE_PAGE), render: () => renderOfflinePage(frame) },
    text(SERVICE_WORKER, worker),
    text(WEB_MANIFEST, manifest),
    text(SITE_ICON, icon),
  ];
}

/**
 * Plans the 404 and offline pages, robots.txt, the service worker and the sitemap of `posts` and
 * every other page `planned` holds; null when a sitemap file needs posts `posts` does not hold.
 */
export function planSiteExtras(
  context: BuildContext,
  planned: readonly PlannedFile[],
  posts: SitemapPosts,
): PlannedFile[] | null {
  const { frame } = context;
  const sitemapUrl = absoluteUrl(frame.url, 'sitemap.xml');
  const sitemap = planSitemap(frame.url, planned, posts);
  if (!sitemap) return null;
  return [
    { path: '404.html', key: context.key('404'), render: () => renderNotFoundPage(frame) },
    ...planOfflineSupport(context),
    { path: 'robots.txt', key: context.key('robots', sitemapUrl), render: () => renderRobots(sitemapUrl) },
    ...sitemap,
  ];
}

function planSitemap(
  siteUrl: string,
  planned: readonly PlannedFile[],
  posts: SitemapPosts,
): PlannedFile[] | null {
  // Posts oldest first, then the lists: past the split limit, appending a post changes one small file.
  const postCount = posts.count;
  const pages = sitemapPages(planned);
  const pageOf = (file: string): string =>
    absoluteUrl(siteUrl, file.endsWith('index.html') ? file.slice(0, -'index.html'.length) : file);
  const urlsOf = (start: number, end: number): SitemapUrl[] => {
    const urls: SitemapUrl[] = [];
    for (let i = start; i < end; i++) {
      const post = i < postCount ? (posts.at(i) as SitePost) : undefined;
      urls.push(
        post
          ? { loc: absoluteUrl(siteUrl, post.path), lastmod: dayOf(lastmodOf(post)) }
          : { loc: pageOf(pages[i - postCount] as string) },
      );
    }
    return urls;
  };
  // Keys come from what the URLs are made of, so an unchanged sitemap (tens of thousands of URLs) is
  // neither rendered nor hashed; a lastmod that moves within its day changes the key but not the bytes.
  // Undefined when a post of the range is not held.
  const keyOf = (start: number, end: number): string | undefined => {
    const parts: string[] = [];
    for (let i = start; i < end; i++) {
      if (i >= postCount) {
        parts.push(pages[i - postCount] as string);
        continue;
      }
      const post = posts.at(i);
      if (!post) return undefined;
      parts.push(post.path, lastmodOf(post));
    }
    return hash('sha1', parts.join('\n'), 'base64url');
  };
  const layout = siteSitemapLayout(postCount, pages.length);
  const indexKey = `index\u0000${layout.map((file) => file.path).join('\u0000')}`;
  const files: PlannedFile[] = [];
  for (const [index, file] of layout.entries()) {
    const key = file.urls ? (keyOf(file.urls.start, file.urls.end) ?? posts.earlierKey(file)) : indexKey;
    if (key === undefined) return null;
    files.push({ path: file.path, key, render: () => renderSitemapFile(layout, index, siteUrl, urlsOf) });
  }
  return files;
}

/** The pages of `planned` the sitemap lists besides the posts': lists and archives, in plan order. */
export function sitemapPages(planned: readonly PlannedFile[]): string[] {
  return planned
    .filter(
      (file) =>
        file.path.endsWith('.html') &&
        file.path !== '404.html' &&
        file.postDigest === undefined &&
        !file.path.startsWith('search/'),
    )
    .map((file) => file.path);
}

function lastmodOf(post: SitePost): string {
  return post.item.updated && post.item.updated > post.date ? post.item.updated : post.date;
}

function dayOf(iso: string): string {
  return iso.slice(0, 10);
}
