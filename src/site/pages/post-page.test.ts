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
  nav: [],
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
    cover: chosen,
    html,
    excerpt: '摘要',
    link: null,
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
