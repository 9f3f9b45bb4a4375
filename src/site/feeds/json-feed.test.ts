import { describe, expect, it } from 'vitest';
import type { FeedDocument, FeedEntry } from './feed-document.js';
import { renderJsonFeed } from './json-feed.js';

const entry = (n: number, externalUrl: string | null): FeedEntry => ({
  title: `标题 "${n}"\n第二行`,
  url: `https://site.example/posts/${n}/`,
  externalUrl,
  published: '2021-12-16T03:28:08.000Z',
  updated: '2021-12-17T03:28:08.000Z',
  author: 'ZAKER',
  categories: ['新媒体', 'ZAKER', 'source'],
  html: '<p>正文\n<img src="https://i.example/a.jpg" alt=""></p>',
  summary: '正文',
  image: 'https://i.example/a.jpg',
});

const feed = (entries: FeedEntry[]): FeedDocument => ({
  title: 'newsmill',
  description: '新媒体 / ZAKER',
  language: 'zh-CN',
  pageUrl: 'https://site.example/',
  selfUrl: 'https://site.example/feed.json',
  updated: '2021-12-17T03:28:08.000Z',
  entries,
});

/** The document as one JSON.stringify of it renders it: the format the per-entry cache must keep. */
function reference(document: FeedDocument): string {
  const items = document.entries.map((e) => ({
    id: e.url,
    url: e.url,
    ...(e.externalUrl ? { external_url: e.externalUrl } : {}),
    title: e.title,
    content_html: e.html,
    summary: e.summary,
    image: e.image,
    date_published: e.published,
    date_modified: e.updated,
    authors: [{ name: e.author }],
    tags: e.categories,
  }));
  const { title, description, pageUrl, selfUrl, language } = document;
  const whole = {
    version: 'https://jsonfeed.org/version/1.1',
    title,
    description,
    home_page_url: pageUrl,
    feed_url: selfUrl,
    language,
    items,
  };
  return `${JSON.stringify(whole, null, 1)}\n`;
}

describe('renderJsonFeed', () => {
  it('renders the same bytes as stringifying the whole document, with and without entries', () => {
    const shared = entry(1, 'https://origin.example/a');
    for (const document of [feed([]), feed([shared, entry(2, null)]), feed([entry(3, null), shared])]) {
      const text = renderJsonFeed(document);
      expect(text).toBe(reference(document));
      expect(JSON.parse(text)).toMatchObject({ items: document.entries.map((e) => ({ id: e.url })) });
    }
  });
});
