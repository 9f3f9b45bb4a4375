import { endsSegment, readSegment, segmentName, type PostRecord } from './manifest-segments.js';
import { postPageKey, type SitePost } from './site-posts.js';

/** What names a post in its segment: its digest, and its fingerprint, which its page key starts with. */
export type SegmentMember = Pick<SitePost, 'digest' | 'fingerprint'>;

/** The posts of one segment as this build plans them, in plan order. */
export interface PlannedSegment<T extends SegmentMember = SitePost> {
  posts: T[];
  /** The post before the first and the post after the last, whose fingerprints its page keys name. */
  newer: T | undefined;
  older: T | undefined;
  /** Its name: that of a previous build's segment exactly when every page key is the same. */
  name: string;
}

/**
 * Cuts the posts (newest first, as planned) into segments, each named by the configuration and the
 * fingerprints of its posts and of the posts on either side: those are what its page keys
 * (`postPageKey`) are made of, so equal names mean equal keys, without making 20,000 keys. `after`
 * is the post after the last, when `posts` are the newest part of the site's.
 */
export function planSegments<T extends SegmentMember>(
  posts: readonly T[],
  configKey: string,
  after?: T,
): Array<PlannedSegment<T>> {
  const segments: Array<PlannedSegment<T>> = [];
  let start = 0;
  posts.forEach((post, index) => {
    const length = index + 1 - start;
    if (index < posts.length - 1 && !endsSegment(post.digest, length)) return;
    const members = posts.slice(start, index + 1);
    const [newer, older] = [posts[start - 1], posts[index + 1] ?? after];
    const fingerprints = [configKey, newer?.fingerprint ?? '', older?.fingerprint ?? ''];
    for (const member of members) fingerprints.push(member.fingerprint);
    segments.push({ posts: members, newer, older, name: segmentName(fingerprints) });
    start = index + 1;
  });
  return segments;
}

/** The page keys of a segment's posts, in order. */
export function segmentKeys<T extends SegmentMember>(segment: PlannedSegment<T>): string[] {
  const { posts } = segment;
  return posts.map((post, index) =>
    postPageKey(post, index === 0 ? segment.newer : posts[index - 1], posts[index + 1] ?? segment.older),
  );
}

/**
 * The name of a segment recorded with other keys than planned (pages the writer refused have
 * none): never a planned segment's name, so the next build reads it.
 */
export function recordedSegmentName(
  configKey: string,
  posts: readonly SegmentMember[],
  keys: readonly string[],
): string {
  return segmentName([
    'recorded',
    configKey,
    ...posts.flatMap((post, index) => [post.digest, keys[index] ?? '']),
  ]);
}

/** What a build may ask of the previous build's post records. */
export interface CachedRecords {
  /** The post's record, when read. */
  get(digest: string): PostRecord | undefined;
  /** True when the post's page and cover are known unchanged, though its record may be unread. */
  settled(digest: string): boolean;
}

/** No records: a build that may reuse no cover. */
export const NO_RECORDS: CachedRecords = { get: () => undefined, settled: () => false };

/**
 * The previous build's post records as far as this build needs them. Segments this build plans
 * again under the same name are kept unread: their pages are unchanged, and their covers are read
 * only for the posts a rendered list or feed shows (`loadFor`). Every other segment of the previous
 * build is read, since its posts changed, moved or are gone.
 */
export class PreviousPostRecords implements CachedRecords {
  private readonly records = new Map<string, PostRecord>();
  /** Digest → the name of the kept segment holding it. */
  private readonly kept = new Map<string, string>();
  /** Kept segments that could not be read when their covers were needed: written again. */
  readonly unreadable = new Set<string>();

  private constructor(
    private readonly root: string,
    /** The previous build's segment names. */
    readonly names: ReadonlySet<string>,
  ) {}

  /**
   * Reads what `planned` needs of the previous build's records: `names` are its segments, `inline`
   * the records of a version 3 or 4 manifest. Segments are kept unread only when `keepUnread`
   * (the previous build's keys are trusted).
   */
  static async read(
    root: string,
    previous: { names: readonly string[]; inline: ReadonlyMap<string, PostRecord> | null },
    planned: readonly PlannedSegment[],
    keepUnread: boolean,
  ): Promise<PreviousPostRecords> {
    const records = new PreviousPostRecords(root, new Set(previous.names));
    previous.inline?.forEach((record, digest) => records.records.set(digest, record));
    const keptNames = new Set<string>();
    if (keepUnread)
      for (const segment of planned)
        if (records.names.has(segment.name)) {
          keptNames.add(segment.name);
          for (const post of segment.posts) records.kept.set(post.digest, segment.name);
        }
    const read = previous.names.filter((name) => !keptNames.has(name));
    const segments = await Promise.all(read.map((name) => readSegment(root, name)));
    segments.forEach((segment, index) => {
      if (segment) segment.forEach((record, digest) => records.records.set(digest, record));
      else records.unreadable.add(read[index] as string);
    });
    return records;
  }

  get(digest: string): PostRecord | undefined {
    return this.records.get(digest);
  }

  settled(digest: string): boolean {
    const name = this.kept.get(digest);
    return name !== undefined && !this.unreadable.has(name);
  }

  /** The key the post's page had: `planned` itself when its segment is kept. */
  keyOf(digest: string, planned: string): string | undefined {
    return this.kept.has(digest) ? planned : this.records.get(digest)?.[0];
  }

  /** Reads the kept segments holding any of `posts` not read yet; one that fails is `unreadable`. */
  async loadFor(posts: Iterable<SitePost>): Promise<void> {
    const wanted = new Set<string>();
    for (const post of posts) {
      const name = this.kept.get(post.digest);
      if (name !== undefined && !this.records.has(post.digest)) wanted.add(name);
    }
    await Promise.all(
      [...wanted].map(async (name) => {
        const segment = await readSegment(this.root, name);
        if (segment) segment.forEach((record, digest) => this.records.set(digest, record));
        else this.unreadable.add(name);
      }),
    );
  }

  /** Digests of the previous build's posts read so far: every one outside the kept segments. */
  get digests(): { has(digest: string): boolean; keys(): Iterable<string>; readonly size: number } {
    return this.records;
  }
}
