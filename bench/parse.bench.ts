import { parseFeed as parseWithFeedParser } from '@rowanmanning/feed-parser';
import { XMLParser } from 'fast-xml-parser';
import { parseFeed as parseWithFeedsmith } from 'feedsmith';
import { Parser } from 'htmlparser2';
import RssParser from 'rss-parser';
import { parseFeed } from '../src/parse/parse-feed.js';
import { benchAdversarialShapes } from './parse-adversarial.js';
import {
  alternate,
  conditionsNote,
  formatSpread,
  MIN_ROUNDS,
  ratiosOf,
  roundsFor,
  spreadOf,
} from './protocol.js';

/** A generated feed document and how many items it holds. */
interface CorpusFeed {
  text: string;
  items: number;
}

// A seeded generator so every run (and every machine) parses the same corpus.
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SENTENCES = [
  '国务院新闻办公室今天上午举行新闻发布会，介绍今年前三季度国民经济运行情况。',
  '记者从教育部获悉，“双减”政策落地一周年，学生作业负担明显减轻。',
  '据中央气象台消息，受冷空气影响，北方大部地区气温将下降６至８℃。',
  '开源社区发布了新版本，修复了多个安全漏洞，并改进了性能&nbsp;表现。',
  '分析人士指出，数字经济正在成为推动高质量发展的重要引擎&mdash;&mdash;尤其在制造业。',
  '新华社北京12月16日电 国家主席今天下午在北京举行视频会晤。',
  '该公司第三季度营收同比增长23.5%，净利润达到12亿元人民币。',
];

function chineseHtml(random: () => number, paragraphs: number): string {
  const parts: string[] = [];
  for (let p = 0; p < paragraphs; p++) {
    const sentences = Array.from(
      { length: 2 + Math.floor(random() * 4) },
      () => SENTENCES[Math.floor(random() * SENTENCES.length)],
    ).join('');
    parts.push(`<p>${sentences}</p>`);
    if (random() < 0.4) {
      parts.push(
        `<p><img src="/uploads/2021/12/${Math.floor(random() * 1e6)}.jpg" data-original="https://img.example.cn/${p}.jpg" alt="图片"></p>`,
      );
    }
    if (random() < 0.3) parts.push(`<p>来源：<a href="https://news.example.cn/${p}.html">新闻网</a></p>`);
  }
  return parts.join('');
}

const escapeXml = (html: string): string =>
  html.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RSSHub-style RSS 2.0 feed: CDATA bodies, guids, RFC 822 dates, Dublin Core, media thumbnails. */
