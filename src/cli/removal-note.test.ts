import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite-store.js';
import { seedItems, testSource } from '../test-support/seeded-store.js';
import { describeRemoval } from './removal-note.js';

const catalogue = fileURLToPath(new URL('../config/testdata/catalogue/new-media.md', import.meta.url));
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function project(yaml: string): string {
  dir = mkdtempSync(path.join(tmpdir(), 'newsmill-removal-'));
  const file = path.join(dir, 'newsmill.yaml');
  writeFileSync(file, yaml);
  return file;
}

describe('what sources remove says', () => {
  it('says a source the catalogue still selects stays on the site', async () => {
    const file = project('catalogue: { docs: new-media.md, select: [新媒体/ZAKER/source] }\n');
    copyFileSync(catalogue, path.join(dir, 'new-media.md'));
    expect(await describeRemoval(file, 'rsshub:/zaker/source/12291')).toBe(
      'the catalogue still selects it, so it stays on the site (drop it with catalogue.exclude)',
    );
  });

  it('counts the stored items and names the grace period; without Hexo output there are no posts', async () => {
    const file = project('retention: { removedSourceDays: 2 }\n');
    const store = openSqliteStore(path.join(dir, '.newsmill/newsmill.db'));
    await seedItems(store, testSource('feeds/a.xml', ['a', 'b', 'c']), 3);
    await store.close();
    expect(await describeRemoval(file, 'feeds/a.xml')).toBe(
      'its 3 stored items leave the site at the next build and are deleted 2 days after the next run (retention.removedSourceDays)',
    );
    expect(await describeRemoval(file, 'feeds/other.xml')).toBe('nothing of it is stored');
  });

  it('says nothing when the config cannot be read now', async () => {
    const file = project('proxy: { base: https://proxy.example/ }\n');
    expect(await describeRemoval(file, 'feeds/a.xml')).toBeNull();
  });
});
