import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { copyDemo, listFiles, repoRoot } from '../test-support/demo-site.js';

const bin = path.join(repoRoot, 'bin/newsmill.js');
const REMOVED = 'feeds/cnbeta-gbk.xml';
const KEPT = 'feeds/zaker.xml';
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function newsmill(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
  if (result.error) throw result.error;
  return result;
}

/** Titles and links of a source's stored items, read straight from the store. */
function storedItems(sourceKey: string): Array<{ title: string; link: string }> {
  const db = new Database(path.join(dir, '.newsmill/newsmill.db'), { readonly: true });
  try {
    return db
      .prepare<[string], { title: string; link: string }>(
        'SELECT i.title, i.link FROM items i JOIN sources s ON s.id = i.source_id WHERE s.key = ?',
      )
      .all(sourceKey);
  } finally {
    db.close();
  }
}

/** Every file of the built site with its text. */
function siteFiles(): Array<{ file: string; text: string }> {
  const root = path.join(dir, 'public');
  return listFiles(root).map((file) => ({ file, text: readFileSync(path.join(root, file), 'utf8') }));
}

/** The site files (pages, feeds, search index, sitemap, manifest) that mention any of `needles`. */
function mentioning(needles: readonly string[]): string[] {
  return siteFiles()
    .filter(({ text }) => needles.some((needle) => text.includes(needle)))
    .map(({ file }) => file);
}

/** The post pages of a source's items: those linking to one of its items' originals. */
function postPages(links: readonly string[]): string[] {
  return mentioning(links.map((link) => `<p class="original"><a href="${link}"`));
}

function setConfig(edit: (text: string) => string): void {
  const file = path.join(dir, 'newsmill.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
}

describe('removing a source removes its traces', () => {
  it('leaves the next build without its pages, feed entries, search entries and sitemap URLs, and the next run deletes its items and posts only', () => {
    dir = copyDemo();
    expect(newsmill(['run']).status).toBe(0);
    expect(newsmill(['build']).status).toBe(0);
    const removed = storedItems(REMOVED);
    const kept = storedItems(KEPT);
    expect(removed.length).toBeGreaterThan(0);
    const links = removed.map((item) => item.link);
    const pages = postPages(links);
    expect(pages).toHaveLength(removed.length);
    const traces = [...links, ...pages, ...removed.map((item) => item.title)];
    const before = mentioning(traces);
    for (const file of ['sitemap.xml', 'rss.xml', 'atom.xml', 'feed.json']) expect(before).toContain(file);
    expect(before.some((file) => file.startsWith('search/'))).toBe(true);
    const keptPages = postPages(kept.map((item) => item.link));

    const remove = newsmill(['sources', 'remove', REMOVED]);
    expect(remove.status).toBe(0);
    expect(remove.stdout).toContain(
      `its ${removed.length} stored items leave the site at the next build and are deleted, with their posts, at the next run`,
    );
    expect(newsmill(['build']).status).toBe(0);
    expect(mentioning(traces)).toEqual([]);
    expect(existsSync(path.join(dir, 'public/categories/科技'))).toBe(false);
    expect(postPages(kept.map((item) => item.link))).toEqual(keptPages);

    const posts = path.join(dir, 'hexo/source/_posts');
    const sentinels = [path.join(posts, 'mine.md'), path.join(posts, '科技/cnBeta/最新/mine.md')];
    for (const file of sentinels) writeFileSync(file, 'not newsmill’s');
    const removedPosts = listFiles(path.join(posts, '科技'));
    const otherPosts = listFiles(posts).filter((file) => !file.startsWith('科技') && file !== 'mine.md');
    expect(removedPosts).toHaveLength(removed.length + 1);

    const dry = newsmill(['prune', '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain(
      `would delete removed source ${REMOVED}: ${removed.length} items, ${removed.length} files`,
    );
    const listed = [...dry.stdout.matchAll(/^ {4}(.+\.md)$/gm)].map((match) => match[1]);
    expect(listed.sort()).toEqual(
      removedPosts
        .filter((file) => !file.endsWith('mine.md'))
        .map((file) => path.join(posts, '科技', file))
        .sort(),
    );
    expect(storedItems(REMOVED)).toHaveLength(removed.length);
    expect(listFiles(path.join(posts, '科技'))).toEqual(removedPosts);

    const run = newsmill(['run']);
    expect(run.status).toBe(0);
    expect(storedItems(REMOVED)).toEqual([]);
    expect(storedItems(KEPT)).toHaveLength(kept.length);
    expect(listFiles(path.join(posts, '科技'))).toEqual(['cnBeta/最新/mine.md']);
    for (const file of sentinels) expect(readFileSync(file, 'utf8')).toBe('not newsmill’s');
    expect(listFiles(posts).filter((file) => !file.startsWith('科技') && file !== 'mine.md')).toEqual(
      otherPosts,
    );
  });

  it('keeps the items of a removed source through the grace period: added back, they return; its Hexo posts leave at once', () => {
    dir = copyDemo();
    setConfig((text) => `${text}\nretention:\n  removedSourceDays: 30\n`);
    expect(newsmill(['run']).status).toBe(0);
    const removed = storedItems(REMOVED);
    const links = removed.map((item) => item.link);
    const original = readFileSync(path.join(dir, 'newsmill.yaml'), 'utf8');

    const remove = newsmill(['sources', 'remove', REMOVED]);
    expect(remove.stdout).toContain(
      `its ${removed.length} stored items leave the site at the next build and are deleted, with their posts, 30 days after the next run`,
    );
    expect(newsmill(['build']).status).toBe(0);
    expect(postPages(links)).toEqual([]);
    const run = newsmill(['run']);
    expect(run.status).toBe(0);
    const posts = path.join(dir, 'hexo/source/_posts');
    expect(listFiles(path.join(posts, '科技'))).toEqual([]);
    expect(storedItems(REMOVED)).toHaveLength(removed.length);
    const dry = newsmill(['prune', '--dry-run']);
    expect(dry.stdout).toMatch(
      new RegExp(
        `^removed source ${REMOVED}: ${removed.length} items stay stored until \\d{4}-\\d\\d-\\d\\d`,
        'm',
      ),
    );

    writeFileSync(path.join(dir, 'newsmill.yaml'), original);
    expect(newsmill(['build']).status).toBe(0);
    expect(postPages(links)).toHaveLength(removed.length);
    // Meanwhile the feed lists only its newest item: the posts of the others come back from the store.
    const feed = path.join(dir, REMOVED);
    const bytes = readFileSync(feed, 'latin1');
    const first = bytes.indexOf('</item>') + '</item>'.length;
    writeFileSync(feed, bytes.slice(0, first) + bytes.slice(bytes.lastIndexOf('</item>') + 7), 'latin1');
    expect(newsmill(['run']).status).toBe(0);
    expect(listFiles(path.join(posts, '科技'))).toHaveLength(removed.length);
  });

  it('says so when nothing of the removed source is stored', () => {
    dir = copyDemo();
    const remove = newsmill(['sources', 'remove', REMOVED]);
    expect(remove.status).toBe(0);
    expect(remove.stdout).toContain(`removed ${REMOVED} (科技 / cnBeta / 最新)`);
    expect(remove.stdout).toContain('nothing of it is stored');
  });
});
