import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MANIFEST_FILE,
  previousKey,
  readSiteManifest,
  serializeSiteManifest,
  type SiteManifest,
} from './site-manifest.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the site manifest', () => {
  it('round-trips files and covers in order, and ignores older or broken manifests', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-manifest-'));
    const manifest: SiteManifest = {
      config: 'cfg',
      files: new Map([
        ['posts/b/index.html', 'k2'],
        ['posts/a/index.html', 'k1'],
        ['categories/编程/index.html', 'k3'],
      ]),
      posts: new Map([['b', ['fp', 'https://i.example/b.jpg'] as const]]),
      search: { '0': { key: 's', postings: [null, 'search/0-t1.json'], docs: ['search/0-d0.json'] } },
    };
    writeFileSync(path.join(dir, MANIFEST_FILE), serializeSiteManifest(manifest));
    const read = await readSiteManifest(dir);
    expect(read).toEqual(manifest);
    expect([...(read?.files.keys() ?? [])]).toEqual([...manifest.files.keys()]);
    for (const text of [
      '{"version":2,"config":"c","files":{},"covers":{},"search":{}}',
      '{"version":4',
      'null',
    ]) {
      writeFileSync(path.join(dir, MANIFEST_FILE), text);
      expect(await readSiteManifest(dir)).toBeNull();
    }
  });

  it('records post pages by their post, and still reads version 3, which listed them as files', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-manifest-'));
    const v3 = {
      version: 3,
      config: 'cfg',
      files: ['posts/ab12.html', 'fp1', 'index.html', 'k'],
      covers: ['ab12', 'fp1', 'https://i.example/c.jpg'],
      search: {},
    };
    writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify(v3));
    const read = await readSiteManifest(dir);
    if (!read) throw new Error('version 3 was not read');
    const page = { path: 'posts/ab12.html', key: 'fp1', postDigest: 'ab12', render: () => '' };
    expect(previousKey(read, page)).toBe('fp1');
    expect(previousKey(read, { ...page, postDigest: 'cd34' })).toBeUndefined();
    expect(previousKey(read, { path: 'index.html', key: 'k', render: () => '' })).toBe('k');
    const v4 = JSON.parse(serializeSiteManifest({ ...read, files: new Map([['index.html', 'k']]) })) as {
      version: number;
      files: string[];
    };
    expect(v4.version).toBe(4);
    expect(v4.files).toEqual(['index.html', 'k']);
  });
});
