import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OutputError } from '../core/errors.js';
import { createContainedFolder, sweepContainedFiles } from '../io/contained-path.js';

/**
 * What writing one file did: `unchanged` when it already held the same bytes; `refused`, with the
 * refusal, when its path is not safely inside the output folder (a folder there is a symlink out).
 */
export type SiteWriteResult = 'written' | 'unchanged' | { refused: string };

/** Where the build writes: the output root, or the staging folder a first build renames into place. */
export interface SiteOutput {
  root: string;
  /** The root was just created, so it holds nothing older to compare with. */
  rootIsNew: boolean;
  /**
   * The root is a staging folder that nothing serves until the build renames it into place, so
   * files are written in place instead of through a temp file and a rename each.
   */
  staged: boolean;
}

/** Writes files below the site's output folder. */
export interface SiteFileWriter {
  /**
   * Writes `content` to `file` (relative to the root, `/`-separated)
   * unless it already holds it, or refuses a path that is not safely inside the root.
   */
  write(file: string, content: string): Promise<SiteWriteResult>;
  /** How many writes may be in flight at once. */
  window: number;
}

// Also the Hexo writer's marker, which earlier site builds used.
const STALE_TEMP = /\.newsmill-(?:site-)?tmp-/;
const TEMP_MARKER = '.newsmill-site-tmp-';

/**
 * Creates the site's atomic writer: each file is written to a hidden temp file in its folder and
 * renamed over the target, so a reader or a crash sees the old file or the new one, never a part
 * (a staging folder, which nothing serves yet, is written in place). Unlike the Hexo writer it does
 * not fsync: the site is rebuilt from the store at will, so surviving a power loss is not worth an
 * fsync per file, which cost more than the rest of a cold build together. Folders are created once
 * each, and files in a folder this build created are known to be new, so no old bytes are read for
 * them. It writes on this thread with synchronous calls: a writer thread of its own (which also
 * rendered the pages)
 * gained nothing in a cold 20,000-post build once the content pool's worker kept the second core
 * busy (src/site/README.md), and none in a one-new-item build, which writes a few dozen files.
 */
export function createSiteFileWriter(output: SiteOutput): SiteFileWriter {
  const { root, staged } = output;
  const tag = randomBytes(4).toString('hex');
  // Folder → whether this build created it.
  const folders = new Map([[root, output.rootIsNew]]);
  // Every path is checked where it is written, each folder's symlink test once.
  const contained = createContainedFolder(root);
  let counter = 0;

  const ensureFolder = (dir: string): boolean => {
    let isNew = folders.get(dir);
    if (isNew === undefined) {
      const first = mkdirSync(dir, { recursive: true });
      isNew = first !== undefined;
      // Every folder from the first one created down to `dir` is new.
      for (let folder = dir; isNew && folder.length >= (first ?? '').length; folder = path.dirname(folder))
        folders.set(folder, true);
      folders.set(dir, isNew);
    }
    return isNew;
  };

  const writeOne = (relative: string, rendered: string): SiteWriteResult => {
    const file = contained.check(relative);
    if (typeof file !== 'string') return { refused: file.message };
    const dir = path.dirname(file);
    // The temp file sits in the target's own folder, so the rename is atomic.
    const temp = staged ? file : path.join(dir, `.${path.basename(file)}${TEMP_MARKER}${tag}-${counter++}`);
    try {
      // A new file gets a string, not a Buffer: Node encodes it into memory it frees at once, where
      // a Buffer per page would wait for the garbage collector and swell a cold build's peak RSS.
      // One that may exist is encoded once, to compare and to write.
      let content: string | Buffer = rendered;
      // A staging folder holds nothing older: every file in it is new.
      if (!ensureFolder(dir) && !staged) {
        content = Buffer.from(rendered, 'utf8');
        let existing: Buffer | null = null;
        try {
          existing = readFileSync(file);
        } catch {
          // Absent or unreadable: written below.
        }
        if (existing?.equals(content)) return 'unchanged';
      }
      writeFileSync(temp, content);
      if (temp !== file) renameSync(temp, file);
      return 'written';
    } catch (error) {
      try {
        if (temp !== file) rmSync(temp, { force: true });
      } catch {
        // The temp file could not be made either (say, a file stands where a folder should).
      }
      throw new OutputError(`cannot write ${path.join(root, relative)}`, { cause: error });
    }
  };

  return {
    window: 16,
    write: async (relative, content) => writeOne(relative, content),
  };
}

/** Deletes temp files an interrupted build left under `root`. */
export async function removeStaleSiteTemps(root: string): Promise<void> {
  await sweepContainedFiles(root, (name) => STALE_TEMP.test(name));
}
