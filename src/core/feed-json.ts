import type { Feed, FeedItem } from './model.js';

/**
 * The documented JSON shape of a parsed feed (`newsmill parse --json`): the model without its
 * internal fields (`warnings`, `ttlMinutes`, an item's `baseUrl`), keys in the order `toFeedJson` writes.
 */
export type FeedJson = Pick<Feed, 'format' | 'title' | 'link' | 'description'> & {
  items: Array<Omit<FeedItem, 'baseUrl'>>;
};

/** Projects a feed onto its documented JSON shape (no internal fields such as `baseUrl`). */
export function toFeedJson(feed: Feed): FeedJson {
  return {
    format: feed.format,
    title: feed.title,
    link: feed.link,
    description: feed.description,
    items: feed.items.map((item) => ({
      id: item.id,
      title: item.title,
      link: item.link,
      published: item.published,
      updated: item.updated,
      author: item.author,
      summary: item.summary,
      content: item.content,
      categories: item.categories,
      enclosures: item.enclosures.map((e) => ({ url: e.url, type: e.type, length: e.length })),
      image: item.image,
    })),
  };
}
