import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SEGMENT_FOLDER, writeSegment } from './manifest-segments.js';
import { planSegments, PreviousPostRecords, segmentKeys, type PlannedSegment } from './post-records.js';
import { createSiteFileWriter } from './site-file-writer.js';
import type { SitePost } from './site-posts.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Hex digests as a build makes them; about one in 512 ends a segment.
const digestOf = (n: number): string => (n * 2654435761).toString(16).padStart(12, '0').slice(-12);
const postsOf = (count: number, changed = -1): SitePost[] =>
  Array.from(
    { length: count },
    (_, n) => ({ digest: digestOf(n), fingerprint: `fp${n}${n === changed ? '-new' : ''}` }) as SitePost,
  );

/** Writes `segments` as a build records them, each post's cover `cover-<digest>`. */
async function recorded(site: string, segments: readonly PlannedSegment[]): Promise<string[]> {
  const writer = createSiteFileWriter({ root: site, rootIsNew: false, staged: false });
  for (const segment of segments) {
    const keys = segmentKeys(segment);
    const flat = segment.posts.flatMap((post, index) => [
      post.digest,
      keys[index] ?? '',
      `cover-${post.digest}`,
    ]);
    await writeSegment(writer, segment.name, flat);
  }
  return segments.map((segment) => segment.name);
}

describe('post records in segments', () => {
  it('names a segment by its posts’ page keys: one changed post renames its segment and no other', () => {
    const before = planSegments(postsOf(3000), 'cfg');
    expect(before.length).toBeGreaterThan(2);
    expect(before.flatMap((segment) => segment.posts.map((post) => post.digest))).toEqual(
      postsOf(3000).map((post) => post.digest),
    );
    // A post inside a segment (not next to a boundary, whose neighbour's page key names it too).
    const middle = (before[1]?.posts.length ?? 0) >> 1;
    const changed = (before[0]?.posts.length ?? 0) + middle;
    const after = planSegments(postsOf(3000, changed), 'cfg');
    expect(after.map((segment, index) => segment.name === before[index]?.name)).toEqual(
      before.map((_, index) => index !== 1),
    );
    // Covers depend on the configuration, so its key renames every segment.
    const other = planSegments(postsOf(3000), 'other');
    expect(other.filter((segment, index) => segment.name === before[index]?.name)).toEqual([]);
  });

  it('keeps the unchanged segments unread, and reads their covers only when asked', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-records-'));
    const site = path.join(dir, 'site');
    mkdirSync(site);
    const names = await recorded(site, planSegments(postsOf(3000), 'cfg'));
    // The post at 1 changes; post 0 alone makes the first segment (its digest ends a segment).
    const planned = planSegments(postsOf(3000, 1), 'cfg');
    const [, changed, kept, gone] = planned;
    if (!changed || !kept || !gone) throw new Error('too few segments');
    // A kept segment's file is gone: never read, it is not missed until its covers are.
    rmSync(path.join(site, SEGMENT_FOLDER, gone.name));
    const records = await PreviousPostRecords.read(site, { names, inline: null }, planned, true);
    const [changedPost, nextPost] = changed.posts;
    if (!changedPost || !nextPost) throw new Error('no posts');
    expect(records.keyOf(changedPost.digest, segmentKeys(changed)[0] ?? '')).toBe('fp1>fp0>fp2');
    expect(records.get(nextPost.digest)?.[1]).toBe(`cover-${nextPost.digest}`);
    const keptPost = kept.posts[0] as SitePost;
    expect(records.keyOf(keptPost.digest, 'planned')).toBe('planned');
    expect(records.get(keptPost.digest)).toBeUndefined();
    expect(records.settled(keptPost.digest)).toBe(true);
    // The first segment too: post 0's page links to post 1, whose key changed.
    expect(records.digests.size).toBe(changed.posts.length + 1);

    await records.loadFor([keptPost, gone.posts[0] as SitePost]);
    expect(records.get(keptPost.digest)?.[1]).toBe(`cover-${keptPost.digest}`);
    expect(records.unreadable).toEqual(new Set([gone.name]));
    expect(records.settled(gone.posts[0]?.digest ?? '')).toBe(false);
  });

  it('reads every segment when the previous keys are not trusted', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-records-'));
    const site = path.join(dir, 'site');
    mkdirSync(site);
    const planned = planSegments(postsOf(3000), 'cfg');
    const names = await recorded(site, planned);
    const records = await PreviousPostRecords.read(site, { names, inline: null }, planned, false);
    expect(records.digests.size).toBe(3000);
    expect(records.settled(planned[1]?.posts[0]?.digest ?? '')).toBe(false);
    expect(records.keyOf(planned[1]?.posts[0]?.digest ?? '', 'planned')).toBe(
      segmentKeys(planned[1] as PlannedSegment)[0],
    );
  });
});
