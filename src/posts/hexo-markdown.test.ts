import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeXmlText } from '../io/xml-escape.js';
import { parseConfigText } from '../config/load-config.js';
import { runAllSources } from '../pipeline/run-all.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { copyDemo } from '../test-support/demo-site.js';
import {
  createHexoSite,
  generateHexoSite,
  readPostPage,
  type HexoGenerateResult,
  type HexoPostInfo,
} from '../test-support/hexo-site.js';
import { storeFileOf } from '../test-support/store-file.js';

// Markdown and file-name hazards of newsmill's `.md` posts in a real Hexo 8 site (marked renderer,
// landscape theme). Each `it.fails` pins a known incompatibility with the input that triggers it;
// the fix belongs in newsmill's post output (see the report of the "real-Hexo compatibility" issues).

/** A code sample with a blank line and indented lines after it, as most real code samples have. */
const CODE_WITH_BLANK_LINE = [
  'function greet(user) {',
  '  return `Hi ${user.name}`; // {{ user.name }} in Vue, *not* emphasis',
  '}',
  '',
  '    const tpl = "{% raw %}{{ x }}{% endraw %}";',
  'see [the docs](https://example.com/docs) and {# note #}',
].join('\n');

/** A Markdown tutorial quoting a fenced block inside its `<pre>`; the closing fence ends a line. */
const CODE_WITH_FENCE = ['In Markdown:', '```js', 'console.log("{{ a }}");', '```', ''].join('\n');

function item(guid: string, title: string, html: string): string {
  return (
    `<item><title>${escapeXmlText(title)}</title><link>https://hazard.example/${guid}</link>` +
    `<guid isPermaLink="false">${guid}</guid><pubDate>Thu, 16 Dec 2021 03:28:08 GMT</pubDate>` +
    `<description><![CDATA[${html}]]></description></item>`
  );
}

function rss(items: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>hazards</title><link>https://hazard.example/</link>\n${items.join('\n')}\n</channel></rss>\n`;
}

const FEED = rss([
  item(
    'pre-blank-line',
    'Code with a blank line',
    `<p>Before</p><pre><code class="language-js">${escapeXmlText(CODE_WITH_BLANK_LINE)}</code></pre><p>After</p>`,
  ),
  item(
    'pre-fence',
    'Code quoting a Markdown fence',
    `<pre><code>${escapeXmlText(CODE_WITH_FENCE)}</code></pre>`,
  ),
  item(
    'text-blank-line',
    'Text with blank lines',
    '<div>第一段<br>\n\n# 不是标题 *不是强调* {{ x }}\n</div>',
  ),
  item('underscore-title', '_config.yml 的三个坑', '<p>Hexo hides files that start with an underscore.</p>'),
  item('plain', 'A plain post', '<p>Nothing special {{ here }}.</p>'),
]);

const EMOJI_FEED = rss([item('emoji-channel', 'In an emoji-only channel', '<p>热榜</p>')]);

let demoDir = '';
let siteDir = '';
let store: Store | null = null;
let result: HexoGenerateResult;
const postsByGuid = new Map<string, HexoPostInfo | undefined>();

beforeAll(async () => {
  demoDir = copyDemo();
  siteDir = createHexoSite();
  writeFileSync(path.join(demoDir, 'feeds', 'hazards.xml'), FEED);
  writeFileSync(path.join(demoDir, 'feeds', 'emoji.xml'), EMOJI_FEED);
  const config = parseConfigText(
    [
      `output: { hexo: ${JSON.stringify(siteDir)} }`,
      'sources:',
      '  - { url: feeds/hazards.xml, categories: [编程, Hazards, 测试] }',
      "  - { url: feeds/emoji.xml, categories: [热榜, 微博, '🔥'] }",
      '  - { url: feeds/zaker.xml, categories: [新媒体, ZAKER, source] }',
    ].join('\n'),
    path.join(demoDir, 'newsmill.yaml'),
    {},
  );
  store = openSqliteStore(storeFileOf(config));
  const summary = await runAllSources({ config, store });
  expect(summary.sourcesFailed).toBe(0);
  result = await generateHexoSite(siteDir);
  for (const source of config.sources) {
    for (const stored of await store.listItems(source.key)) {
      const relative = await store.getOutputFile('hexo', source.key, stored.identity);
      const source_ = `_posts/${(relative ?? '').split(path.sep).join('/')}`;
      postsByGuid.set(
        stored.id ?? stored.identity,
        result.posts.find((post) => post.source === source_),
      );
    }
  }
}, 60_000);

