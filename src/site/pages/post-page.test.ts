import { describe, expect, it } from 'vitest';
import { siteLabelsFor } from './site-labels.js';
import { articleShowsCover, renderPostPage, type PostPageSpec } from './post-page.js';
import type { SiteFrame } from './page-layout.js';

const frame: SiteFrame = {
  title: 'newsmill',
  url: 'https://news.example.cn/',
  language: 'zh-CN',
  labels: siteLabelsFor('zh-CN'),
  cssPath: 'assets/site.css',
  readerPath: 'assets/reader.js',
  nav: [],
  feeds: { home: ['atom', 'rss', 'json'], categories: ['atom'] },
};

const cover = 'https://img.example.cn/i/abc/aHR0cDovL3prcmVzMS5teXpha2VyLmNvbS8x.jpg?w=1&h=2';

function page(html: string, chosen = cover): string {
  const spec: PostPageSpec = {
    path: 'posts/abc.html',
    title: '标题',
    source: 'ZAKER',
    categories: [],
    date: '2021-12-16T03:28:08.000Z',
    displayDate: '2021-12-16 11:28',
    dateKnown: true,
    cover: chosen,
    html,
    excerpt: '摘要',
    link: null,
    url: 'https://news.example.cn/posts/abc.html',
    modified: '2021-12-16T03:28:08.000Z',
    author: 'ZAKER',
  };
  return renderPostPage(frame, spec);
}

describe('the cover of a post page', () => {
  it('is left out when the article’s first image is the same picture', () => {
    const html = `<div><div><img src="${cover.replace(/&/g, '&amp;')}" referrerpolicy="no-referrer" loading="lazy" /></div></div><p>正文</p>`;
    const out = page(html);
    expect(out).not.toContain('class="post-cover"');
    expect(out.match(/<img\b/g)).toHaveLength(1);
  });

  it('is shown when the article has no image, or another one first', () => {
    expect(page('<p>正文</p>')).toContain('class="post-cover"');
    const other = '<p><img alt="a > b" src="https://img.example.cn/other.jpg"></p><p><img src="x"></p>';
    expect(page(other)).toContain('class="post-cover"');
    // The cover further down the article is still a picture the top of the page lacks.
    expect(page(`${other}<img src="${cover.replace(/&/g, '&amp;')}">`)).toContain('class="post-cover"');
  });

  it('compares the src attribute only, not an alt text or a data attribute that holds the URL', () => {
    const escaped = cover.replace(/&/g, '&amp;');
    expect(articleShowsCover(`<img alt="${escaped}" src="other.jpg">`, cover)).toBe(false);
    expect(articleShowsCover(`<img data-src="${escaped}" src="other.jpg">`, cover)).toBe(false);
    expect(articleShowsCover(`<img alt="x" src="${escaped}">`, cover)).toBe(true);
  });
});

describe('what a post page tells link previews and search engines', () => {
  const spec = (overrides: Partial<PostPageSpec>): PostPageSpec => ({
    path: 'posts/abc.html',
    title: '标题 </script><script>alert(1)</script> "引号"',
    source: 'ZAKER',
    categories: [],
    date: '2021-12-16T03:28:08.000Z',
    displayDate: '2021-12-16 11:28',
    dateKnown: true,
    cover,
    html: '<p>正文</p>',
    excerpt: '摘要 & 更多',
    link: 'https://www.myzaker.com/article/1?a=1&b=2',
    url: 'https://news.example.cn/posts/abc.html',
    modified: '2021-12-17T00:00:00.000Z',
    author: 'ZAKER',
    ...overrides,
  });

  it('gives Open Graph and Twitter tags, the original as canonical, and NewsArticle data', () => {
    const out = renderPostPage(frame, spec({}));
    expect(out).toContain('<link rel="canonical" href="https://www.myzaker.com/article/1?a=1&amp;b=2">');
    expect(out).toContain('<meta property="og:type" content="article">');
    expect(out).toContain('<meta property="og:url" content="https://news.example.cn/posts/abc.html">');
    expect(out).toContain(`<meta property="og:image" content="${cover.replace(/&/g, '&amp;')}">`);
    expect(out).toContain('<meta property="og:description" content="摘要 &amp; 更多">');
    expect(out).toContain('<meta name="twitter:card" content="summary_large_image">');
    // The title's markup ends neither an attribute nor the data's script element.
    expect(out.match(/<script type="application\/ld\+json">/g)).toHaveLength(1);
    expect(out.match(/<script\b(?! src="\.\.\/assets\/reader\.js")/g)).toHaveLength(1);
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/.exec(out)?.[1] ?? '';
    expect(JSON.parse(json)).toMatchObject({
      '@type': 'NewsArticle',
      headline: spec({}).title,
      image: [cover],
      datePublished: '2021-12-16T03:28:08.000Z',
      dateModified: '2021-12-17T00:00:00.000Z',
      author: [{ name: 'ZAKER' }],
      publisher: { name: 'newsmill' },
      mainEntityOfPage: 'https://news.example.cn/posts/abc.html',
      isBasedOn: 'https://www.myzaker.com/article/1?a=1&b=2',
    });
  });

  it('shares no picture and a small card for a post without one, and is its own canonical without a link', () => {
    const out = renderPostPage(frame, spec({ cover: null, link: null }));
    expect(out).not.toContain('og:image');
    expect(out).toContain('article:published_time');
    expect(out).toContain('<meta name="twitter:card" content="summary">');
    expect(out).toContain('<link rel="canonical" href="https://news.example.cn/posts/abc.html">');
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/.exec(out)?.[1] ?? '';
    expect(JSON.parse(json)).not.toHaveProperty('image');
  });

  it('claims no publication date for an item whose date is unknown', () => {
    const out = renderPostPage(frame, spec({ dateKnown: false }));
    expect(out).toContain('<span class="date-unknown">日期不详</span>');
    expect(out).not.toContain('<time');
    expect(out).not.toContain('article:published_time');
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/.exec(out)?.[1] ?? '';
    expect(JSON.parse(json)).not.toHaveProperty('datePublished');
  });
});
