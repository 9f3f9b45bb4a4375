import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from '../core/errors.js';
import { isSameFile } from '../io/same-file.js';
import { identityDigest } from '../core/item-identity.js';
import { publicationDate } from '../core/publication-date.js';
import { createContainedFolder } from '../io/contained-path.js';
import { removeEmptyFolders } from '../io/empty-folders.js';
import type { FeedItem } from '../core/model.js';
import {
  OutputFolders,
  removeStaleTempFiles,
  writeFilesAtomic,
  type FileToWrite,
  type WriteStatus,
} from '../io/atomic-write.js';
import { postFileName, postRelativePath } from './post-path.js';
import { renderHexoPost, type HexoPost } from './render-post.js';

// The writer names what it needs of an item, a source, the content step and the store, so that posts/
// depends on none of those rooms: the pipeline passes its StoredItem, SourceConfig, ProcessedContent
// and Store, which fit these shapes.

/** The item a post is written for: its identity within its source, and what the post shows of it. */
export type PostItem = Pick<FeedItem, 'title' | 'link' | 'published' | 'updated'> & {
  /** The item's identity within its source. */
  identity: string;
  /** When newsmill first saw the item; the post date of an item without one. */
  firstSeenAt: string;
};

/** The source a post belongs to: its key, its three category levels (the post's folders) and the post author. */
export type PostSource = Pick<HexoPost, 'categories' | 'author'> & { key: string };

/** The post's sanitized HTML and cover, as the content step made them. */
export type PostContent = Pick<HexoPost, 'html' | 'cover'>;

/** What a post was written from: the item's content (its change time) and the settings' key. */
export interface PostStamp {
  /** The item's `changedAt` when the post was rendered. */
  from: string;
  /** The key of the settings the post was rendered with (categories, author, cleaning). */
  settings: string;
}

/** Which file holds each item's post: the store's output records, which keep a post's file name stable. */
export interface PostFileRecords {
  /** The recorded posts-folder-relative paths of several items' posts (null: none), in the order asked. */
  getOutputFiles(
    kind: 'hexo',
    refs: ReadonlyArray<{ sourceKey: string; identity: string }>,
  ): Promise<Array<string | null>>;
  /** Records the path of the item's post, and what it was written from, replacing an earlier record. */
  recordOutputFile(
    kind: 'hexo',
    sourceKey: string,
    identity: string,
    file: string,
    stamp?: PostStamp,
  ): Promise<void>;
  /** Records several posts' files and stamps at once (one transaction), as `recordOutputFile` each. */
  recordOutputFiles(
    kind: 'hexo',
    records: ReadonlyArray<{ sourceKey: string; identity: string; file: string; stamp?: PostStamp }>,
  ): Promise<void>;
}

/** One post to write: the item, its source, its cleaned content and what it is written from. */
export interface PostToWrite {
  item: PostItem;
  source: PostSource;
  content: PostContent;
  stamp?: PostStamp;
}

/** The outcome of writing one post. */
export interface PostWriteResult {
  status: WriteStatus;
  /** Absolute path of the post file. */
  file: string;
  /** Problems that did not stop the post, such as a recorded old file it refused to delete. */
  warnings: string[];
}

/** Writes items as Hexo posts under `<hexo root>/source/_posts/`. */
export interface HexoWriter {
  /** The folder posts are written below. */
  readonly postsDir: string;
  /**
   * Makes sure posts can be written (failing with an OutputError before anything is fetched, when
   * the folder cannot be made) and removes temp files left by an interrupted run.
   */
  prepare(): Promise<void>;
  /**
   * Writes (or leaves untouched, when identical) the post of one item, and records its file with
   * `stamp` once it is on disk. A post whose path is not safely inside the posts folder (a category
   * folder that is a symlink out of it) fails with an OutsideFolderError naming the path and why.
   */
  writePost(
    item: PostItem,
    source: PostSource,
    content: PostContent,
    stamp?: PostStamp,
  ): Promise<PostWriteResult>;
  /**
   * Writes several posts as `writePost` writes each, but records them in one store call once all
   * their files are on disk. Each post gets its result, or the error that failed it alone; a store
   * that cannot record fails them all.
   */
  writePosts(posts: readonly PostToWrite[]): Promise<Array<PostWriteResult | Error>>;
}