afterAll(async () => {
  await store?.close();
  store = null;
  for (const dir of [demoDir, siteDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

function pageOf(guid: string) {
  const post = postsByGuid.get(guid);
  if (!post) throw new Error(`Hexo has no post for ${guid}`);
  return readPostPage(result.publicDir, post.path);
}

describe('article HTML that Hexo could read as Markdown, and post file names Hexo could skip', () => {
  it('generates without a Hexo warning or error, and renders a plain post', () => {
    expect(result.problems).toEqual([]);
    expect(pageOf('plain').bodyText).toContain('Nothing special {{ here }}.');
  });

  // marked ends an HTML block at the first blank line (CommonMark §4.6, condition 6); unless newsmill
  // keeps every line non-blank (content/html-escape.ts), the rest of the <pre> is read as Markdown:
  // the indented line becomes a nested code block whose `&#123;` are escaped again (`&amp;#123;`,
  // shown as "&#123;"), `[the docs](…)` becomes a link, and indentation after the blank line is lost.
  it('keeps a code block with a blank line exactly as written', () => {
    expect(pageOf('pre-blank-line').codeBlocks).toEqual([CODE_WITH_BLANK_LINE]);
  });

  // Hexo's backtick_code_block filter (before_post_render) matches a fence at any line start, even
  // inside raw HTML, and replaces it with a highlighted <figure> whose text escapes the entities again:
  // the page showed `console.log("&#123;&#123; a &#125;&#125;");` inside a table. newsmill writes the
  // fence's characters as `&#96;` / `&#126;`, so the filter's regex does not match.
  it('keeps a Markdown fence quoted inside <pre> as text', () => {
    expect(pageOf('pre-fence').bodyText).toContain(CODE_WITH_FENCE);
  });

  // The same blank-line rule outside <pre>: `# …` would become an <h1>, `*…*` emphasis.
  it('keeps text after a blank line as text, not Markdown', () => {
    expect(pageOf('text-blank-line').bodyText).toContain('# 不是标题 *不是强调* {{ x }}');
  });

  // Hexo skips every post whose path below _posts/ has a segment starting with `_` (isHiddenFile in
  // hexo/dist/plugins/processor/post.js), and `include:` does not bring it back. newsmill names such
  // a file after a title starting with `_`, and names a category folder `_` when no character of the
  // category is safe (an emoji-only channel such as 🔥): both posts silently vanish from the site.
  it('publishes a post whose title starts with an underscore', () => {
    expect(postsByGuid.get('underscore-title')).toBeDefined();
  });

  it('publishes a post whose channel is an emoji only', () => {
    expect(postsByGuid.get('emoji-channel')).toBeDefined();
  });
});

describe('dates in a Hexo site with `timezone` set', () => {
  // Hexo reads every front-matter date as a wall-clock time in `timezone` (hexojs/hexo#4548): it
  // parses `Thu, 16 Dec 2021 03:28:08 GMT` to the right instant, then moves it by the difference
  // between the process's zone and `timezone`. newsmill's GMT dates are exact only when `timezone`
  // is empty (Hexo's default) or equals the zone `hexo generate` runs in (TZ).
  it('moves every post by the offset between the process zone and `timezone`', async () => {
    // A zone without daylight saving that differs from the process's zone, so the shift is visible.
    const processIsShanghai = new Date('2021-12-16T03:28:08Z').getTimezoneOffset() === -8 * 60;
    const [zone, zoneOffset] = processIsShanghai ? ['America/Bogota', -5 * 60] : ['Asia/Shanghai', 8 * 60];
    const zonedSite = createHexoSite({ timezone: zone });
    try {
      cpSync(path.join(siteDir, 'source', '_posts'), path.join(zonedSite, 'source', '_posts'), {
        recursive: true,
      });
      const zoned = await generateHexoSite(zonedSite);
      expect(zoned.problems).toEqual([]);
      const exact = new Map(result.posts.map((post) => [post.source, post.date]));
      expect(zoned.posts.length).toBe(result.posts.length);
      for (const post of zoned.posts) {
        const instant = Date.parse(exact.get(post.source) ?? '');
        const shiftMs = (zoneOffset + new Date(instant).getTimezoneOffset()) * 60_000;
        expect(shiftMs).not.toBe(0);
        expect(Date.parse(post.date), post.source).toBe(instant - shiftMs);
      }
    } finally {
      rmSync(zonedSite, { recursive: true, force: true });
    }
  });
});
