import { describe, expect, it } from 'vitest';
import { parseStrictXml } from '../../test-support/strict-xml.js';
import { renderAtomFeed } from './atom-feed.js';
import type { FeedDocument, FeedEntry } from './feed-document.js';
import { renderRssFeed } from './rss-feed.js';

// Every C0 control, DEL and a lone surrogate: sanitized bodies and titles hold them (a feed's `&#x1b;`
// decodes to U+001B), and XML 1.0 cannot carry most of them, not even as references.
const CONTROLS = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).join('') + '\u007f\uD800';

const entry: FeedEntry = {
  title: `标题${CONTROLS}"'<&>`,
  url: 'https://site.example/posts/1.html?a=1&b=2',
  externalUrl: 'https://news.example/a?x=1&y="2"',
  published: '2021-12-16T03:28:08.000Z',
  updated: '2021-12-17T03:28:08.000Z',
  author: `作者${CONTROLS}`,
  categories: ['新\t媒体', 'ZA\nKER', 'so\r\nurce'],
  html: `<p>a${CONTROLS}b ]]> c</p>`,
  summary: `摘要${CONTROLS}`,
  image: 'https://i.example/a.jpg',
};

const feed: FeedDocument = {
  title: `newsmill${CONTROLS}`,
  description: '新媒体 / ZAKER',
  language: 'zh-CN',
  pageUrl: 'https://site.example/',
  selfUrl: 'https://site.example/atom.xml?x=1&y=2',
  updated: '2021-12-17T03:28:08.000Z',
  entries: [entry],
};

// What an XML 1.0 document can hold of CONTROLS: tab, LF and CR (DEL is allowed too).
const kept = (text: string): string => text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/g, '');
// A CDATA section cannot escape CR, which a reader turns into LF (XML 1.0 §2.11); HTML does not mind.
const inCdata = (text: string): string => kept(text).replace(/\r\n?/g, '\n');

describe('site feeds', () => {
  it('Atom: well-formed with controls anywhere, which are dropped; category terms read back exactly', () => {
    const document = parseStrictXml(renderAtomFeed(feed));
    const text = (name: string): string | null | undefined =>
      document.getElementsByTagName(name)[0]?.textContent;
    const entryTitle = document.getElementsByTagName('entry')[0]?.getElementsByTagName('title')[0];
    expect(entryTitle?.textContent).toBe(kept(entry.title));
    expect(document.getElementsByTagName('content')[0]?.textContent).toBe(inCdata(entry.html));
    expect(text('summary')).toBe(kept(entry.summary));
    expect(text('name')).toBe(kept(entry.author));
    const terms = [...document.getElementsByTagName('category')].map((c) => c.getAttribute('term'));
    expect(terms).toEqual(entry.categories);
    const related = [...document.getElementsByTagName('link')].find(
      (l) => l.getAttribute('rel') === 'related',
    );
    expect(related?.getAttribute('href')).toBe(entry.externalUrl);
  });

  it('RSS: well-formed with controls anywhere, which are dropped', () => {
    const document = parseStrictXml(renderRssFeed(feed));
    const item = document.getElementsByTagName('item')[0];
    expect(item?.getElementsByTagName('title')[0]?.textContent).toBe(kept(entry.title));
    expect(item?.getElementsByTagName('description')[0]?.textContent).toBe(inCdata(entry.html));
    expect([...document.getElementsByTagName('category')].map((c) => c.textContent)).toEqual(
      entry.categories,
    );
  });
});
