import { describe, expect, it } from 'vitest';
import { extractArticle } from './extract-article.js';

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
