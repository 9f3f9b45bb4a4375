import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../config/resolve-config.js';
import type { Store } from '../store/store.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { createHexoWriter, type HexoWriter } from './hexo-writer.js';

const source = (categories: [string, string, string]): SourceConfig => ({
  key: 'feed.xml',
  location: '/feeds/feed.xml',
  mirrors: [],
  host: 'file',
  categories,
  author: 'author',
  limit: 10,
  catchUp: true,
  timezone: 'UTC',
  proxyMode: 'none',
  intervalMinutes: null,
  fullText: null,
  filters: null,
});

/** A Hexo writer in a fresh temp folder, with its store. */
async function openWriter(prefix: string): Promise<{ writer: HexoWriter; store: Store }> {
  const dir = tempFolder(prefix);
  const store = openTestStore(path.join(dir, 'newsmill.db'));
  const writer = createHexoWriter(path.join(dir, 'hexo'), store);
  await writer.prepare();
  return { writer, store };
}

describe('a post whose category changes only in case', () => {
  it('keeps its file where the file system folds case (Windows, macOS)', async () => {
    const { writer, store } = await openWriter('newsmill-case-');
    // Linux folds no case: `News` as a link to `news` is one folder under two spellings, as on NTFS or APFS.
    mkdirSync(path.join(writer.postsDir, 'news'));
    symlinkSync('news', path.join(writer.postsDir, 'News'));
    const upper = source(['News', 'Wire', 'Top']);
    await store.registerSource({ key: upper.key, location: upper.location, categories: upper.categories });
    const [saved] = await store.saveItems(
      upper.key,
      [
        {
          identity: 'id:1',
          item: {
            ...{
              id: '1',
              title: 'Title',
              link: 'https://example.com/1',
              published: '2024-01-01T00:00:00.000Z',
            },
            ...{ updated: null, author: null, summary: null, content: '<p>x</p>', categories: [] },
            ...{ enclosures: [], image: null, baseUrl: null },
          },
        },
      ],
      '2024-01-02T00:00:00.000Z',
    );
    if (!saved) throw new Error('not saved');
    const content = { html: '<p>x</p>', cover: 'https://example.com/c.png' };
    await writer.writePost(saved.item, upper, content);
    const moved = await writer.writePost(saved.item, source(['news', 'Wire', 'Top']), content);
    expect(path.relative(writer.postsDir, moved.file).split(path.sep).slice(0, 3)).toEqual([
      'news',
      'Wire',
      'Top',
    ]);
    expect(existsSync(moved.file)).toBe(true);
    expect(readFileSync(moved.file, 'utf8')).toContain(' - news\n');
  });
});

describe('a post whose source moves to other categories', () => {
  it('is written in its new folder, and the old folders it leaves empty go', async () => {
    const { writer, store } = await openWriter('newsmill-move-');
    const before = source(['科技', 'Wire', 'Top']);
    await store.registerSource({ key: before.key, location: before.location, categories: before.categories });
    const item = {
      ...{ id: '1', title: 'Title', link: 'https://example.com/1', published: '2024-01-01T00:00:00.000Z' },
      ...{ updated: null, author: null, summary: null, content: '<p>x</p>', categories: [] },
      ...{ enclosures: [], image: null, baseUrl: null },
    };
    const [saved] = await store.saveItems(
      before.key,
      [{ identity: 'id:1', item }],
      '2024-01-02T00:00:00.000Z',
    );
    if (!saved) throw new Error('not saved');
    const content = { html: '<p>x</p>', cover: 'https://example.com/c.png' };
    const first = await writer.writePost(saved.item, before, content);
    await store.recordOutputFile('hexo', before.key, 'id:1', path.relative(writer.postsDir, first.file));
    const moved = await writer.writePost(saved.item, source(['新闻', 'Wire', 'Top']), content);
    expect(existsSync(moved.file)).toBe(true);
    expect(existsSync(first.file)).toBe(false);
    expect(existsSync(path.join(writer.postsDir, '科技'))).toBe(false);
    expect(existsSync(writer.postsDir)).toBe(true);
  });
});
