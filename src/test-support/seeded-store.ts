import type { SourceConfig } from '../config/resolve-config.js';
import type { FeedItem } from '../core/model.js';
import type { Store, StoredItem } from '../store/store.js';

/** A source as the config would give it, with only what writing posts reads filled in. */
export function testSource(key: string, categories: [string, string, string]): SourceConfig {
  return {
    key,
    location: `/feeds/${key}`,
    mirrors: [],
    host: 'file',
    categories,
    author: key,
    limit: 100,
    catchUp: true,
    timezone: 'UTC',
    proxyMode: 'none',
    intervalMinutes: null,
    fullText: null,
    filters: null,
  };
}

/**
 * Registers `source` and stores `count` items in it, newest first, one day apart, without fetching
 * or parsing anything; returns them as stored.
 */
export async function seedItems(store: Store, source: SourceConfig, count: number): Promise<StoredItem[]> {
  await store.registerSource({ key: source.key, location: source.location, categories: source.categories });
  const items = Array.from({ length: count }, (_, index) => {
    const item: FeedItem = {
      id: `item-${index}`,
      title: `标题 ${index}`,
      link: `https://example.com/${index}`,
      published: new Date(Date.UTC(2024, 0, 31 - index)).toISOString(),
      updated: null,
      author: null,
      summary: null,
      content: `<p>正文 ${index}</p>`,
      categories: [],
      enclosures: [],
      image: null,
      baseUrl: null,
    };
    return { identity: `id:${index}`, item };
  });
  await store.saveItems(source.key, items, '2024-02-01T00:00:00Z');
  return store.listItems(source.key);
}
