import type { SitePost } from './site-posts.js';

/**
 * The site's posts oldest first, as far as a build holds them: every post, or (an append build) only
 * the newest, whose older neighbours it knows by count alone.
 */
export interface HeldPosts {
  count: number;
  /** The post at `index` from the oldest, or undefined where the build does not hold it. */
  at(index: number): SitePost | undefined;
}

/** Every post of a newest-first list, oldest first. */
export function holdEvery(posts: readonly SitePost[]): HeldPosts {
  const last = posts.length - 1;
  return { count: posts.length, at: (index) => posts[last - index] };
}

/** The newest `posts` (newest first) of `count` posts. */
export function holdNewest(posts: readonly SitePost[], count: number): HeldPosts {
  const first = count - 1;
  return { count, at: (index) => posts[first - index] };
}
