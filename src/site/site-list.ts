import type { SiteLink } from './pages/list-page.js';
import type { SitePost } from './site-posts.js';

/** A list of posts with its own pages and feeds: the home page, a category or a month. */
export interface SiteList {
  /** Site path of the list's first page. */
  base: string;
  heading: string;
  /** Newest first. */
  posts: SitePost[];
  breadcrumbs: SiteLink[];
  children: Array<SiteLink & { count: number }>;
  /** Whether the list gets Atom, RSS and JSON feeds. */
  feeds: boolean;
}
