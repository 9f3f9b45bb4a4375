import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SourceConfig } from '../config/resolve-config.js';
import type { ProcessedContent } from '../content/process-content.js';
import { OutputError } from '../core/errors.js';
import { isSameFile } from '../io/same-file.js';
import { identityDigest } from '../core/item-identity.js';
import { publicationDate } from '../core/publication-date.js';
import { createContainedFolder } from '../io/contained-path.js';
import type { Store, StoredItem } from '../store/store.js';
import { removeStaleTempFiles, writeFileAtomic, type WriteStatus } from '../io/atomic-write.js';
import { postFileName, postRelativePath } from './post-path.js';
import { renderHexoPost } from './render-post.js';

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
   * Writes (or leaves untouched, when identical) the post of one item. A post whose path is not
   * safely inside the posts folder (a category folder that is a symlink out of it) fails with an
   * OutsideFolderError naming the path and why.
   */
  writePost(item: StoredItem, source: SourceConfig, content: ProcessedContent): Promise<PostWriteResult>;
}

/** Creates the Hexo writer; the store's file manifest keeps each item's file name stable. */
export function createHexoWriter(hexoRoot: string, store: Store): HexoWriter {
  const postsDir = path.join(hexoRoot, 'source', '_posts');
  // Recorded paths come from the store, which may be restored from a cache or imported from an
  // edited export: every write and delete below goes through this check.
  const folder = createContainedFolder(postsDir);
  const knownDirs = new Set<string>();
  return {
    postsDir,
    async prepare() {
      await mkdir(postsDir, { recursive: true }).catch((error: unknown) => {
        throw new OutputError(`cannot use ${postsDir} for the Hexo posts`, { cause: error });
      });
      await removeStaleTempFiles(postsDir);
    },
    async writePost(item, source, content) {
      const warnings: string[] = [];
      const recorded = await store.getOutputFile('hexo', source.key, item.identity);
      // The name is chosen once: a later title edit must not move the post to a new URL.
      const fileName =
        recorded && isPostFileName(path.basename(recorded))
          ? path.basename(recorded)
          : postFileName(postTitle(item), identityDigest(source.key, item.identity, 12));
      const relative = postRelativePath(source.categories, fileName);
      const file = folder.check(relative);
      if (typeof file !== 'string') throw file;
      const status = await writeFileAtomic(
        file,
        renderHexoPost({
          title: postTitle(item),
          categories: source.categories,
          cover: content.cover,
          author: source.author,
          date: publicationDate(item),
          html: content.html,
        }),
        { knownDirs },
      );
      if (recorded !== relative) {
        await store.recordOutputFile('hexo', source.key, item.identity, relative);
        // The categories changed since the last write: the old file is ours and now stale.
        if (recorded) warnings.push(...(await removeOldPost(recorded, file)));
      }
      return { status, file, warnings };
    },
  };

  async function removeOldPost(recorded: string, current: string): Promise<string[]> {
    const old = folder.check(recorded);
    if (typeof old !== 'string') return [`the post's old file was not deleted: ${old.message}`];
    // Where the file system folds case (Windows, macOS), `News/x.md` and `news/x.md` are one file.
    if (await isSameFile(old, current)) return [];
    await rm(old, { force: true });
    return [];
  }
}

// What `postFileName` makes: a visible (Hexo skips `.` and `_` names) Markdown file name.
function isPostFileName(name: string): boolean {
  return name.endsWith('.md') && !/^[._]|[/\\\0]/.test(name);
}

function postTitle(item: StoredItem): string {
  return item.title ?? item.link ?? 'Untitled';
}
