import { parseFeed as parseWithFeedParser } from '@rowanmanning/feed-parser';
import RssParser from 'rss-parser';
import { parseFeed } from '../src/parse/parse-feed.js';
import { measure, report } from './measure.js';

/** A realistic RSSHub-style feed: CDATA bodies with images, guids, dates, categories. */
function makeRss(items: number): string {
  const body =
    '<p>联播 +12 月 15 日下午，国家主席在北京举行视频会晤。</p><img data-original="http://zkres2.myzaker.com/a.jpg">'.repeat(
      8,
    );
  const entries = Array.from(
    { length: items },
    (
      _,
      i,
    ) => `<item><title><![CDATA[标题 ${i}: "quoted" & 'single']]></title><link>https://www.myzaker.com/article/${i}</link>
<guid isPermaLink="false">zaker-${i}</guid><pubDate>Thu, 16 Dec 2021 03:28:08 GMT</pubDate><category>新闻</category>
<dc:creator>ZAKER</dc:creator><description><![CDATA[${body}]]></description></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>ZAKER</title><link>https://www.myzaker.com/</link><description>d</description>${entries.join('\n')}</channel></rss>`;
}

/** An Atom feed with escaped HTML content, the other common shape. */
function makeAtom(items: number): string {
  const body = '&lt;p&gt;开源中国 新闻 &amp;amp; 社区&lt;/p&gt;&lt;img src="../img/logo.png"&gt;'.repeat(8);
  const entries = Array.from(
    { length: items },
    (_, i) => `<entry><id>tag:oschina.net,2021:${i}</id><title type="html">新闻 ${i} &amp;amp; more</title>
<link href="${i}/news"/><published>2021-12-16T11:28:08+08:00</published><updated>2021-12-16T11:28:08+08:00</updated>
<author><name>OSC</name></author><category term="开源"/><content type="html">${body}</content></entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://www.oschina.net/news/"><title>OSChina</title><id>x</id><updated>2021-12-16T11:28:08+08:00</updated>${entries.join('\n')}</feed>`;
}

/** newsmill's parser against rss-parser (the most used npm feed parser) and @rowanmanning/feed-parser. */
export default async function parseBenchmark(): Promise<void> {
  const rssParser = new RssParser();
  for (const [label, text] of [
    ['RSS 2.0, 2,000 items', makeRss(2000)],
    ['Atom 1.0, 2,000 items', makeAtom(2000)],
  ] as const) {
    const sizeMb = (Buffer.byteLength(text) / 1024 / 1024).toFixed(1);
    const results = [
      await measure('newsmill parseFeed', () =>
        parseFeed(text, { url: 'https://example.com/feed', timezone: 'Asia/Shanghai' }),
      ),
      await measure('rss-parser 3.13', () => rssParser.parseString(text)),
      await measure('@rowanmanning/feed-parser 2.1', () => parseWithFeedParser(text)),
    ];
    report(`parse: ${label} (${sizeMb} MB)`, results);
  }
}
