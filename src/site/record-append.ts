import type { BuildContext } from './build-context.js';
import { endsSegment, writeSegment, type PostRecord } from './manifest-segments.js';
import {
  planSegments,
  recordedSegmentName,
  segmentKeys,
  type PlannedSegment,
  type SegmentMember,
} from './post-records.js';
import type { SiteFileWriter } from './site-file-writer.js';
import { writeSiteHead, type SiteHead } from './site-head.js';
import { writeSiteManifest, type BuildInputs } from './site-manifest.js';
import { fileOfPath, postPath } from './site-paths.js';
import { fingerprintOfPageKey, type SitePost } from './site-posts.js';
import type { WrittenSite } from './write-site.js';

/** The first segment of post records an append starts from. */
export interface FirstSegment {
  configKey: string;
  /** Its records, newest post first. */
  first: ReadonlyMap<string, PostRecord>;
  /** Whether it is the site's only segment. */
  last: boolean;
}

/**
 * The segments of post records an append writes: the new posts and those of the first segment,
 * cut as a full build cuts them (the segments after it keep their names: their posts and
 * neighbours did not change). Null when the cut after the first segment's last post would move,
 * which only a segment cut at its length limit does, or a record is one a full build must redo.
 */
export function planAppendSegments(
  fresh: readonly SitePost[],
  segment: FirstSegment,
): Array<PlannedSegment<SegmentMember>> | null {
  const members: SegmentMember[] = [...fresh];
  let lastKey = '';
  for (const [digest, [key]] of segment.first) {
    // A page the writer refused is recorded without a key: the full build writes it again.
    if (key === '') return null;
    members.push({ digest, fingerprint: fingerprintOfPageKey(key) });
    lastKey = key;
  }
  const older = lastKey.split('>')[2] ?? '';
  if (!segment.last && older === '') return null;
  const after = older === '' ? undefined : { digest: '', fingerprint: older };
  const segments = planSegments(members, segment.configKey, after);
  const tail = segments.at(-1)?.posts;
  const natural = !tail || endsSegment((tail.at(-1) as SegmentMember).digest, tail.length);
  return segment.last || natural ? segments : null;
}

/** What an append build records of itself. */
export interface AppendRecord {
  configKey: string;
  inputs: Omit<BuildInputs, 'head'>;
  /** How many new posts head `context.posts`. */
  fresh: number;
  segments: ReadonlyArray<PlannedSegment<SegmentMember>>;
  first: ReadonlyMap<string, PostRecord>;
  /** The names of the segments after the first, kept. */
  rest: readonly string[];
  /** The head to record: the lists with the new posts, and the rest as the head read had them. */
  head: SiteHead;
  written: WrittenSite;
}

/**
 * Records an append for the next build: the new segments of post records, the moved-on head and
 * the manifest, last. A page the writer refused is recorded without a key and the build without
 * inputs, so that the next build is a full one and writes it again.
 */
export async function recordAppendBuild(
  root: string,
  writer: SiteFileWriter,
  context: BuildContext,
  record: AppendRecord,
): Promise<void> {
  const { refused } = record.written;
  // The posts whose pages this build planned: the new ones and the one below them.
  const pages = context.posts.slice(0, record.fresh + 1);
  const planned = new Map(pages.map((post) => [post.digest, post]));
  const names: string[] = [];
  for (const segment of record.segments) {
    const keys = segmentKeys(segment);
    const flat: string[] = [];
    let refusedHere = false;
    segment.posts.forEach((member, index) => {
      const post = planned.get(member.digest);
      const earlier = record.first.get(member.digest);
      const [madeKey, cover] =
        post && (!earlier || earlier[0] !== keys[index])
          ? context.content.coverRecord(post, keys[index] as string)
          : (earlier as PostRecord);
      const refusedPage = refused.has(fileOfPath(postPath(member.digest)));
      const key = refusedPage ? '' : madeKey;
      refusedHere ||= refusedPage;
      keys[index] = key;
      flat.push(member.digest, key, cover);
    });
    const name = refusedHere ? recordedSegmentName(record.configKey, segment.posts, keys) : segment.name;
    await writeSegment(writer, name, flat);
    names.push(name);
  }
  const cover = (post: SitePost): string => context.content.cover(post);
  const headFiles =
    refused.size === 0 ? await writeSiteHead(writer, root, record.head, record.configKey, cover) : null;
  await writeSiteManifest(
    writer,
    root,
    {
      config: record.configKey,
      files: record.written.outcome.files,
      search: record.written.search.blocks,
      segments: [...names, ...record.rest],
      inputs: headFiles === null ? null : { ...record.inputs, head: headFiles.name },
    },
    headFiles?.files ?? [],
  );
}
