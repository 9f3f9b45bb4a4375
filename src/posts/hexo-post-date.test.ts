import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedItems, testSource } from '../test-support/seeded-store.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { createHexoWriter } from './hexo-writer.js';

const SOURCE = testSource('feeds/a.xml', ['News', 'A', 'All']);

describe('the Hexo post date', () => {
  it('is the first-seen time when the stored publication date is out of range', async () => {
    const dir = tempFolder('newsmill-hexo-date-');
    const store = openTestStore(path.join(dir, 'newsmill.db'));
    const [item] = await seedItems(store, SOURCE, 1);
    if (!item) throw new Error('no item');
    // What an older parser stored: Hexo would file it under year 275760, or fail on it.
    await store.saveItems(
      SOURCE.key,
      [{ identity: item.identity, item: { ...item, published: '+275760-09-13T00:00:00.000Z' } }],
      '2024-03-01T00:00:00.000Z',
    );
    const [stored] = await store.listItems(SOURCE.key);
    if (!stored) throw new Error('no stored item');
    const writer = createHexoWriter(path.join(dir, 'hexo'), store);
    await writer.prepare();
    const { file } = await writer.writePost(stored, SOURCE, {
      html: '<p>x</p>',
      cover: 'https://e.com/c.png',
    });
    expect(readFileSync(file, 'utf8')).toContain(`\ndate: ${new Date(stored.firstSeenAt).toUTCString()}\n`);
    expect(stored.firstSeenAt.startsWith('2024-')).toBe(true);
  });
});
