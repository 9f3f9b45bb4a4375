import type { SiteLink } from './pages/list-page.js';
import type { SitePost } from './site-posts.js';

/** A list of posts with its own pages and feeds: the home page, a category or a month. */
export interface SiteList {
  /** Site path of the list's first page. */
  base: string;
  heading: string;
  /** Newest first: every post of the list, or its newest ones when `older` counts the rest. */
  posts: SitePost[];
  /** How many older posts the list has beyond `posts` (an append build holds only the newest). */
  older?: number;
  breadcrumbs: SiteLink[];
  children: Array<SiteLink & { count: number }>;
  /** Whether the list gets feeds (home and categories; months do not), in `site.feeds`' formats. */
  feeds: boolean;
}

/** How many posts the list has. */
export function listSize(list: SiteList): number {
  return list.posts.length + (list.older ?? 0);
}
