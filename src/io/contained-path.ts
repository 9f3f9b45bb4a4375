import { lstatSync, realpathSync, type Dirent } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { NewsmillError } from '../core/errors.js';

/**
 * A path newsmill refused to write or delete: it does not stay inside the folder it belongs to.
 * Such paths come from stored or imported state (a store restored from a cache, an edited export,
 * a site manifest); they are reported and skipped, never followed.
 */
export class OutsideFolderError extends NewsmillError {
  override readonly name = 'OutsideFolderError';

  constructor(
    /** The path as it was given, usually relative to `folder`. */
    readonly file: string,
    /** The folder it had to stay inside. */
    readonly folder: string,
    /** Why it does not. */
    readonly reason: string,
  ) {
    // JSON quoting shows a NUL, a newline or a terminal escape in the path instead of obeying it.
    super(`refused ${JSON.stringify(file)}: ${reason}`);
  }
}

/**
 * A folder newsmill owns (the Hexo posts folder, the site folder), through which every write and
 * delete below it is checked. It remembers which of its subfolders were found safe, so one build or
 * run pays one lstat per folder, not a realpath per file.
 */
export interface ContainedFolder {
  /** The folder, resolved to an absolute path. */
  readonly root: string;
  /**
   * The absolute path of `relative` when it may be written or deleted: it resolves to something
   * strictly inside the folder, and no subfolder on the way is a symlink that leaves the folder.
   * Otherwise the refusal, naming the path and why. The caller must use the returned path (never
   * join `relative` again itself): it is normalized, so the file system never sees a `..`.
   */
  check(relative: string): string | OutsideFolderError;
}

// A relative POSIX path with no empty, `.` or `..` segment and no NUL is inside its base as it is
// written: it can be appended without the cost of normalizing (the site builder checks every file).
const NEEDS_RESOLVING = /(?:^|\/)\.{0,2}(?:\/|$)|\0|^\//;

/**
 * Opens `root` for contained writes. The root itself is trusted, symlink or not: the user named it.
 * Verdicts on subfolders are cached for the life of the object, so create one per build or run.
 */
export function createContainedFolder(root: string): ContainedFolder {
  const base = path.resolve(root);
  const prefix = base.endsWith(path.sep) ? base : base + path.sep;
  // Folder → null when nothing on the way to it leaves the root, else the reason.
  const verdicts = new Map<string, string | null>([[base, null]]);
  let realBase: string | null = null;
  const realRoot = (): string => (realBase ??= realpathOr(base));

  const linkVerdict = (dir: string): string | null => {
    let isLink: boolean;
    try {
      isLink = lstatSync(dir).isSymbolicLink();
    } catch {
      // Missing: a folder newsmill will create, a real one. Unreadable: the write fails by itself.
      return null;
    }
    if (!isLink) return null;
    let target: string;
    try {
      target = realpathSync(dir);
    } catch {
      // A dangling link: creating folders through it would create them wherever it points.
      return `${dir} is a symbolic link to a missing target`;
    }
    const real = realRoot();
    const inside = target === real || target.startsWith(real.endsWith(path.sep) ? real : real + path.sep);
    return inside ? null : `${dir} is a symbolic link to ${target}, outside ${base}`;
  };

  const folderVerdict = (dir: string): string | null => {
    let verdict = verdicts.get(dir);
    if (verdict === undefined) {
      // Every folder here is below the root, whose verdict is cached: the recursion ends there.
      verdict = folderVerdict(path.dirname(dir)) ?? linkVerdict(dir);
      verdicts.set(dir, verdict);
    }
    return verdict;
  };

  return {
    root: base,
    check(relative) {
      let file: string;
      // Typed as a string, but it comes from JSON anyone may edit. The fast path's pattern also
      // rules out an empty, absolute or NUL-holding path: the usual file costs one test.
      if (path.sep === '/' && typeof relative === 'string' && !NEEDS_RESOLVING.test(relative))
        file = prefix + relative;
      else {
        const refusal = refusalOf(relative, base);
        if (refusal !== null) return new OutsideFolderError(relative, base, refusal);
        file = path.resolve(base, relative);
        if (file === base) return new OutsideFolderError(relative, base, `it names ${base} itself`);
        if (!file.startsWith(prefix))
          return new OutsideFolderError(relative, base, `it leads outside ${base}`);
      }
      const reason = folderVerdict(path.dirname(file));
      return reason === null ? file : new OutsideFolderError(relative, base, reason);
    },
  };
}

/**
 * The files among `entries` (a recursive listing of `root`) whose names pass `test`, as paths the
 * containment check allows, for sweeps of stale temp files: the async recursive readdir walks no
 * symlinked folder, but Node 20's `readdirSync` does, and a sweep must not delete through one
 * whatever listed it.
 */
export function containedFiles(
  root: string,
  entries: readonly Dirent[],
  test: (name: string) => boolean,
): string[] {
  const folder = createContainedFolder(root);
  return entries.flatMap((entry) => {
    if (!entry.isFile() || !test(entry.name)) return [];
    const file = folder.check(path.relative(folder.root, path.join(entry.parentPath, entry.name)));
    return typeof file === 'string' ? [file] : [];
  });
}

/**
 * Deletes the files below `root` whose names pass `test` (temp files an interrupted run or build left),
 * each through the containment check; returns how many it deleted. A missing root holds none.
 */
export async function sweepContainedFiles(root: string, test: (name: string) => boolean): Promise<number> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  const stale = containedFiles(root, entries, test);
  await Promise.all(stale.map((file) => rm(file, { force: true })));
  return stale.length;
}

// Why a path is refused before it is even resolved, or null.
function refusalOf(relative: string, base: string): string | null {
  if (typeof relative !== 'string' || relative === '') return 'the path is empty';
  if (relative.includes('\0')) return 'the path contains a NUL character';
  return path.isAbsolute(relative) ? `an absolute path, not one inside ${base}` : null;
}

function realpathOr(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    // A root that does not exist yet holds no symlinks to compare with.
    return folder;
  }
}
