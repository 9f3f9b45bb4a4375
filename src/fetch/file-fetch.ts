import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { FetchError } from '../core/errors.js';
import { BodyReadError, readBody } from './decompress.js';
import type { FetchOptions } from './fetch-options.js';
import { FetchResult } from './fetch-result.js';

const FILE_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
};

/**
 * Reads a local feed file within `maxBytes`; it reports status 200 and no validators, since a file is cheap
 * to read again and its modification time is not a validator any server issued.
 */
export async function fetchFile(location: string, path: string, options: FetchOptions): Promise<FetchResult> {
  const fail = (reason: string, cause?: unknown) =>
    new FetchError(`file ${path}: ${reason}`, location, null, cause === undefined ? undefined : { cause });
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw fail(info.isDirectory() ? 'is a directory' : 'not a regular file');
    size = info.size;
  } catch (error) {
    throw error instanceof FetchError ? error : fail(describeFileFailure(error), error);
  }
  if (size > options.maxBytes) throw fail(`${size} bytes exceeds the limit of ${options.maxBytes} bytes`);
  let bytes: Uint8Array;
  try {
    // The limit applies again while reading, in case the file grows between stat and read.
    bytes = await readBody(createReadStream(path, { signal: options.signal }), null, options.maxBytes);
  } catch (error) {
    throw fail(options.signal?.aborted ? 'aborted' : describeFileFailure(error), error);
  }
  return new FetchResult({
    requestedUrl: location,
    effectiveUrl: pathToFileURL(path).href,
    redirected: false,
    status: 200,
    notModified: false,
    contentType: null,
    etag: null,
    lastModified: null,
    bytes,
  });
}

function describeFileFailure(error: unknown): string {
  if (error instanceof BodyReadError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in FILE_FAILURES) return FILE_FAILURES[code]!;
  return error instanceof Error ? error.message : String(error);
}
