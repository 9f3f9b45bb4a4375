import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MANIFEST_FILE,
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
      covers: new Map([['b', ['fp', 'https://i.example/b.jpg'] as const]]),
      search: { '0': { key: 's', postings: [null, 'search/0-t1.json'], docs: ['search/0-d0.json'] } },
    };
    writeFileSync(path.join(dir, MANIFEST_FILE), serializeSiteManifest(manifest));
    const read = await readSiteManifest(dir);
    expect(read).toEqual(manifest);
    expect([...(read?.files.keys() ?? [])]).toEqual([...manifest.files.keys()]);
    for (const text of [
      '{"version":2,"config":"c","files":{},"covers":{},"search":{}}',
      '{"version":3',
      'null',
    ]) {
      writeFileSync(path.join(dir, MANIFEST_FILE), text);
      expect(await readSiteManifest(dir)).toBeNull();
    }
  });
});
