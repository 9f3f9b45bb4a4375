import { hash } from 'node:crypto';
import type { BuildContext } from './build-context.js';
import type { PlannedFile } from './output-writer.js';
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
import { renderSitemapFile, siteSitemapLayout, type SitemapUrl } from './sitemap.js';

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

/** Plans one page per post, each linking to the next newer and older post of the home page's order. */
export function planPostPages(context: BuildContext): PlannedFile[] {
  const { posts } = context;
  return posts.map((post, index) => new PostPageFile(context, post, posts[index - 1], posts[index + 1]));
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

/** Plans the 404 and offline pages, robots.txt, the service worker and the sitemap of every page `planned` holds. */
export function planSiteExtras(context: BuildContext, planned: readonly PlannedFile[]): PlannedFile[] {
  const { frame } = context;
  const sitemapUrl = absoluteUrl(frame.url, 'sitemap.xml');
  return [
    { path: '404.html', key: context.key('404'), render: () => renderNotFoundPage(frame) },
    ...planOfflineSupport(context),
    { path: 'robots.txt', key: context.key('robots', sitemapUrl), render: () => renderRobots(sitemapUrl) },
    ...planSitemap(frame.url, planned, context.posts),
  ];
}

function planSitemap(
  siteUrl: string,
  planned: readonly PlannedFile[],
  posts: readonly SitePost[],
): PlannedFile[] {
  // Posts oldest first, then the lists: past the split limit, appending a post changes one small file.
  const oldestFirst = [...posts].reverse();
  const pages = planned
    .filter(
      (file) =>
        file.path.endsWith('.html') &&
        file.path !== '404.html' &&
        !(file instanceof PostPageFile) &&
        !file.path.startsWith('search/'),
    )
    .map((file) => file.path);
  const pageOf = (file: string): string =>
    absoluteUrl(siteUrl, file.endsWith('index.html') ? file.slice(0, -'index.html'.length) : file);
  const urlsOf = (start: number, end: number): SitemapUrl[] => {
    const urls: SitemapUrl[] = [];
    for (let i = start; i < end; i++) {
      const post = oldestFirst[i];
      urls.push(
        post
          ? { loc: absoluteUrl(siteUrl, post.path), lastmod: dayOf(lastmodOf(post)) }
          : { loc: pageOf(pages[i - oldestFirst.length] as string) },
      );
    }
    return urls;
  };
  // Keys come from what the URLs are made of, so an unchanged sitemap (tens of thousands of URLs) is
  // neither rendered nor hashed; a lastmod that moves within its day changes the key but not the bytes.
  const keyOf = (start: number, end: number): string => {
    const parts: string[] = [];
    for (let i = start; i < end; i++) {
      const post = oldestFirst[i];
      if (post) parts.push(post.path, lastmodOf(post));
      else parts.push(pages[i - oldestFirst.length] as string);
    }
    return hash('sha1', parts.join('\n'), 'base64url');
  };
  const layout = siteSitemapLayout(oldestFirst.length, pages.length);
  const indexKey = `index\u0000${layout.map((file) => file.path).join('\u0000')}`;
  return layout.map((file, index) => ({
    path: file.path,
    key: file.urls ? keyOf(file.urls.start, file.urls.end) : indexKey,
    render: () => renderSitemapFile(layout, index, siteUrl, urlsOf),
  }));
}

function lastmodOf(post: SitePost): string {
  return post.item.updated && post.item.updated > post.date ? post.item.updated : post.date;
}

function dayOf(iso: string): string {
  return iso.slice(0, 10);
}
