import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createContainedFolder, type ContainedFolder } from '../io/contained-path.js';
import type { SiteFrame } from './pages/page-layout.js';
import { renderSiteContent, type SiteContent } from './pages/page-request.js';

/**
 * What writing one file did: `unchanged` when it already held the same bytes; `refused`, with the
 * refusal, when its path is not safely inside the output folder (a folder there is a symlink out).
 */
export type SiteWriteResult = 'written' | 'unchanged' | { refused: string };

/** Files relative to the output root, with their content or the page to render into them. */
export interface SiteWriteBatch {
  files: Array<[file: string, content: SiteContent]>;
}

/** Where a batch goes: the output root and how to write below it. */
export interface SiteWriteTarget {
  root: string;
  /** The root was just created, so it holds nothing older to compare with. */
  rootIsNew: boolean;
  /**
   * The root is a staging folder that nothing serves until the build renames it into place, so
   * files are written in place instead of through a temp file and a rename each.
   */
  staged: boolean;
  /** Makes this writer's temp names unique among concurrent writers. */
  tag: string;
}

const TEMP_MARKER = '.newsmill-site-tmp-';

/** The hidden temp file a write goes through, in the target's own folder so rename is atomic. */
function siteTempName(file: string, tag: string, counter: number): string {
  return `.${path.basename(file)}${TEMP_MARKER}${tag}-${counter}`;
}

/**
 * Renders and writes batches of files with synchronous calls, for a worker thread, where blocking
 * costs the build nothing: creating inodes is kernel time that runs on the worker's core. Folders are
 * created once each, and files in a folder this build created are known to be new, so no old
 * bytes are read for them.
 */
export class SiteBatchWriter {
  // Folder → whether this build created it.
  private readonly folders: Map<string, boolean>;
  // Every path is checked here, where it is written: in the worker, each folder's symlink test once.
  private readonly contained: ContainedFolder;
  private counter = 0;

  constructor(
    private readonly target: SiteWriteTarget,
    private readonly frame: SiteFrame,
  ) {
    this.folders = new Map([[target.root, target.rootIsNew]]);
    this.contained = createContainedFolder(target.root);
  }

  write(batch: SiteWriteBatch): Array<SiteWriteResult | { error: string }> {
    return batch.files.map(([file, content]) => this.writeOne(file, content));
  }

  private ensureFolder(dir: string): boolean {
    let isNew = this.folders.get(dir);
    if (isNew === undefined) {
      const first = mkdirSync(dir, { recursive: true });
      isNew = first !== undefined;
      // Every folder from the first one created down to `dir` is new.
      for (let folder = dir; isNew && folder.length >= (first ?? '').length; folder = path.dirname(folder))
        this.folders.set(folder, true);
      this.folders.set(dir, isNew);
    }
    return isNew;
  }

  private writeOne(relative: string, request: SiteContent): SiteWriteResult | { error: string } {
    const { staged, tag } = this.target;
    const file = this.contained.check(relative);
    if (typeof file !== 'string') return { refused: file.message };
    const dir = path.dirname(file);
    const temp = staged ? file : path.join(dir, siteTempName(file, tag, this.counter++));
    try {
      const rendered = renderSiteContent(this.frame, request);
      // A new file gets a string, not a Buffer: Node encodes it into memory it frees at once, where
      // a Buffer per page would wait for this heap's garbage collector and swell a cold build's
      // peak RSS. One that may exist is encoded once, to compare and to write.
      let content: string | Buffer = rendered;
      // A staging folder holds nothing older: every file in it is new.
      if (!this.ensureFolder(dir) && !staged) {
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
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }
}
