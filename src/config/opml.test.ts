import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addSourcesToYaml } from './config-editor.js';
import { parseConfigText } from './load-config.js';
import { exportOpml } from './opml-export.js';
import { opmlFeedsToDrafts, parseOpml } from './opml-import.js';

const testdata = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata', 'opml');
const importFixture = (name: string) =>
  opmlFeedsToDrafts(parseOpml(readFileSync(path.join(testdata, name), 'utf8')), '未分类').drafts.map((d) => [
    d.url,
    d.categories.join(' / '),
  ]);

const config = parseConfigText(
  `rsshub: https://hub.example
sources:
  - url: feeds/zaker.xml
    categories: [新媒体, ZAKER, source]
  - url: rsshub:/36kr/news/latest
    categories: [新媒体, 36kr, 资讯]
  - url: "https://e.example/rss?a=1&b=<2>"
    categories: ['Q&A "quotes" <tags>', "it's", 📱 频道]
`,
  '/site/newsmill.yaml',
  {},
);

describe('OPML export', () => {
  it('nests category / source / channel and escapes every attribute', () => {
    expect(exportOpml(config.sources, 'My & site')).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0" xmlns:newsmill="https://github.com/newsmill/newsmill">
  <head>
    <title>My &amp; site</title>
  </head>
  <body>
    <outline text="新媒体" title="新媒体">
      <outline text="ZAKER" title="ZAKER">
        <outline type="rss" text="source" title="source" xmlUrl="file:///site/feeds/zaker.xml" newsmill:url="feeds/zaker.xml"/>
      </outline>
      <outline text="36kr" title="36kr">
        <outline type="rss" text="资讯" title="资讯" xmlUrl="https://hub.example/36kr/news/latest" newsmill:url="rsshub:/36kr/news/latest"/>
      </outline>
    </outline>
    <outline text="Q&amp;A &quot;quotes&quot; &lt;tags&gt;" title="Q&amp;A &quot;quotes&quot; &lt;tags&gt;">
      <outline text="it&apos;s" title="it&apos;s">
        <outline type="rss" text="📱 频道" title="📱 频道" xmlUrl="https://e.example/rss?a=1&amp;b=&lt;2&gt;"/>
      </outline>
    </outline>
  </body>
</opml>
`);
  });

  it('round-trips names with inner runs of spaces, tabs and line breaks', () => {
    const odd = parseConfigText(
      'sources:\n  - { url: "https://a.example/f", categories: [X, "Y  two", "tab\\there\\nline"] }\n',
      '/site/newsmill.yaml',
      {},
    );
    const imported = opmlFeedsToDrafts(parseOpml(exportOpml(odd.sources, 'x')), '未分类').drafts;
    expect(imported.map((draft) => draft.categories)).toEqual([['X', 'Y  two', 'tab\there\nline']]);
  });

  it('round-trips: export, import into an empty config, and the sources are the same but local files', () => {
    const imported = opmlFeedsToDrafts(parseOpml(exportOpml(config.sources, 'x')), '未分类');
    expect(imported.refused).toEqual([
      { url: 'feeds/zaker.xml', reason: expect.stringMatching(/newsmill sources add PATH/) as string },
    ]);
    const text = addSourcesToYaml('rsshub: https://hub.example\n', imported.drafts).text;
    const again = parseConfigText(text, '/site/newsmill.yaml', {});
    const remote = config.sources.slice(1);
    expect(again.sources.map((s) => [s.key, s.categories])).toEqual(remote.map((s) => [s.key, s.categories]));
    expect(exportOpml(again.sources, 'x')).toBe(exportOpml(remote, 'x'));
  });
});

describe('OPML import', () => {
  it('reads Miniflux (folders, no type attribute, entities in URLs)', () => {
    expect(importFixture('miniflux.opml')).toEqual([
      ['https://feeds.arstechnica.com/arstechnica/index', 'Tech / Ars Technica / Ars Technica'],
      [
        'https://hnrss.org/frontpage?points=100&count=30',
        'Tech / Hacker News & Friends / Hacker News & Friends',
      ],
      ['https://sspai.com/feed', '新闻 / 少数派 / 少数派'],
    ]);
  });

  it('reads FreshRSS (tab indentation, its own namespace)', () => {
    expect(importFixture('freshrss.opml')).toEqual([
      ['https://jvns.ca/atom.xml', 'Blogs / Julia Evans / Julia Evans'],
      ['https://simonwillison.net/atom/everything/', 'Blogs / Simon Willison / Simon Willison'],
    ]);
  });

  it('reads Inoreader (text preferred over title, feeds outside folders)', () => {
    expect(importFixture('inoreader.opml')).toEqual([
      ['https://www.nature.com/nature.rss', 'Science / Nature / Nature'],
      ['https://loose.example/rss', '未分类 / Loose feed / Loose feed'],
    ]);
  });

  it('reads Feedly (title only, type="atom", xmlURL spelling, no title at all)', () => {
    expect(importFixture('feedly.opml')).toEqual([
      ['https://www.smashingmagazine.com/feed/', 'Design / Smashing Magazine / Smashing Magazine'],
      ['https://no-title.example/atom', 'Design / no-title.example / no-title.example'],
    ]);
  });

  it('normalizes no folders and deep folders to three levels', () => {
    expect(importFixture('flat.opml')).toEqual([
      ['https://one.example/feed', '未分类 / One / One'],
      ['https://two.example/feed', '未分类 / Two / Two'],
      ['https://three.example/feed', 'Deep / Deeper / Deepest - Three'],
    ]);
  });

  it('takes only http(s) URLs and rsshub: routes that stay inside the instance', () => {
    const urls = [
      'https://ok.example/feed',
      'rsshub:/ok/route?limit=../5',
      'file:///etc/passwd',
      '/etc/passwd',
      '../../victim/feed.xml',
      'feeds/local.xml',
      'C:\\Windows\\win.ini',
      'javascript:alert(1)',
      'ftp://ftp.example/feed.xml',
      'rsshub:/../../etc/passwd',
      'rsshub:/a/%2e%2E/%2e%2e/b',
      'rsshub:/a/%252e%252e/b',
      'https://bad.example/\u0007feed',
    ];
    const outlines = urls.map((url) => `<outline text="f" xmlUrl="${url.replace(/&/g, '&amp;')}"/>`).join('');
    const result = opmlFeedsToDrafts(parseOpml(`<opml><body>${outlines}</body></opml>`), 'top');
    expect(result.drafts.map((draft) => draft.url)).toEqual([
      'https://ok.example/feed',
      'rsshub:/ok/route?limit=../5',
    ]);
    expect(result.refused.map((entry) => entry.url)).toEqual(urls.slice(2));
    expect(result.refused[0]?.reason).toMatch(/only http\(s\) URLs and rsshub: routes/);
    expect(result.refused[5]?.reason).toMatch(/unsupported URL scheme "javascript:"/);
    expect(result.refused[7]?.reason).toMatch(/must stay inside the RSSHub instance/);
    const newsmillUrl = '<outline text="f" xmlUrl="https://a.example/f" newsmill:url="/etc/passwd"/>';
    expect(opmlFeedsToDrafts(parseOpml(`<opml><body>${newsmillUrl}</body></opml>`), 't').drafts).toEqual([]);
  });

  it('removes terminal control characters and bidi overrides from titles and folders', () => {
    const opml = `<opml><body><outline text="Tech&#x1b;[2J&#x202E;">
      <outline text="\u001b]0;owned\u0007News\u009b31m" xmlUrl="https://a.example/f"/>
      <outline title="A&#x0d;B\u0085C" xmlUrl="https://b.example/f"/></outline></body></opml>`;
    expect(opmlFeedsToDrafts(parseOpml(opml), 'top').drafts.map((draft) => draft.categories)).toEqual([
      ['Tech', 'News', 'News'],
      ['Tech', 'ABC', 'ABC'],
    ]);
  });

  it('refuses a file that is not OPML', () => {
    expect(() => parseOpml('<rss version="2.0"></rss>')).toThrow(/not an OPML file/);
  });
});
