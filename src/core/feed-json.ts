import type { Feed } from './model.js';

/** The documented JSON shape of a parsed feed (`newsmill parse --json`): exactly these keys, in this order. */
export interface FeedJson {
  format: Feed['format'];
  title: string | null;
  link: string | null;
  description: string | null;
  items: Array<{
    id: string | null;
    title: string | null;
    link: string | null;
    published: string | null;
    updated: string | null;
    author: string | null;
    summary: string | null;
    content: string | null;
    categories: string[];
    enclosures: Array<{ url: string; type: string | null; length: number | null }>;
    image: string | null;
  }>;
}

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
