import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { processItemContent } from '../content/process-content.js';
import type { FeedItem } from '../core/model.js';
import { renderHexoPost } from './render-post.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const seedBytes = readFileSync(path.join(here, 'testdata/seed-post.txt'));
const seed = seedBytes.toString('utf8');
// The layout section of the design documents' FORMAT.md, copied beside the seed.
const format = readFileSync(path.join(here, 'testdata/seed-format.md'), 'utf8');
const BODY_START = '<div>   \n';
const BODY_END = '  \n</div>\n            ';

/** Splits a post into everything but the article HTML, and the article HTML itself. */
function splitPost(post: string): { frame: string; body: string } {
  const start = post.indexOf(BODY_START) + BODY_START.length;
  const end = post.lastIndexOf(BODY_END);
  return { frame: post.slice(0, start) + post.slice(end), body: post.slice(start, end) };
}

const seedParts = splitPost(seed);

/**
 * FORMAT.md's layout block as a pattern: `\n` and `·` as written, each `<placeholder>` a named group,
 * and a placeholder that appears twice (the cover, the source) a backreference to its first value.
 */
function layoutPattern(): RegExp {
  const block = /## Layout, byte for byte\n[\s\S]*?```\n([\s\S]*?)```/.exec(format)?.[1];
  if (block === undefined) throw new Error('testdata/seed-format.md has no layout block');
  const seen = new Set<string>();
  let source = '';
  // The last line ends with a note in parentheses, which is not part of the file.
  for (const line of block
    .trimEnd()
    .split('\n')
    .map((text) => text.replace(/\s+\(.*\)$/, '')))
    for (const part of line.split(/(\\n|·|<[a-z][a-z ]*>)/)) {
      if (part === '\\n') source += '\\n';
      else if (part === '·') source += ' ';
      else if (/^<[a-z][a-z ]*>$/.test(part) && part !== '<div>') {
        const name = part.slice(1, -1).replaceAll(' ', '_');
        if (seen.has(name)) source += `\\k<${name}>`;
        else source += `(?<${name}>${name === 'article_html' ? '[\\s\\S]*' : '[^\\n]*'})`;
        seen.add(name);
      } else source += part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  return new RegExp(`^${source}$`);
}

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
  it('uses an unchanged copy of shared/seed', () => {
    // The SHA-256 of the design documents' seed/000_adfa2d9bcf2017c7.txt, which is not in the repo.
    expect(createHash('sha256').update(seedBytes).digest('hex')).toBe(
      'ea0543dbaf5eb2413679f350b9bec0cba764d5904f350de6056f2ec00ffca84d',
    );
  });

  it('follows the layout FORMAT.md documents, as the seed does', () => {
    const layout = layoutPattern();
    const expected = {
      title: '冬奥之约 中俄元首外交共启两国关系新篇章',
      top_category: '新媒体',
      source: 'ZAKER',
      channel: 'source',
      cover_url:
        'https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/202112/61bb1bf28e9f090ce153234f_1024.jpg',
      date: 'Thu, 16 Dec 2021 03:28:08 GMT',
    };
    for (const post of [seed, rebuildSeed()]) {
      const fields = layout.exec(post)?.groups;
      expect(fields).toMatchObject(expected);
      expect(fields?.article_html).toMatch(/^<p>[\s\S]*<p><\/p>$/);
    }
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
