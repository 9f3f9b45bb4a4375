import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SEGMENT_FOLDER, segmentName, writeSegment } from './manifest-segments.js';
import { createSiteFileWriter } from './site-file-writer.js';
import { MANIFEST_FILE, readSiteManifest, writeSiteManifest, type SiteManifest } from './site-manifest.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function siteFolder(): string {
  dir = mkdtempSync(path.join(tmpdir(), 'newsmill-manifest-'));
  const site = path.join(dir, 'site');
  mkdirSync(site);
  return site;
}

const writerOf = (site: string) => createSiteFileWriter({ root: site, rootIsNew: false, staged: false });

describe('the site manifest', () => {
  it('round-trips files, search blocks and segment names in order, and ignores older or broken manifests', async () => {
    const site = siteFolder();
    const manifest = {
      config: 'cfg',
      files: new Map([
        ['posts/b/index.html', 'k2'],
        ['categories/编程/index.html', 'k3'],
      ]),
      search: { '0': { key: 's', postings: [null, 'search/0-t1.json'], docs: ['search/0-d0.json'] } },
      segments: [segmentName(['cfg', 'ab']), segmentName(['cfg', 'cd'])],
      inputs: {
        key: 'in',
        posts: 2,
        files: 7,
        settings: 'st',
        mark: { count: 2, changes: '3409000000000', latest: '2024-01-01T00:00:00.000Z' },
        head: segmentName(['head']),
      },
    };
    await writeSiteManifest(writerOf(site), site, manifest);
    expect(await readSiteManifest(site)).toEqual({ ...manifest, inline: null });
    await writeSiteManifest(writerOf(site), site, { ...manifest, inputs: null });
    expect((await readSiteManifest(site))?.inputs).toBeNull();
    // Inputs that are not a key, counts, a mark and a head file, or in a manifest edited since, are no inputs.
    await writeSiteManifest(writerOf(site), site, manifest);
    const written = JSON.parse(readFileSync(path.join(site, MANIFEST_FILE), 'utf8')) as SiteManifest;
    for (const edit of [
      { inputs: 'x' },
      { inputs: { ...written.inputs, key: 1 } },
      { inputs: { ...written.inputs, posts: -1 } },
      { inputs: { ...written.inputs, head: '../../etc/passwd' } },
      { inputs: { ...written.inputs, mark: { count: 2, changes: 5, latest: null } } },
      { files: [] },
    ]) {
      writeFileSync(path.join(site, MANIFEST_FILE), JSON.stringify({ ...written, ...edit }));
      expect((await readSiteManifest(site))?.inputs).toBeNull();
    }
    writeFileSync(path.join(site, MANIFEST_FILE), JSON.stringify(written));
    expect((await readSiteManifest(site))?.inputs).toEqual(manifest.inputs);
    for (const text of [
      '{"version":2,"config":"c","files":{},"covers":{},"search":{}}',
      '{"version":5',
      '{"version":5,"config":"c","files":[],"segments":["../../etc/passwd"],"search":{}}',
      '{"version":5,"config":"c","files":[],"search":{}}',
      'null',
    ]) {
      writeFileSync(path.join(site, MANIFEST_FILE), text);
      expect(await readSiteManifest(site)).toBeNull();
    }
  });

  it('deletes the segments the manifest no longer names, and nothing through a folder that leaves the site', async () => {
    const site = siteFolder();
    const [kept, gone] = [segmentName(['c', 'a']), segmentName(['c', 'b'])];
    for (const name of [kept, gone]) await writeSegment(writerOf(site), name, ['a', 'k', '']);
    writeFileSync(path.join(site, SEGMENT_FOLDER, 'notes.txt'), 'not a segment');
    await writeSiteManifest(writerOf(site), site, {
      config: 'c',
      files: new Map(),
      search: {},
      segments: [kept],
      inputs: null,
    });
    expect(readdirSync(path.join(site, SEGMENT_FOLDER)).sort()).toEqual([kept, 'notes.txt'].sort());

    rmSync(path.join(site, SEGMENT_FOLDER), { recursive: true });
    const outside = path.join(dir, 'outside');
    mkdirSync(outside);
    writeFileSync(path.join(outside, gone), 'mine');
    symlinkSync(outside, path.join(site, SEGMENT_FOLDER));
    await writeSiteManifest(writerOf(site), site, {
      config: 'c',
      files: new Map(),
      search: {},
      segments: [],
      inputs: null,
    });
    expect(readdirSync(outside)).toEqual([gone]);
    await expect(writeSegment(writerOf(site), kept, [])).rejects.toThrow(
      /cannot write the build record .*symbolic link/,
    );
  });

  it('still reads versions 3 and 4, which held the post records themselves', async () => {
    const site = siteFolder();
    const v3 = {
      version: 3,
      config: 'cfg',
      files: ['posts/ab12.html', 'fp1', 'index.html', 'k'],
      covers: ['ab12', 'fp1', 'https://i.example/c.jpg'],
      search: {},
    };
    for (const version of [3, 4]) {
      writeFileSync(path.join(site, MANIFEST_FILE), JSON.stringify({ ...v3, version }));
      const read: SiteManifest | null = await readSiteManifest(site);
      expect(read?.inline).toEqual(new Map([['ab12', ['fp1', 'https://i.example/c.jpg']]]));
      expect(read?.files.get('index.html')).toBe('k');
      expect(read?.segments).toEqual([]);
    }
  });
});
