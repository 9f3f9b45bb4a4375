import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFeed } from '../parse/parse-feed.js';
import { listFiles } from '../test-support/demo-site.js';
import { editManifestRecords, readManifestRecords } from '../test-support/manifest-records.js';
import { buildSite } from './build-site.js';
import { createSiteDates } from './site-dates.js';
import { createSitePosts } from './site-posts.js';
import { prepareDemoStore, withSiteOutput, type DemoStore } from '../test-support/demo-build.js';

let demo: DemoStore;
let root = '';
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

/** The text of an HTML fragment without markup, for comparing with the feed's text. */
function decodeText(html: string): string {
  const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" };
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(lt|gt|amp|quot|#39);/g, (_, name: string) => entities[name] ?? '');
}

beforeAll(async () => {
  demo = await prepareDemoStore(5);
  root = demo.config.output.site;
  await buildSite({ config: demo.config, store: demo.store });
});
afterAll(async () => {
  await demo.dispose();
});

describe('buildSite over the demo', () => {
  it('writes a post page per item with title, source, categories, local date, cover, body and original link', async () => {
    // Headers, as a build reads them: their sequence dates an undated item by its neighbours.
    const items = await demo.store.listItemHeaders();
    const posts = createSitePosts(items, await demo.store.listSources(), new Map());
    expect(posts).toHaveLength(24);
    const dates = createSiteDates('Asia/Shanghai');
    for (const post of posts) {
      const html = read(post.path);
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).toMatch(/<h1>[^<]+<\/h1>/);
      expect(html).toContain(`<time datetime="${post.date}">${dates.display(post.date)}</time>`);
      const crumbs = /<nav class="breadcrumbs"[^>]*>(.*?)<\/nav>/.exec(html)?.[1] ?? '';
      expect(crumbs.replace(/<[^>]+>/g, '')).toBe(post.categories.join(' / '));
      // The cover shows once: above the article, or as the article's own first image.
      const cover = /<img class="post-cover" src="([^"]*)"/.exec(html)?.[1];
      const body = html.slice(html.indexOf('<div class="article-body">'));
      const firstImage = /<img\b[^>]*?\ssrc="([^"]*)"/.exec(body)?.[1];
      if (cover !== undefined) expect(firstImage).not.toBe(cover);
      // No stock photo from an outside service: an item without a picture shows none here.
      expect(html).not.toContain('picsum.photos');
      expect(html).toContain('<meta property="og:type" content="article">');
      const data = /<script type="application\/ld\+json">(.*?)<\/script>/.exec(html)?.[1] ?? '';
      expect(JSON.parse(data)).toMatchObject({ '@type': 'NewsArticle', headline: post.title });
      // No script from an article: the page's own are its JSON-LD data and the reader's script.
      const own =
        /<script type="application\/ld\+json">[^<]*<\/script>|<script src="\.\.\/assets\/reader\.[0-9a-f]{12}\.js"[^>]*><\/script>/g;
      expect(html.replace(own, '')).not.toMatch(/<script/i);
      expect(html).not.toContain('&#123;');
      for (const img of html.match(/<img\b[^>]*>/g) ?? []) {
        expect(img).toContain('referrerpolicy="no-referrer"');
        expect(img).toMatch(/\salt=/);
      }
      // Every demo item has an http(s) link, so every page must link to it.
      expect(post.item.link).toMatch(/^https?:\/\/[^"&<>]+$/);
      const original =
        /<p class="original"><a href="([^"]+)" rel="noopener noreferrer nofollow">阅读原文<\/a><\/p>/;
      expect(original.exec(html)?.[1]).toBe(post.item.link);
    }
    const zaker = posts.find((post) => post.item.sourceKey === 'feeds/zaker.xml');
    expect(read(zaker?.path ?? '')).toContain('<p class="meta">ZAKER · <time');
  });

  it('keeps template braces of code blocks as they are, unescaped', async () => {
    // The juejin demo item whose code blocks hold Vue and Nunjucks braces (its title has some too,
    // so only the article body is searched).
    const posts = createSitePosts(await demo.store.listAllItems(), await demo.store.listSources(), new Map());
    const post = posts.find(
      (candidate) => candidate.item.link === 'https://juejin.cn/post/7041823456789012345',
    );
    const body = /<div class="article-body">([\s\S]*)<\/div>\s*<p class="original">/.exec(
      read(post?.path ?? ''),
    )?.[1];
    const blocks = [...(body ?? '').matchAll(/<pre><code[^>]*>([\s\S]*?)<\/code><\/pre>/g)];
    expect(blocks.map((block) => decodeText(block[1] ?? ''))).toEqual([
      '<div id="app">\n  <p>你好，{{ user.name }}！</p>\n  <p>{{ user.tags | join(", ") }}</p>\n</div>\n',
      '{% raw %}\n<span>{{ message }}</span>\n{% endraw %}\n{# 这是一条 Nunjucks 注释，不会输出 #}\n',
    ]);
    expect(body).toContain('<code>${ }</code>');
  });

  it('paginates the home page with stable numbered pages', () => {
    const home = read('index.html');
    // 24 posts at 5 per page: the home page holds 9, then pages 3, 2 and 1 of 5 each.
    expect(home.match(/class="post-card"/g)).toHaveLength(9);
    // Every card's meta starts with its source's badge: the initial on the source's colour.
    expect(
      home.match(/<p class="meta"><span class="source-badge tone-\d" aria-hidden="true">[^<]<\/span><time /g),
    ).toHaveLength(9);
    expect(home).toMatch(/<span class="source-badge tone-\d" aria-hidden="true">Z<\/span>/);
    expect(home).toContain('<a rel="next" href="page/3.html">');
    expect(read('page/3.html')).toContain('<a rel="prev" href="../">');
    expect(read('page/2.html').match(/class="post-card"/g)).toHaveLength(5);
    expect(read('page/1.html')).not.toContain('rel="next"');
    expect(existsSync(path.join(root, 'page/4.html'))).toBe(false);
    // One cover image per card, each lazy and sent without a referrer.
    const images = home.match(/<img\b[^>]*>/g) ?? [];
    expect(images).toHaveLength(9);
    for (const img of images) {
      expect(img).toContain('loading="lazy"');
      expect(img).toContain('referrerpolicy="no-referrer"');
    }
  });

  it('writes a page and feeds for each category level, linking down to the next level', () => {
    const top = read('categories/编程/index.html');
    expect(top).toContain('<h1>编程</h1>');
    expect(top).toContain('href="%E6%8E%98%E9%87%91/">掘金 <span class="meta">(4)</span>');
    const channel = read('categories/编程/掘金/热门/index.html');
    expect(channel.match(/class="post-card"/g)).toHaveLength(4);
    expect(channel).toContain('<nav class="breadcrumbs" aria-label="位置"><a href="../../../../">首页</a>');
    // By default a category has one feed, in Atom, and its pages link that one; home has three.
    for (const dir of ['categories/编程/', 'categories/编程/掘金/', 'categories/编程/掘金/热门/'])
      expect(
        ['atom.xml', 'rss.xml', 'feed.json'].map((feed) => existsSync(path.join(root, dir, feed))),
      ).toEqual([true, false, false]);
    expect(top.match(/<link rel="alternate"[^>]*>/g)).toEqual([
      '<link rel="alternate" type="application/atom+xml" title="编程 (Atom)" href="atom.xml">',
    ]);
    expect(read('index.html').match(/<link rel="alternate" type="[^"]*"/g)).toEqual([
      '<link rel="alternate" type="application/atom+xml"',
      '<link rel="alternate" type="application/rss+xml"',
      '<link rel="alternate" type="application/feed+json"',
    ]);
    const pages = listFiles(path.join(root, 'categories/编程')).filter((file) => file.endsWith('.html'));
    expect(pages).toContain('page/1.html');
  });

  it('writes feeds that newsmill’s own parser reads back completely', () => {
    // The site's feeds carry the newest 20 posts; the 掘金 and cnBeta categories have 4 each.
    for (const [file, format, count] of [
      ['atom.xml', 'atom', 20],
      ['rss.xml', 'rss', 20],
      ['feed.json', 'json', 20],
      ['categories/编程/掘金/热门/atom.xml', 'atom', 4],
      ['categories/科技/atom.xml', 'atom', 4],
    ] as const) {
      const feed = parseFeed(read(file), { timezone: 'UTC' });
      expect(feed.format).toBe(format);
      expect(feed.warnings).toEqual([]);
      expect(feed.items).toHaveLength(count);
      for (const item of feed.items) {
        expect(item.title).toBeTruthy();
        expect(item.link).toMatch(
          /^https:\/\/example\.github\.io\/newsmill-demo\/posts\/[0-9a-f]{12}\.html$/,
        );
        expect(item.published).toMatch(/^\d{4}-\d\d-\d\dT/);
        expect(item.content).toBeTruthy();
      }
    }
    const titles = parseFeed(read('rss.xml'), { timezone: 'UTC' }).items.map((item) => item.title);
    expect(titles.some((title) => title?.includes("'") || title?.includes('"') || title?.includes('&'))).toBe(
      true,
    );
  });

  it('writes archives, 404, robots.txt and a sitemap of every page', () => {
    expect(read('archives/index.html')).toContain('href="2021/12/">2021-12</a>');
    expect(read('archives/2021/12/index.html')).toContain('class="post-card"');
    expect(read('404.html')).toContain('href="/newsmill-demo/"');
    expect(read('robots.txt')).toContain('Sitemap: https://example.github.io/newsmill-demo/sitemap.xml');
    const sitemap = read('sitemap.xml');
    const pages = listFiles(root).filter(
      (file) =>
        file.endsWith('.html') && !['404.html', 'offline.html'].includes(file) && !file.startsWith('search/'),
    );
    expect(sitemap.match(/<url>/g)).toHaveLength(pages.length);
    expect(sitemap).toContain(
      '<loc>https://example.github.io/newsmill-demo/categories/%E7%BC%96%E7%A8%8B/</loc>',
    );
  });

  it('ships only local, fingerprinted assets', () => {
    const assets = listFiles(path.join(root, 'assets'));
    expect(assets).toHaveLength(3);
    expect(assets.every((file) => /^(site|search|reader)\.[0-9a-f]{12}\.(css|js)$/.test(file))).toBe(true);
    const html = read('search/index.html');
    expect(html).toMatch(/<script src="\.\.\/assets\/search\.[0-9a-f]{12}\.js"/);
    for (const file of listFiles(root).filter((name) => name.endsWith('.html')))
      expect(read(file)).not.toMatch(/<(script src|link rel="stylesheet" href)="(https?:)?\/\//);
  });

  it('builds byte-identical trees from the same store, and rewrites nothing the second time', async () => {
    const other = path.join(demo.dir, 'public-2');
    const first = await buildSite({ config: withSiteOutput(demo.config, other), store: demo.store });
    expect(first.written).toBe(first.files);
    const files = listFiles(root);
    expect(listFiles(other)).toEqual(files);
    for (const file of files)
      expect(readFileSync(path.join(other, file)).equals(readFileSync(path.join(root, file)))).toBe(true);
    const again = await buildSite({ config: demo.config, store: demo.store });
    expect(again).toMatchObject({ written: 0, deleted: 0, skipped: again.files });
    const full = await buildSite({ config: demo.config, store: demo.store, full: true });
    expect(full).toMatchObject({ written: 0, unchanged: full.files });
  });

  it('builds the same tree from a store that registered its sources in another order', async () => {
    // Concurrent fetches register sources in the order they finish, so two stores of the same
    // items number them differently; the build must not carry that order into the site.
    const store = Object.create(demo.store) as typeof demo.store;
    store.listSources = async () => (await demo.store.listSources()).reverse();
    const other = path.join(demo.dir, 'public-reversed');
    await buildSite({ config: withSiteOutput(demo.config, other), store });
    const files = listFiles(root);
    expect(listFiles(other)).toEqual(files);
    const differing = files.filter(
      (file) => !readFileSync(path.join(other, file)).equals(readFileSync(path.join(root, file))),
    );
    expect(differing).toEqual([]);
  });

  it('writes the feed formats site.feeds names, and links only those', async () => {
    const other = path.join(demo.dir, 'public-feeds');
    const config = withSiteOutput(demo.config, other);
    const feeds = { home: ['json' as const], categories: ['rss' as const, 'json' as const] };
    await buildSite({ config: { ...config, site: { ...config.site, feeds } }, store: demo.store });
    const present = (dir: string): string[] =>
      ['atom.xml', 'rss.xml', 'feed.json'].filter((feed) => existsSync(path.join(other, dir, feed)));
    expect(present('')).toEqual(['feed.json']);
    expect(present('categories/科技/')).toEqual(['rss.xml', 'feed.json']);
    const page = readFileSync(path.join(other, 'categories/科技/index.html'), 'utf8');
    expect(page).toMatch(/订阅: <a href="rss.xml">RSS<\/a> · <a href="feed.json">JSON Feed<\/a><\/p>/);
    expect(
      parseFeed(readFileSync(path.join(other, 'categories/科技/rss.xml'), 'utf8'), { timezone: 'UTC' }).items,
    ).toHaveLength(4);
  });

  it('upgrades a version 3 manifest, which listed post pages as files, without losing a page', async () => {
    const manifestFile = path.join(root, '.newsmill-site.json');
    const current = read('.newsmill-site.json');
    const { segments, ...v5 } = JSON.parse(current) as { files: string[]; segments: string[] };
    const covers = readManifestRecords(root);
    expect(segments.length).toBeGreaterThan(0);
    const postFiles: string[] = [];
    for (let i = 0; i < covers.length; i += 3)
      postFiles.push(`posts/${covers[i] ?? ''}.html`, covers[i + 1] ?? '');
    writeFileSync(
      manifestFile,
      JSON.stringify({ ...v5, version: 3, files: [...postFiles, ...v5.files], covers }),
    );
    const files = listFiles(root);
    const summary = await buildSite({ config: demo.config, store: demo.store });
    expect(summary).toMatchObject({ written: 0, deleted: 0, skipped: summary.files });
    expect(listFiles(root)).toEqual(files);
    expect(read('.newsmill-site.json')).toBe(current);
  });

  it('cleans temp files an interrupted build left, and leaves none of its own', async () => {
    const temp = path.join(root, 'posts', '.index.html.newsmill-tmp-abcdef');
    mkdirSync(path.dirname(temp), { recursive: true });
    writeFileSync(temp, 'partial');
    writeFileSync(path.join(root, '.newsmill-building'), '');
    await buildSite({ config: demo.config, store: demo.store });
    expect(
      listFiles(root).filter((file) => file.includes('newsmill-tmp') || file.includes('building')),
    ).toEqual([]);
  });

  it('after a killed build, renders every file again and deletes the files only that build wrote', async () => {
    const clean = new Map(listFiles(root).map((file) => [file, read(file)]));
    // What a build with another title, killed midway, leaves: pages it rewrote, a page of a
    // category only it had (listed in its marker before it wrote it), and its marker.
    const page = listFiles(root).find((file) => file.startsWith('posts/')) ?? '';
    writeFileSync(path.join(root, page), read(page).replace(/<title>/, '<title>Interrupted '));
    const orphan = 'categories/Temp/index.html';
    mkdirSync(path.join(root, 'categories/Temp'), { recursive: true });
    writeFileSync(path.join(root, orphan), '<h1>Temp</h1>');
    // It also listed a post page the manifest did not know yet, which the next build plans again.
    editManifestRecords(root, (records) => {
      records.splice(records.indexOf(page.slice('posts/'.length, -'.html'.length)), 3);
    });
    writeFileSync(path.join(root, '.newsmill-building'), JSON.stringify({ files: [orphan, page] }));
    const summary = await buildSite({ config: demo.config, store: demo.store });
    expect(summary).toMatchObject({ written: 1, skipped: 0, deleted: 1 });
    expect(read(page)).toBe(clean.get(page));
    expect(existsSync(path.join(root, 'categories/Temp'))).toBe(false);
    expect(new Map(listFiles(root).map((file) => [file, read(file)]))).toEqual(clean);
  });

  it('builds a first site in a hidden sibling folder and moves it into place, replacing a killed build’s', async () => {
    const target = path.join(demo.dir, 'public-staged');
    const staging = path.join(demo.dir, '.public-staged.newsmill-staging');
    mkdirSync(path.join(staging, 'posts'), { recursive: true });
    writeFileSync(path.join(staging, 'posts', 'half-written.html'), '<!doctype html><p>cut');
    const summary = await buildSite({ config: withSiteOutput(demo.config, target), store: demo.store });
    expect(existsSync(staging)).toBe(false);
    expect(listFiles(target)).toEqual(listFiles(root));
    expect(summary.written).toBe(summary.files);
  });

  it('leaves neither a site nor its staging folder when a first build fails', async () => {
    const target = path.join(demo.dir, 'public-failed');
    // Error injection: the store fails while the build reads articles, its staging folder created.
    const store = Object.create(demo.store) as typeof demo.store;
    store.getItems = () => Promise.reject(new Error('disk gone'));
    store.getItemsWithoutBodies = () => Promise.reject(new Error('disk gone'));
    store.itemReaderSpec = undefined;
    await expect(buildSite({ config: withSiteOutput(demo.config, target), store })).rejects.toMatchObject({
      name: 'ArticleLoadError',
      cause: expect.objectContaining({ message: 'disk gone' }),
    });
    expect(readdirSync(demo.dir).filter((name) => name.includes('public-failed'))).toEqual([]);
  });
});
