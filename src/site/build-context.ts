import { hash } from 'node:crypto';
import { fallbackCoverUrl } from '../core/fallback-cover.js';
import type { SiteLink, PostCard } from './pages/list-page.js';
import type { SiteFrame } from './pages/page-layout.js';
import type { PostContent } from './post-content.js';
import type { CategoryPaths } from './site-paths.js';
import type { SitePost } from './site-posts.js';
import type { SiteDates } from './site-dates.js';

/** Everything the page, feed and index planners share during one build. */
export interface BuildContext {
  /** The site's title, URL, language and navigation, as every page shows them. */
  frame: SiteFrame;
  /** Posts per list page. */
  perPage: number;
  dates: SiteDates;
  /** Every post, newest first. */
  posts: readonly SitePost[];
  content: PostContent;
  /** The folder path of each category page. */
  categoryPath: CategoryPaths;
  /**
   * A key for a planned file: a hash of the given parts. Keys leave out the configuration: a build
   * whose configuration changed compares no key with the previous build's.
   */
  key(...parts: ReadonlyArray<string | number | null | undefined>): string;
  /** The post's links to its three category levels. */
  categoryLinks(post: SitePost): readonly SiteLink[];
  /** A short plain-text excerpt of the post. */
  excerpt(post: SitePost): string;
  /** How the post appears in lists: the same object for every list of a build. */
  card(post: SitePost): PostCard;
  /**
   * The picture the site shows for the post: its cover, or null when it has none of its own and
   * the site shows a placeholder instead of the fallback picture (`site.missingCover`).
   */
  cover(post: SitePost): string | null;
}

const EXCERPT_LENGTH = 140;
const NO_COPIES: readonly string[] = [];

/** Creates the shared build context. */
export function createBuildContext(
  fields: Pick<BuildContext, 'frame' | 'perPage' | 'dates' | 'posts' | 'content' | 'categoryPath'> & {
    /** The fallback cover template whose pictures the site replaces by placeholders; null keeps them. */
    placeholderFor: string | null;
  },
): BuildContext {
  const excerpt = (post: SitePost): string => fields.content.text(post, EXCERPT_LENGTH);
  const { placeholderFor } = fields;
  // Cleaning gives an item without a picture the fallback, named by its digest (16 hex digits
  // there, 12 here: the template reads the first 8).
  const cover = (post: SitePost): string | null => {
    const picture = fields.content.cover(post);
    return placeholderFor !== null && picture === fallbackCoverUrl(placeholderFor, post.digest)
      ? null
      : picture;
  };
  // Posts of one source share their categories tuple, so its links are built once per source.
  const links = new Map<readonly string[], readonly SiteLink[]>();
  const categoryLinks = (post: SitePost): readonly SiteLink[] => {
    let list = links.get(post.categories);
    if (!list) {
      list = post.categories.map((name, level) => ({
        name,
        path: fields.categoryPath(post.categories.slice(0, level + 1)),
      }));
      links.set(post.categories, list);
    }
    return list;
  };
  // A post appears in about five lists (home, three category levels, its month): one card serves all.
  const cards = new Map<SitePost, PostCard>();
  return {
    ...fields,
    key(...parts) {
      let text = '';
      for (const part of parts) text += `\u0000${part ?? ''}`;
      return hash('sha1', text, 'base64url');
    },
    categoryLinks,
    excerpt,
    card(post) {
      let card = cards.get(post);
      if (!card) {
        card = {
          title: post.title,
          path: post.path,
          date: post.date,
          displayDate: fields.dates.display(post.date),
          dateKnown: post.dateKnown,
          categories: categoryLinks(post),
          cover: cover(post),
          source: post.categories[1],
          excerpt: excerpt(post),
          alsoIn: post.alsoIn?.map((copy) => copy.source) ?? NO_COPIES,
        };
        cards.set(post, card);
      }
      return card;
    },
    cover,
  };
}
