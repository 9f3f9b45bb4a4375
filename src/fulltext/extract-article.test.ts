import { describe, expect, it } from 'vitest';
import { ParseError } from '../core/errors.js';
import { extractArticle } from './extract-article.js';
import { MAX_PAGE_DEPTH, nestsDeeperThan } from './page-depth.js';

const paragraph =
  '新能源汽车下乡活动今日在多个城市同步收官，组织方公布的数据显示累计成交超过十万辆，带动相关消费。'.repeat(
    3,
  );
const page = `<!doctype html><html><head><title>文章页</title></head><body>
<nav><a href="/">首页</a> <a href="/news">新闻</a></nav>
<div class="sidebar"><p>热门推荐</p></div>
<article class="post-body"><h1>新能源汽车下乡活动收官</h1>
<p>${paragraph}</p><p><img src="/img/a.jpg" alt="现场"></p><p>${paragraph}</p></article>
<footer>版权所有</footer></body></html>`;

describe('extractArticle', () => {
  it('finds the article with Readability and drops navigation and footer', () => {
    const article = extractArticle(page, 'https://news.example.cn/2021/12/16/a.html');
    expect(article?.html).toContain('累计成交超过十万辆');
    expect(article?.html).not.toContain('版权所有');
    expect(article?.html).not.toContain('热门推荐');
  });

  it('uses the source CSS selector when given', () => {
    const article = extractArticle(page, 'https://news.example.cn/a.html', { selector: 'article.post-body' });
    expect(article?.html.startsWith('<article class="post-body">')).toBe(true);
    expect(extractArticle(page, 'https://news.example.cn/a.html', { selector: '.missing' })).toBeNull();
  });

  it('returns null for a page without an article', () => {
    expect(extractArticle('<html><body><p>登录</p></body></html>', 'https://a.cn/')).toBeNull();
  });
});

describe('extractArticle on hostile pages', () => {
  const nested = (depth: number): string =>
    `<html><head><title>t</title></head><body>${'<div>'.repeat(depth)}<p>${'word '.repeat(200)}</p>${'</div>'.repeat(depth)}</body></html>`;

  it('refuses a page nested past the limit at once, naming the limit', () => {
    const started = performance.now();
    // linkedom and Readability took 21 s on this page and then overflowed the stack.
    expect(() => extractArticle(nested(25_000), 'https://example.org/a')).toThrow(
      new ParseError(`the page nests elements deeper than ${MAX_PAGE_DEPTH} levels`),
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('still reads pages as deep as the limit, and flat pages of unclosed p, li and void elements', () => {
    expect(extractArticle(nested(MAX_PAGE_DEPTH - 4), 'https://example.org/a')?.html).toContain('word word');
    const flat = `<html><body><article>${'<p>one paragraph of words, and more words '.repeat(2000)}${'<li>x<br><img src=a.png>'.repeat(2000)}</article></body></html>`;
    expect(extractArticle(flat, 'https://example.org/a')?.html).toContain('one paragraph of words');
  });

  it('counts depth as HTML does: markup inside script, style and comments is text', () => {
    const script = `<script>${'<div>'.repeat(10_000)}</script><!-- ${'<div>'.repeat(10_000)} -->`;
    expect(nestsDeeperThan(`<html><body>${script}<div><div></div></div></body></html>`, 4)).toBe(false);
    expect(nestsDeeperThan('<div><span><b><i>deep</i></b></span></div>', 3)).toBe(true);
  });
});