function makeRss(random: () => number, index: number, items: number): string {
  const entries: string[] = [];
  for (let i = 0; i < items; i++) {
    const body = chineseHtml(random, 2 + Math.floor(random() * 5));
    const day = 1 + (i % 28);
    entries.push(`<item>
<title><![CDATA[第${index}号源 新闻标题 ${i}：“引号” & 符号]]></title>
<link>https://www.example.cn/article/${index}/${i}.html</link>
<guid isPermaLink="false">src-${index}-${i}</guid>
<pubDate>Thu, ${String(day).padStart(2, '0')} Dec 2021 03:28:08 +0800</pubDate>
<dc:creator>记者 张三</dc:creator><category>国内</category><category>经济</category>
<description><![CDATA[${body.slice(0, 200)}]]></description>
<content:encoded><![CDATA[${body}]]></content:encoded>
<media:thumbnail url="https://img.example.cn/thumb/${index}-${i}.jpg"/>
</item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>新闻源 ${index}</title><link>https://www.example.cn/</link><description>最新新闻</description>
${entries.join('\n')}
</channel></rss>`;
}

/** An Atom 1.0 feed with escaped HTML content, an xml:base and relative links. */
function makeAtom(random: () => number, index: number, items: number): string {
  const entries: string[] = [];
  for (let i = 0; i < items; i++) {
    const body = escapeXml(chineseHtml(random, 2 + Math.floor(random() * 5)));
    entries.push(`<entry><id>tag:oschina.example,2021:${index}-${i}</id>
<title type="html">开源新闻 ${i} &amp;amp; 社区动态</title>
<link rel="alternate" type="text/html" href="news/${index}/${i}"/>
<published>2021-12-16T11:28:08+08:00</published><updated>2021-12-17T09:00:00+08:00</updated>
<author><name>开源中国</name></author><category term="开源"/><category term="软件"/>
<summary type="html">${escapeXml('<p>摘要</p>')}</summary>
<content type="html">${body}</content></entry>`);
  }
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://www.oschina.example/"><title>开源中国 ${index}</title>
<id>tag:oschina.example,2021:feed-${index}</id><updated>2021-12-17T09:00:00+08:00</updated><link href="/"/>
${entries.join('\n')}
</feed>`;
}

function makeCorpus(feeds: number): CorpusFeed[] {
  const random = createRandom(20211216);
  return Array.from({ length: feeds }, (_, index) => {
    const items = 5 + Math.floor(random() * 40);
    const text = index % 2 === 0 ? makeRss(random, index, items) : makeAtom(random, index, items);
    // Flattened now, so that no contender pays for flattening V8's concatenated strings.
    return { text: Buffer.from(text).toString(), items };
  });
}

interface Contender {
  name: string;
  parse: (text: string) => unknown;
}

async function timeCorpus(contender: Contender, corpus: CorpusFeed[]): Promise<number> {
  const start = process.hrtime.bigint();
  for (const feed of corpus) await contender.parse(feed.text);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * newsmill's parser against feedsmith, @rowanmanning/feed-parser and rss-parser on one generated
 * corpus of Chinese RSS and Atom feeds, with htmlparser2 and fast-xml-parser as the tokenizing ceiling,
 * then on adversarial shapes (deep nesting and the like; see parse-adversarial.ts).
 */
export default async function parseBenchmark(): Promise<void> {
  const corpus = makeCorpus(600);
  const megabytes = corpus.reduce((sum, feed) => sum + Buffer.byteLength(feed.text), 0) / 1024 / 1024;
  const items = corpus.reduce((sum, feed) => sum + feed.items, 0);
  const rssParser = new RssParser();
  const fastXmlParser = new XMLParser({ ignoreAttributes: false });
  const noop = (): void => {};
  const contenders: Contender[] = [
    {
      name: 'newsmill parseFeed',
      parse: (text) => parseFeed(text, { url: 'https://example.cn/feed', timezone: 'Asia/Shanghai' }),
    },
    { name: 'feedsmith 3.0', parse: (text) => parseWithFeedsmith(text) },
    { name: '@rowanmanning/feed-parser 2.1', parse: (text) => parseWithFeedParser(text) },
    { name: 'rss-parser 3.13', parse: (text) => rssParser.parseString(text) },
    {
      name: 'ceiling: htmlparser2 10, xmlMode (no-op)',
      parse: (text) => {
        new Parser({ onopentag: noop, ontext: noop, onclosetag: noop }, { xmlMode: true }).end(text);
      },
    },
    {
      // The options newsmill runs htmlparser2 with: entities decoded by newsmill, CDATA kept verbatim.
      name: 'ceiling: htmlparser2 10, as newsmill configures it (no-op)',
      parse: (text) => {
        const handlers = {
          onopentag: noop,
          ontext: noop,
          onclosetag: noop,
          oncdatastart: noop,
          oncdataend: noop,
        };
        new Parser(handlers, { xmlMode: true, decodeEntities: false, recognizeCDATA: true }).end(text);
      },
    },
    { name: 'ceiling: fast-xml-parser 5.12', parse: (text) => fastXmlParser.parse(text) },
  ];

  console.log(
    `\nparse: ${corpus.length} feeds (RSS 2.0 and Atom 1.0), ${items} items, ${megabytes.toFixed(1)} MB`,
  );
  const rounds = roundsFor(7);
  // One untimed round first warms every parser's JIT, so that going first is no handicap.
  for (const contender of contenders) await timeCorpus(contender, corpus);
  const times = await alternate(
    contenders.map((contender) => ({ name: contender.name, run: () => timeCorpus(contender, corpus) })),
    rounds,
  );
  const results = contenders.map((contender, index) => ({
    name: contender.name,
    ms: spreadOf(times[index] ?? []).median,
    times: times[index] ?? [],
  }));
  const newsmill = results[0]?.ms ?? 1;
  console.log(`\n${rounds} alternating rounds${conditionsNote()}; median (lowest–highest)`);
  console.log('\n| parser | time | MB/s | items/s | time ÷ newsmill |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const { name, ms, times: own } of results) {
    const mbPerSecond = (megabytes / (ms / 1000)).toFixed(1);
    const itemsPerSecond = Math.round(items / (ms / 1000)).toLocaleString('en-US');
    const ratio = formatSpread(ratiosOf(own, results[0]?.times ?? []), 2);
    console.log(
      `| ${name} | ${formatSpread(spreadOf(own), 0, 'ms')} | ${mbPerSecond} | ${itemsPerSecond} | ${ratio}× |`,
    );
  }
  for (const ceiling of results.filter((result) => result.name.includes('htmlparser2'))) {
    const share = ((ceiling.ms / newsmill) * 100).toFixed(0);
    console.log(`\nnewsmill runs at ${share}% of the speed of ${ceiling.name.replace('ceiling: ', '')}.`);
  }
  await benchAdversarialShapes(MIN_ROUNDS);
}
