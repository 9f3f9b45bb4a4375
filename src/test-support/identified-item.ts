import type { FeedItem } from '../core/model.js';

/**
 * An item to save under the identity `id:<id>`: titled `t<id>`, linked to `https://a.cn/<id>`,
 * with the body `<p><id></p>`, published on 2024-01-01 UTC; `fields` change any of it.
 */
export function identifiedItem(
  id: string,
  fields: Partial<FeedItem> = {},
): { identity: string; item: FeedItem } {
  return {
    identity: `id:${id}`,
    item: {
      id,
      title: `t${id}`,
      link: `https://a.cn/${id}`,
      published: '2024-01-01T00:00:00.000Z',
      updated: null,
      author: null,
      summary: null,
      content: `<p>${id}</p>`,
      categories: [],
      enclosures: [],
      image: null,
      baseUrl: null,
      ...fields,
    },
  };
}
