import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SEGMENT_FOLDER, type PostRecord } from './manifest-segments.js';
import { createSiteFileWriter, type SiteFileWriter } from './site-file-writer.js';
import {
  MANIFEST_FILE,
  previousKey,
  readSiteManifest,
  writeSiteManifest,
  type SiteManifest,
} from './site-manifest.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function siteFolder(): string {
  dir = mkdtempSync(path.join(tmpdir(), 'newsmill-manifest-'));
  const site = path.join(dir, 'site');
  mkdirSync(site);
  return site;
}

/** A writer that counts what it wrote, by path. */
function countingWriter(site: string): { writer: SiteFileWriter; written: string[] } {
  const real = createSiteFileWriter({ root: site, rootIsNew: false, staged: false });
  const written: string[] = [];
  const writer: SiteFileWriter = {
    window: real.window,
    write: async (file, content) => {
      const result = await real.write(file, content);
      if (result === 'written') written.push(file);
      return result;
    },
  };
  return { writer, written };
}

// Hex digests as a build makes them; about one in 512 ends a segment.
const digestOf = (n: number): string => (n * 2654435761).toString(16).padStart(12, '0').slice(-12);

function postRecords(count: number, tag = ''): Map<string, PostRecord> {
  return new Map(
    Array.from({ length: count }, (_, n) => [digestOf(n), [`fp${n}${tag}`, `https://i.example/${n}.jpg`]]),
  );
}

const segmentFiles = (site: string): string[] => readdirSync(path.join(site, SEGMENT_FOLDER)).sort();

describe('the site manifest', () => {
  it('round-trips files, search blocks and post records in order, and ignores older or broken manifests', async () => {
    const site = siteFolder();
    const manifest = {
      config: 'cfg',
      files: new Map([
        ['posts/b/index.html', 'k2'],
        ['categories/编程/index.html', 'k3'],
      ]),
      posts: postRecords(3000),
      search: { '0': { key: 's', postings: [null, 'search/0-t1.json'], docs: ['search/0-d0.json'] } },
    };
    await writeSiteManifest(countingWriter(site).writer, site, manifest, null);
    const read = await readSiteManifest(site);
    expect(read && { ...read, segments: [] }).toEqual({ ...manifest, segments: [] });
    expect([...(read?.posts.keys() ?? [])]).toEqual([...manifest.posts.keys()]);
    // 3,000 posts make several segments, which together name every post once.
    expect(read?.segments.length).toBeGreaterThan(2);
    expect(read?.segments.flatMap((segment) => segment.digests)).toEqual([...manifest.posts.keys()]);
    for (const text of [
      '{"version":2,"config":"c","files":{},"covers":{},"search":{}}',
      '{"version":5',
      '{"version":5,"config":"c","files":[],"segments":["../../etc/passwd"],"search":{}}',
      '{"version":5,"config":"c","files":[],"segments":["AAAAAAAAAAAAAAAAAAAAAAAAAAA.json"],"search":{}}',
      'null',
    ]) {
      writeFileSync(path.join(site, MANIFEST_FILE), text);
      expect(await readSiteManifest(site)).toBeNull();
    }
  });

  it('rewrites only the segments whose records changed, and deletes those no longer named', async () => {
    const site = siteFolder();
    const first = countingWriter(site);
    const base = { config: 'cfg', files: new Map<string, string>(), search: {} };
    await writeSiteManifest(first.writer, site, { ...base, posts: postRecords(3000) }, null);
    const segments = segmentFiles(site);
    expect(first.written).toHaveLength(segments.length + 1);
    // The next build hands back the very records it read for posts that did not change.
    const read = await readSiteManifest(site);
    if (!read) throw new Error('no manifest');
    const posts = new Map(read.posts);
    const [newest] = posts.keys();
    posts.set(newest ?? '', ['fp0-changed', 'https://i.example/0.jpg']);
    const second = countingWriter(site);
    await writeSiteManifest(second.writer, site, { ...base, posts }, read);
    const [changed, ...others] = second.written;
    expect(others).toEqual([MANIFEST_FILE]);
    expect(changed).toMatch(new RegExp(`^${SEGMENT_FOLDER}/[\\w-]{27}\\.json$`));
    // The old first segment is gone, every other stays, and the records read back as written.
    const now = segmentFiles(site);
    expect(now).toHaveLength(segments.length);
    expect(segments.filter((name) => !now.includes(name))).toHaveLength(1);
    expect((await readSiteManifest(site))?.posts).toEqual(posts);
  });

  it('deletes no file through a segment folder that is a symlink out of the site', async () => {
    const site = siteFolder();
    const outside = path.join(dir, 'outside');
    mkdirSync(outside);
    const victim = 'AAAAAAAAAAAAAAAAAAAAAAAAAAA.json';
    writeFileSync(path.join(outside, victim), 'mine');
    symlinkSync(outside, path.join(site, SEGMENT_FOLDER));
    const writing = writeSiteManifest(
      countingWriter(site).writer,
      site,
      { config: 'c', files: new Map(), posts: postRecords(10), search: {} },
      null,
    );
    await expect(writing).rejects.toThrow(/cannot write the build record .*symbolic link/);
    expect(readdirSync(outside)).toEqual([victim]);
  });

  it('records post pages by their post, and still reads versions 3 and 4, which held records inline', async () => {
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
      if (!read) throw new Error(`version ${version} was not read`);
      const page = { path: 'posts/ab12.html', key: 'fp1', postDigest: 'ab12', render: () => '' };
      expect(previousKey(read, page)).toBe('fp1');
      expect(previousKey(read, { ...page, postDigest: 'cd34' })).toBeUndefined();
      expect(previousKey(read, { path: 'index.html', key: 'k', render: () => '' })).toBe('k');
      expect(read.segments).toEqual([]);
    }
  });
});
