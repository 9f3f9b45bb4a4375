import { createRequire } from 'node:module';
import { Readability } from '@mozilla/readability';
import { extractArticle } from '../src/fulltext/extract-article.js';
import { alternate, reportTimes, roundsFor, timeMs } from './protocol.js';

const require = createRequire(import.meta.url);
// jsdom ships no types of its own; this bench only needs its constructor.
const { JSDOM } = require('jsdom') as {
  JSDOM: new (html: string, options: { url: string }) => { window: { document: unknown } };
};

/** A news article page as Chinese sites serve them: navigation, sidebars, comments, ads, the article. */
function makePage(index: number): string {
  const paragraph =
    '记者从有关部门获悉，新一轮消费补贴政策将于下月起实施，覆盖家电、汽车和数码产品等多个品类，预计带动消费超过千亿元。';
  const nav = Array.from({ length: 40 }, (_, i) => `<li><a href="/channel/${i}">频道${i}</a></li>`).join('');
  const side = Array.from(
    { length: 30 },
    (_, i) => `<li><a href="/news/${i}"><img src="/thumb/${i}.jpg">热门新闻标题 ${i}</a></li>`,
  ).join('');
  const article = Array.from(
    { length: 25 },
    (_, i) =>
      `<p>${paragraph}</p>${i % 5 === 0 ? `<p><img src="/img/${index}-${i}.jpg" alt="配图"></p>` : ''}`,
  ).join('');
  const comments = Array.from(
    { length: 20 },
    (_, i) => `<div class="comment"><span>网友${i}</span><p>说得好，支持！</p></div>`,
  ).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>新闻 ${index}</title><script>var ad = 1;</script></head><body>
<header><ul class="nav">${nav}</ul></header><div class="main"><aside class="sidebar"><ul>${side}</ul></aside>
<article class="post"><h1>消费补贴新政 ${index}</h1><div class="meta">2021-12-16 11:28 来源：新华社</div>${article}</article>
<section class="comments">${comments}</section></div><footer>版权所有 © 2021</footer></body></html>`;
}

/** Readability on linkedom (what newsmill uses) against Readability on jsdom, on the same pages. */
export default async function fulltextBenchmark(): Promise<void> {
  const pages = Array.from({ length: 40 }, (_, i) => makePage(i));
  const bytes = pages.reduce((sum, page) => sum + Buffer.byteLength(page), 0);
  const url = 'https://news.example.cn/a.html';
  const contenders = [
    {
      name: 'linkedom + Readability',
      run: () => timeMs(() => pages.forEach((page) => extractArticle(page, url))),
    },
    {
      name: 'jsdom 26 + Readability',
      run: () =>
        timeMs(() =>
          pages.forEach((page) => new Readability(new JSDOM(page, { url }).window.document as never).parse()),
        ),
    },
  ];
  // Warm both JITs before any round is timed, so that going first is no handicap.
  for (const contender of contenders) await contender.run();
  const times = await alternate(contenders, roundsFor(7));
  const megabytes = bytes / 1024 / 1024;
  reportTimes(
    `fulltext: ${pages.length} article pages (${megabytes.toFixed(1)} MB)`,
    contenders.map((contender) => contender.name),
    times,
    (ms) => `${(megabytes / (ms / 1000)).toFixed(1).padStart(6)} MB/s  `,
  );
}
