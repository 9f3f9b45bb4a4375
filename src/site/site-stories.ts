import { hash } from 'node:crypto';
import { seenBefore, sharedStories } from '../core/story-link.js';
import type { SitePost, StoryCopy } from './site-posts.js';

/**
 * One post per story (`dedupe: link`): posts whose links meet under one `storyKey` are one story,
 * shown as the post first seen (`seenBefore`), which lists the other sources' copies in `alsoIn`;
 * the others leave the site, its lists, feeds and search. `posts` keeps its order. A new copy
 * changes the shown post's fingerprint, so its page and lists are rebuilt to name it; a shown post
 * that retention removes hands the story to the next seen.
 */
export function mergeStories(posts: readonly SitePost[]): readonly SitePost[] {
  const stories = sharedStories(posts, (post) => post.item.link);
  if (stories.length === 0) return posts;
  const shownFor = new Map<SitePost, SitePost | null>();
  for (const story of stories) {
    const first = story.reduce((a, b) => (seenBefore(b.item, a.item) ? b : a));
    const alsoIn = otherCopies(first, story);
    // The copies are in the fingerprint because the shown post's page and cards name them.
    const copies = hash('sha1', JSON.stringify(alsoIn), 'base64url').slice(0, 8);
    shownFor.set(first, { ...first, alsoIn, fingerprint: `${first.fingerprint}+${copies}` });
    for (const post of story) if (post !== first) shownFor.set(post, null);
  }
  const shown: SitePost[] = [];
  for (const post of posts) {
    const replacement = shownFor.get(post);
    if (replacement === undefined) shown.push(post);
    else if (replacement !== null) shown.push(replacement);
  }
  return shown;
}

/** The story's copies from sources other than the shown post's, one per source, in order seen. */
function otherCopies(first: SitePost, story: readonly SitePost[]): StoryCopy[] {
  const bySource = new Map<string, StoryCopy>();
  const others = story.filter((post) => post !== first);
  others.sort((a, b) => (seenBefore(a.item, b.item) ? -1 : 1));
  for (const post of others) {
    const source = post.categories[1];
    if (source === first.categories[1] || bySource.has(source) || post.item.link === null) continue;
    bySource.set(source, { source, link: post.item.link });
  }
  return [...bySource.values()];
}
