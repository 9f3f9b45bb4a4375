import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '../core/errors.js';
import { fetchSource, type FetchOptions } from './fetch-source.js';

const options: FetchOptions = { timeoutMs: 1000, maxBytes: 64 * 1024, userAgent: 'newsmill-test/1.0' };
const XML = '<?xml version="1.0" encoding="GB2312"?><rss><channel><title>本地新闻</title></channel></rss>';
let dir: string;

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'newsmill-fetch-'));
  await writeFile(join(dir, 'feed.xml'), iconv.encode(XML, 'gbk'));
  await writeFile(join(dir, 'big.xml'), Buffer.alloc(options.maxBytes + 1, 0x20));
  await mkdir(join(dir, 'folder'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fetchSource on local files', () => {
  it('reads an absolute path and decodes its declared charset', async () => {
    const path = join(dir, 'feed.xml');
    const result = await fetchSource(path, options);
    expect(result).toMatchObject({
      requestedUrl: path,
      effectiveUrl: pathToFileURL(path).href,
      redirected: false,
      status: 200,
      notModified: false,
      contentType: null,
      etag: null,
      lastModified: null,
      text: XML,
      charset: 'gb18030',
    });
  });

  it('reads a file: URL', async () => {
    const url = pathToFileURL(join(dir, 'feed.xml')).href;
    expect((await fetchSource(url, options)).text).toBe(XML);
  });

  it('names the path of a missing file', async () => {
    const path = join(dir, 'missing.xml');
    const error = await failure(fetchSource(path, options));
    expect(error.message).toBe(`file ${path}: no such file`);
    expect(error.url).toBe(path);
    expect(error.status).toBeNull();
    expect((error.cause as { code?: string }).code).toBe('ENOENT');
  });

  it('refuses directories and oversize files', async () => {
    const folder = join(dir, 'folder');
    expect((await failure(fetchSource(folder, options))).message).toBe(`file ${folder}: is a directory`);
    const big = join(dir, 'big.xml');
    expect((await failure(fetchSource(big, options))).message).toBe(
      `file ${big}: 65537 bytes exceeds the limit of 65536 bytes`,
    );
  });

  it('refuses relative paths and other schemes', async () => {
    expect((await failure(fetchSource('feeds/local.xml', options))).message).toMatch(
      /^cannot fetch "feeds\/local\.xml": expected an absolute http\(s\) URL/,
    );
    expect((await failure(fetchSource('ftp://127.0.0.1/feed.xml', options))).url).toBe(
      'ftp://127.0.0.1/feed.xml',
    );
    expect((await failure(fetchSource('file://remote-host/feed.xml', options))).message).toBe(
      'file file://remote-host/feed.xml: not a local file URL',
    );
  });
});
