import { escapeHtmlAttribute, escapeHtmlText } from '../../io/html-escape.js';
import { linkMaker, renderPage, type SiteFrame } from './page-layout.js';
import { renderDate, renderLinkTrail, type SiteLink } from './list-page.js';
import type { SiteLabels } from './site-labels.js';
import type { StoryCopy } from '../site-posts.js';

/** Everything a post page shows. */
export interface PostPageSpec {
  path: string;
  title: string;
  source: string;
  categories: readonly SiteLink[];
  date: string;
  displayDate: string;
  /** False when the item had no date (see `SitePost.dateKnown`). */
  dateKnown: boolean;
  /** The post's own picture; null when it has none (no placeholder on a post page). */
  cover: string | null;
  /** Sanitized article HTML. */
  html: string;
  excerpt: string;
  /** The original article, only when it is an http(s) URL. */
  link: string | null;
  /** The page's own absolute URL, for link previews. */
  url: string;
  /** When the article last changed: its updated time when later than `date`, else `date`. */
  modified: string;
  author: string;
  /** The other sources that carried the story, with their articles. */
  alsoIn?: readonly StoryCopy[];
  /** The posts before and after it, newest first as on the home page; absent at either end. */
  newer?: SiteLink | undefined;
  older?: SiteLink | undefined;
}

// Feed images rarely carry alt text; an empty alt marks them decorative instead of unlabeled.
const IMG_WITHOUT_ALT = /<img\b(?![^>]*\salt=)/gi;

// The src of the first image, in the sanitizer's output: every attribute double-quoted, quotes escaped.
const FIRST_IMAGE_SOURCE = /<img\b(?:\s+[\w-]+(?:="[^"]*")?)*?\s+src="([^"]*)"/i;

/**
 * Whether the article's first image is the cover, written as the sanitizer writes attributes: the
 * page would show the same picture twice, once above the article and once in it.
 */
export function articleShowsCover(html: string, cover: string): boolean {
  return FIRST_IMAGE_SOURCE.exec(html)?.[1] === escapeHtmlAttribute(cover);
}

/** " · also in B, C", each name linking to that source's article. */
function renderCopies(copies: readonly StoryCopy[], labels: SiteLabels): string {
  if (copies.length === 0) return '';
  const links = copies.map(
    (copy) =>
      `<a href="${escapeHtmlAttribute(copy.link)}" rel="noopener noreferrer nofollow">${escapeHtmlText(copy.source)}</a>`,
  );
  return ` · <span class="also-in">${labels.alsoIn} ${links.join(labels.listSeparator)}</span>`;
}

/** Links to the newer and the older post, with their titles; nothing for a post alone. */
function renderNeighbours(spec: PostPageSpec, labels: SiteLabels, href: (to: string) => string): string {
  if (!spec.newer && !spec.older) return '';
  const link = (to: SiteLink, rel: 'prev' | 'next', label: string): string =>
    `<a class="${rel}" href="${href(to.path)}" rel="${rel}"><span class="meta">${label}</span> ${escapeHtmlText(to.name)}</a>`;
  const newer = spec.newer ? link(spec.newer, 'prev', labels.newer) : '';
  const older = spec.older ? link(spec.older, 'next', labels.older) : '';
  return `<nav class="post-nav" aria-label="${labels.postNavigation}">${newer}${older}</nav>\n`;
}

/** Renders one post: title, source, category path, local date, cover, body and a link to the original. */
export function renderPostPage(site: SiteFrame, spec: PostPageSpec): string {
  const href = linkMaker(site, spec.path);
  const categories = renderLinkTrail(spec.categories, href);
  const original = spec.link
    ? `<p class="original"><a href="${escapeHtmlAttribute(spec.link)}" rel="noopener noreferrer nofollow">${site.labels.original}</a></p>`
    : '';
  const cover =
    spec.cover === null || articleShowsCover(spec.html, spec.cover)
      ? ''
      : `<img class="post-cover" src="${escapeHtmlAttribute(spec.cover)}" alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer">\n`;
  const main = `<article data-post="${escapeHtmlAttribute(spec.path)}">
<header>
<nav class="breadcrumbs" aria-label="${site.labels.breadcrumbs}">${categories}</nav>
<h1>${escapeHtmlText(spec.title)}</h1>
<p class="meta">${escapeHtmlText(spec.source)} · ${renderDate(spec.date, spec.displayDate, spec.dateKnown, site.labels)}${renderCopies(spec.alsoIn ?? [], site.labels)}</p>
</header>
${cover}<div class="article-body">
${spec.html.replace(IMG_WITHOUT_ALT, '<img alt=""')}
</div>
${original}
${renderNeighbours(spec, site.labels, href)}</article>`;
  const share = {
    url: spec.url,
    title: spec.title,
    description: spec.excerpt,
    image: spec.cover,
    article: {
      published: spec.dateKnown ? spec.date : null,
      modified: spec.modified,
      author: spec.author,
      original: spec.link,
    },
  };
  return renderPage(site, { path: spec.path, title: spec.title, description: spec.excerpt, main, share });
}
