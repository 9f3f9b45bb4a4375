import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../core/model.js';
import { escapeHexoBraces } from '../io/hexo-escape.js';
import { processItemContent } from './process-content.js';

const base: FeedItem = {
  id: '1',
  title: 't',
  link: 'https://www.oschina.net/news/172345/x',
  published: null,
  updated: null,
  author: null,
  summary: null,
  content: null,
  categories: [],
  enclosures: [],
  image: null,
  baseUrl: null,
};
const options = {
  images: {
    mode: 'http-only' as const,
    target: { kind: 'template' as const, template: 'https://w.dev/?{url}' },
  },
  coverFallback: 'https://picsum.photos/400/300?random={n}',
  sourceKey: 'feeds/a.xml',
  identity: 'id:1',
};

describe('processItemContent', () => {
  it('takes the first image after rewriting as the cover', () => {
    const result = processItemContent(
      { ...base, content: '<p>x</p><img data-src="/a.jpg"><img src="http://b.cn/b.jpg">' },
      options,
    );
    expect(result.cover).toBe('https://www.oschina.net/a.jpg');
  });

  it('resolves against xml:base before the item link', () => {
    const result = processItemContent(
      { ...base, baseUrl: 'http://img.cn/dir/', content: '<img src="a.jpg">' },
      options,
    );
    expect(result.cover).toBe('https://w.dev/?http://img.cn/dir/a.jpg');
  });

  it('falls back to a stable picsum cover numbered 0–10000 from the identity', () => {
    const first = processItemContent({ ...base, content: '<p>no image</p>' }, options).cover;
    const again = processItemContent({ ...base, content: '<p>changed text</p>' }, options).cover;
    const other = processItemContent(
      { ...base, content: '<p>no image</p>' },
      { ...options, identity: 'id:2' },
    ).cover;
    expect(first).toMatch(/^https:\/\/picsum\.photos\/400\/300\?random=(\d{1,5})$/);
    expect(Number(/random=(\d+)/.exec(first)?.[1])).toBeLessThanOrEqual(10000);
    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });

  it('never takes a removed image as the cover', () => {
    const result = processItemContent(
      { ...base, content: '<img src="javascript:alert(1)"><p>x</p>' },
      options,
    );
    expect(result.cover).toMatch(/^https:\/\/picsum\.photos\//);
  });

  it('uses the summary when there is no content', () => {
    expect(processItemContent({ ...base, summary: '<b>s</b>' }, options).html).toBe('<b>s</b>');
  });
});

describe('cover selection', () => {
  const cover = (item: Partial<FeedItem>): string => processItemContent({ ...base, ...item }, options).cover;

  it('skips tracking pixels, tiny images and icon-like images in the body', () => {
    expect(
      cover({
        content:
          '<img src="https://a.cn/t.gif" width="1" height="1"><img src="https://a.cn/e.png" width="24">' +
          '<img src="https://a.cn/static/emoji/smile.png"><img class="wp-smiley" src="https://a.cn/s.png">' +
          '<img src="https://secure.gravatar.com/avatar/1"><img src="https://a.cn/photo.jpg" width="640">',
      }),
    ).toBe('https://a.cn/photo.jpg');
  });

  it('falls back to the item image (media:thumbnail and the like), proxied like a body image', () => {
    expect(cover({ content: '<p>text</p>', image: 'http://img.cn/thumb.jpg' })).toBe(
      'https://w.dev/?http://img.cn/thumb.jpg',
    );
    expect(cover({ content: '<p>text</p>', image: '/thumb.jpg' })).toBe('https://www.oschina.net/thumb.jpg');
  });

  it('then to the first image enclosure, by type or by file extension', () => {
    const enclosures = [
      { url: 'https://a.cn/ep.mp3', type: 'audio/mpeg', length: 1 },
      { url: 'https://a.cn/cover', type: 'image/jpeg', length: null },
    ];
    expect(cover({ content: '<p>x</p>', enclosures })).toBe('https://a.cn/cover');
    expect(cover({ enclosures: [{ url: 'https://a.cn/c.webp?x=1', type: null, length: null }] })).toBe(
      'https://a.cn/c.webp?x=1',
    );
  });

  it('prefers a real body image over the item image, and the configured fallback comes last', () => {
    expect(cover({ content: '<img src="https://a.cn/b.jpg">', image: 'https://a.cn/t.jpg' })).toBe(
      'https://a.cn/b.jpg',
    );
    expect(
      cover({
        content: '<img src="https://a.cn/i.png" width="16" height="16">',
        enclosures: [{ url: 'https://a.cn/x.mp3', type: 'audio/mpeg', length: null }],
      }),
    ).toMatch(/^https:\/\/picsum\.photos\/400\/300\?random=\d+$/);
  });
});

describe('escapeHexoBraces', () => {
  it('writes every brace as an entity', () => {
    expect(escapeHexoBraces('{{ a }} {% raw %} {#c#}')).toBe(
      '&#123;&#123; a &#125;&#125; &#123;% raw %&#125; &#123;#c#&#125;',
    );
  });
});
