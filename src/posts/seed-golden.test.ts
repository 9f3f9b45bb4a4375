import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { processItemContent } from '../content/process-content.js';
import type { FeedItem } from '../core/model.js';
import { renderHexoPost } from './render-post.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const seed = readFileSync(path.join(here, 'testdata/seed-post.txt'), 'utf8');
const BODY_START = '<div>   \n';
const BODY_END = '  \n</div>\n            ';

/** Splits a post into everything but the article HTML, and the article HTML itself. */
function splitPost(post: string): { frame: string; body: string } {
  const start = post.indexOf(BODY_START) + BODY_START.length;
  const end = post.lastIndexOf(BODY_END);
  return { frame: post.slice(0, start) + post.slice(end), body: post.slice(start, end) };
}

const seedParts = splitPost(seed);

// The ZAKER item as the feed carried it: the ancestor added the worker `src` and `referrerpolicy`.
const feedHtml = seedParts.body
  .replace(/ src="https:\/\/cors\.zfour\.workers\.dev\/\?[^"]*"/g, '')
  .replaceAll(' referrerpolicy="no-referrer"', '');

const item: FeedItem = {
  id: 'zaker-61bb1bf28e9f090ce153234f',
  title: '冬奥之约 中俄元首外交共启两国关系新篇章',
  link: 'http://www.myzaker.com/article/61bb1bf28e9f090ce153234f',
  published: '2021-12-16T03:28:08.000Z',
  updated: null,
  author: null,
  summary: null,
  content: feedHtml,
  categories: [],
  enclosures: [],
  image: null,
  baseUrl: null,
};

function rebuildSeed(): string {
  const content = processItemContent(item, {
    images: {
      mode: 'http-only',
      target: { kind: 'template', template: 'https://cors.zfour.workers.dev/?{url}' },
    },
    coverFallback: 'https://picsum.photos/400/300?random={n}',
    sourceKey: 'rsshub:/zaker/channel/1',
    identity: `id:${item.id}`,
  });
  return renderHexoPost({
    title: item.title ?? '',
    categories: ['新媒体', 'ZAKER', 'source'],
    cover: content.cover,
    author: 'ZAKER',
    date: item.published ?? '',
    html: content.html,
  });
}

describe('the seed post, rebuilt', () => {
  it('uses the bundled copy of shared/seed', () => {
    const shared = path.join(here, '../../../shared/seed/000_adfa2d9bcf2017c7.txt');
    if (existsSync(shared)) expect(readFileSync(shared, 'utf8')).toBe(seed);
  });

  it('matches the front matter and wrapper byte for byte', () => {
    expect(splitPost(rebuildSeed()).frame).toBe(seedParts.frame);
  });

  it('differs in the body only by the intended sanitizing and lazy loading', () => {
    const intended = seedParts.body
      // Event handler attributes are script: removed.
      .replaceAll(' onclick', '')
      // class and id are dropped: feed markup must not restyle the page or clobber DOM ids.
      .replace(/ class="[^"]*"/g, '')
      .replace(/ id="[^"]*"/g, '')
      // The lazy URL became the real (proxied) src, so the lazy data-* attributes are gone.
      .replace(/ data-(?:original|height|width)="[^"]*"/g, '')
      // Every image lazy-loads; void elements are serialized XHTML-style.
      .replaceAll('referrerpolicy="no-referrer">', 'referrerpolicy="no-referrer" loading="lazy" />');
    expect(splitPost(rebuildSeed()).body).toBe(intended);
  });

  it('keeps every proxied image of the seed, in order', () => {
    const urls = (html: string): string[] =>
      [...html.matchAll(/<img [^>]*?src="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(urls(rebuildSeed())).toEqual(urls(seed));
    expect(urls(seed)).toHaveLength(8);
  });
});
