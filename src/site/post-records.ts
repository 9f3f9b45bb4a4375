import { endsSegment, readSegment, segmentName, type PostRecord } from './manifest-segments.js';
import { postPageKey, type SitePost } from './site-posts.js';

/** The posts of one segment as this build plans them, in plan order. */
export interface PlannedSegment {
  posts: SitePost[];
  /** Each post's page key (`postPageKey`), in the same order. */
  keys: string[];
  /** Its name: that of a previous build's segment exactly when every page key is the same. */
  name: string;
}

/** Cuts the posts (newest first, as planned) into segments, each with its page keys and name. */
export function planSegments(posts: readonly SitePost[], configKey: string): PlannedSegment[] {
  const segments: PlannedSegment[] = [];
  let current: SitePost[] = [];
  let keys: string[] = [];
  const close = (): void => {
    const digests = current.map((post) => post.digest);
    segments.push({ posts: current, keys, name: segmentName(configKey, digests, keys) });
    current = [];
    keys = [];
  };
  posts.forEach((post, index) => {
    current.push(post);
    keys.push(postPageKey(post, posts[index - 1], posts[index + 1]));
    if (endsSegment(post.digest, current.length)) close();
  });
  if (current.length > 0) close();
  return segments;
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