/** Creates the Hexo writer; the store's file manifest keeps each item's file name stable. */
export function createHexoWriter(hexoRoot: string, store: PostFileRecords): HexoWriter {
  const postsDir = path.join(hexoRoot, 'source', '_posts');
  // Recorded paths come from the store, which may be restored from a cache or imported from an
  // edited export: every write and delete below goes through this check.
  const folder = createContainedFolder(postsDir);
  const folders = new OutputFolders();
  return {
    postsDir,
    async prepare() {
      await mkdir(postsDir, { recursive: true }).catch((error: unknown) => {
        throw new OutputError(`cannot use ${postsDir} for the Hexo posts`, { cause: error });
      });
      await removeStaleTempFiles(postsDir);
    },
    async writePost(item, source, content, stamp) {
      const [result = new OutputError(`no result for ${item.identity}`)] = await writePosts([
        { item, source, content, stamp },
      ]);
      if (result instanceof Error) throw result;
      return result;
    },
    writePosts,
  };

  // Files first, written side by side and flushed together; then one store call records every
  // post whose file is on disk (a kill before it leaves posts the next publish finds unrecorded and
  // writes again, unchanged); then the old files of moved posts go, once their new place is recorded.
  async function writePosts(posts: readonly PostToWrite[]): Promise<Array<PostWriteResult | Error>> {
    // One store call for the batch's recorded names: one query each was a tenth of a first run's
    // main-thread time on SQLite, and a round trip each on PostgreSQL.
    const recordedFiles = await store.getOutputFiles(
      'hexo',
      posts.map(({ item, source }) => ({ sourceKey: source.key, identity: item.identity })),
    );
    const planned = posts.map((post, index) => planOrError(post, recordedFiles[index] ?? null));
    const toWrite = planned.filter((entry): entry is PlannedPostFile => !(entry instanceof Error));
    const statuses = await writeFilesAtomic(toWrite, { folders });
    const statusOf = new Map(toWrite.map((entry, index) => [entry, statuses[index]]));
    const written = planned.map((entry): WrittenPostFile | Error => {
      if (entry instanceof Error) return entry;
      const status = statusOf.get(entry) ?? new OutputError(`no status for ${entry.file}`);
      return status instanceof Error ? status : { ...entry, status };
    });
    const records = written.flatMap((entry) =>
      entry instanceof Error || !entry.record ? [] : [entry.record],
    );
    if (records.length > 0) await store.recordOutputFiles('hexo', records);
    return Promise.all(
      written.map(async (entry) => {
        if (entry instanceof Error) return entry;
        const { status, file, recorded, relative } = entry;
        // The categories changed since the last write: the old file is ours and now stale.
        const moved = recorded !== null && recorded !== relative;
        const warnings = moved ? await removeOldPost(recorded, file).catch(asError) : [];
        return warnings instanceof Error ? warnings : { status, file, warnings };
      }),
    );
  }

  function planOrError(post: PostToWrite, recorded: string | null): PlannedPostFile | Error {
    try {
      return planPostFile(post, recorded);
    } catch (error) {
      return asError(error);
    }
  }

  function planPostFile(post: PostToWrite, recorded: string | null): PlannedPostFile {
    const { item, source, content, stamp } = post;
    // The name is chosen once: a later title edit must not move the post to a new URL.
    const fileName =
      recorded && isPostFileName(path.basename(recorded))
        ? path.basename(recorded)
        : postFileName(postTitle(item), identityDigest(source.key, item.identity, 12));
    const relative = postRelativePath(source.categories, fileName);
    const file = folder.check(relative);
    if (typeof file !== 'string') throw file;
    const text = renderHexoPost({
      title: postTitle(item),
      categories: source.categories,
      cover: content.cover,
      author: source.author,
      date: publicationDate(item),
      html: content.html,
    });
    const record =
      recorded !== relative || stamp
        ? { sourceKey: source.key, identity: item.identity, file: relative, stamp }
        : null;
    return { file, content: text, relative, recorded, record };
  }

  async function removeOldPost(recorded: string, current: string): Promise<string[]> {
    const old = folder.check(recorded);
    if (typeof old !== 'string') return [`the post's old file was not deleted: ${old.message}`];
    // Where the file system folds case (Windows, macOS), `News/x.md` and `news/x.md` are one file.
    if (await isSameFile(old, current)) return [];
    await rm(old, { force: true });
    // A post moved to another category may leave its old category folder empty.
    await removeEmptyFolders(folder.root, path.dirname(old));
    return [];
  }
}

/** A post's file to write, and what the store must record of it (null: already recorded as is). */
interface PlannedPostFile extends FileToWrite {
  relative: string;
  recorded: string | null;
  record: { sourceKey: string; identity: string; file: string; stamp?: PostStamp } | null;
}

/** A post's file on disk. */
interface WrittenPostFile extends PlannedPostFile {
  status: WriteStatus;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new OutputError(String(error));
}

// What `postFileName` makes: a visible (Hexo skips `.` and `_` names) Markdown file name.
function isPostFileName(name: string): boolean {
  return name.endsWith('.md') && !/^[._]|[/\\\0]/.test(name);
}

function postTitle(item: PostItem): string {
  return item.title ?? item.link ?? 'Untitled';
}
