import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../core/errors.js';
import { checkSourceUrl } from './source-url.js';

/** A local feed file named on the command line: where it is, and how the config should name it. */
export interface LocalSourcePath {
  /** Absolute path of the file. */
  file: string;
  /** The source `url` to write, which the config resolves (against its own folder) to `file`. */
  url: string;
}

// Two letters or more, as source-url.ts reads a scheme; a drive letter (`C:`) is not one.
const SCHEME = /^[a-z][a-z0-9+.-]+:/i;

/**
 * Turns a local source as typed (a path relative to `cwd`, an absolute path, or a `file:` URL) into
 * the `url` the config at `configFile` resolves to the same file. The config resolves paths against
 * its own folder, not the shell's, so the path is rewritten relative to that folder with `/`
 * separators: the project then works from any folder and on any machine, a CI runner included. A
 * path typed absolute that lies outside the config's folder stays absolute: that is where it is.
 * `paths` is the platform's path module; tests pass `path.win32`.
 */
export function localSourcePath(
  typed: string,
  cwd: string,
  configFile: string,
  paths: path.PlatformPath = path,
): LocalSourcePath {
  const isFileUrl = /^file:/i.test(typed);
  const file = isFileUrl ? filePathOf(typed) : paths.resolve(cwd, typed);
  const configDir = paths.dirname(paths.resolve(cwd, configFile));
  const relative = paths.relative(configDir, file);
  // `relative` is absolute only across Windows drives, where no relative path exists.
  const inside = relative !== '..' && !relative.startsWith(`..${paths.sep}`) && !paths.isAbsolute(relative);
  const typedAbsolute = isFileUrl || paths.isAbsolute(typed);
  if (paths.isAbsolute(relative) || (typedAbsolute && !inside)) {
    return { file, url: isFileUrl ? typed : file };
  }
  const portable = relative.split(paths.sep).join('/');
  // `rss:today.xml` would be read as a URL with the scheme `rss:`; `./` keeps it a path.
  return { file, url: SCHEME.test(portable) ? `./${portable}` : portable };
}

function filePathOf(url: string): string {
  // `file:a.xml` parses as `file:///a.xml`, while the config reads it as a path named `file:a.xml`:
  // neither is what was meant, so only the absolute form is taken.
  if (!/^file:\/\//i.test(url)) {
    throw new ConfigError(
      `${url}: a file: URL must be absolute (file:///path/to/feed.xml); or give the path`,
    );
  }
  try {
    return fileURLToPath(url);
  } catch (error) {
    throw new ConfigError(`${url}: not a local file URL`, { cause: error });
  }
}

/**
 * The absolute file a source `url` names when it is a local file, as the config in `configDir`
 * resolves it, or null for URLs and routes: two spellings of one file are one source.
 */
export function localSourceFile(url: string, configDir: string): string | null {
  if (checkSourceUrl(url).kind !== 'file') return null;
  if (!/^file:\/\//i.test(url)) return path.resolve(configDir, url);
  try {
    return fileURLToPath(url);
  } catch {
    return null;
  }
}
