import { localSourcePath } from '../config/local-source-path.js';
import { FetchError, ParseError } from '../core/errors.js';
import type { FetchOptions } from '../fetch/fetch-options.js';

/** A local feed that `sources add` checked: the `url` to write and the feed's own title. */
export interface CheckedLocalSource {
  /** The source `url` to write: relative to the config's folder, unless typed absolute outside it. */
  url: string;
  /** Absolute path of the file that was read. */
  file: string;
  /** The feed's plain-text title, or null. */
  title: string | null;
}

/**
 * Reads and parses a local feed named on the command line before `sources add` writes it: a
 * missing file or one that is not a feed would otherwise fail only at the next `run`, maybe on a
 * schedule. The url returned is relative to the config's folder, as the config resolves it.
 */
export async function checkLocalSource(
  typed: string,
  configFile: string,
  options: FetchOptions,
): Promise<CheckedLocalSource> {
  const { file, url } = localSourcePath(typed, process.cwd(), configFile);
  const [{ fetchSource }, { parseFeed }] = await Promise.all([
    import('../fetch/fetch-source.js'),
    import('../parse/parse-feed.js'),
  ]);
  // The same reader as `run`, so that its size limit and charset detection apply here too.
  const response = await fetchSource(file, options).catch((error: unknown) => {
    throw new FetchError(`${typed}: not added: ${messageOf(error)}`, file, null, { cause: error });
  });
  try {
    const feed = parseFeed(response.text, { timezone: 'UTC' });
    return { url, file, title: feed.title };
  } catch (error) {
    throw new ParseError(`${typed}: not added: ${messageOf(error)}`, { cause: error });
  }
}

// The errors' own messages already say what is wrong in words; their causes (ENOENT…) stay attached.
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
