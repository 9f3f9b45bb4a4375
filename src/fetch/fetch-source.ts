import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FetchError } from '../core/errors.js';
import { fetchFile } from './file-fetch.js';
import type { FetchOptions } from './fetch-options.js';
import type { FetchResult } from './fetch-result.js';
import { fetchHttp } from './http-fetch.js';

export type { FetchOptions } from './fetch-options.js';
export { FetchResult } from './fetch-result.js';

/**
 * Fetches one feed from an absolute http(s) URL, a `file:` URL or an absolute local path; relative paths and
 * `rsshub:` shorthands must be resolved by the caller first.
 */
export async function fetchSource(location: string, options: FetchOptions): Promise<FetchResult> {
  if (/^https?:/i.test(location)) return fetchHttp(location, options);
  if (/^file:/i.test(location)) {
    let path: string;
    try {
      path = fileURLToPath(location);
    } catch (error) {
      throw new FetchError(`file ${location}: not a local file URL`, location, null, { cause: error });
    }
    return fetchFile(location, path, options);
  }
  if (isAbsolute(location)) return fetchFile(location, location, options);
  throw new FetchError(
    `cannot fetch "${location}": expected an absolute http(s) URL, a file: URL or an absolute path`,
    location,
  );
}
