import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '../core/errors.js';
import { fetchSource, type FetchOptions } from './fetch-source.js';
import { FEED_ACCEPT } from './http-fetch.js';

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>新闻 News</title></channel></rss>';
const GBK_TITLE = '国内新闻：经济动态与社会热点';
const ETAG = '"v1"';
const LAST_MODIFIED = 'Wed, 01 Jan 2025 00:00:00 GMT';
const options: FetchOptions = { timeoutMs: 5000, maxBytes: 1024 * 1024, userAgent: 'newsmill-test/1.0' };

const routes = new Map<string, RequestListener>();
const hits = new Map<string, number>();
let lastHeaders: IncomingHttpHeaders = {};
let server: Server;
let base: string;

function route(path: string, listener: RequestListener): void {
  routes.set(path, listener);
}

function send(body: string | Buffer, headers: Record<string, string> = {}): RequestListener {
  return (_request, response) => {
    response.writeHead(200, headers);
    response.end(body);
  };
}

function redirect(status: number, location: string): RequestListener {
  return (_request, response) => {
    response.writeHead(status, { location });
    response.end();
  };
}

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    lastHeaders = request.headers;
    const listener = routes.get(path);
    if (listener) return listener(request, response);
    response.writeHead(404);
    response.end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('fetchSource over HTTP', () => {
  route('/feed', (request, response) => {
    const validators = { etag: ETAG, 'last-modified': LAST_MODIFIED };
    if (request.headers['if-none-match'] === ETAG) {
      response.writeHead(304, validators);
      return response.end();
    }
    response.writeHead(200, { ...validators, 'content-type': 'application/rss+xml; charset=utf-8' });
    response.end(RSS);
  });

  it('returns the body, validators and request facts on 200', async () => {
    const result = await fetchSource(`${base}/feed`, options);
    expect(result).toMatchObject({
      requestedUrl: `${base}/feed`,
      effectiveUrl: `${base}/feed`,
      redirected: false,
      status: 200,
      notModified: false,
      contentType: 'application/rss+xml; charset=utf-8',
      etag: ETAG,
      lastModified: LAST_MODIFIED,
      text: RSS,
      charset: 'utf-8',
    });
    expect(lastHeaders).toMatchObject({
      accept: FEED_ACCEPT,
      'accept-encoding': 'gzip, deflate, br',
      'user-agent': 'newsmill-test/1.0',
    });
    expect(lastHeaders['if-none-match']).toBeUndefined();
    expect(result.isModifiedSince({ etag: '"v0"' })).toBe(true);
    expect(result.isModifiedSince({ etag: ETAG })).toBe(false);
  });

  it('sends validators and reports 304 as not modified with an empty body', async () => {
    const result = await fetchSource(`${base}/feed`, { ...options, etag: ETAG, lastModified: LAST_MODIFIED });
    expect(lastHeaders['if-none-match']).toBe(ETAG);
    expect(lastHeaders['if-modified-since']).toBe(LAST_MODIFIED);
    expect(result).toMatchObject({ status: 304, notModified: true, text: '', etag: ETAG });
    expect(result.bytes.byteLength).toBe(0);
    expect(result.isModifiedSince({})).toBe(false);
  });

  it('keeps the sent validators when a 304 omits them', async () => {
    route('/bare-304', (_request, response) => {
      response.writeHead(304);
      response.end();
    });
    const result = await fetchSource(`${base}/bare-304`, {
      ...options,
      etag: '"x"',
      lastModified: LAST_MODIFIED,
    });
    expect(result).toMatchObject({ notModified: true, etag: '"x"', lastModified: LAST_MODIFIED });
  });

  it('turns an error status into a FetchError naming URL and status', async () => {
    const error = await failure(fetchSource(`${base}/missing.xml`, options));
    expect(error.message).toBe(`GET ${base}/missing.xml: HTTP 404 Not Found`);
    expect(error.status).toBe(404);
    expect(error.url).toBe(`${base}/missing.xml`);
  });

  it('follows a redirect chain with relative Locations and reports the effective URL', async () => {
    route('/a/start', redirect(302, 'next'));
    route('/a/next', redirect(301, '../dir/feed.xml?page=1'));
    route('/dir/feed.xml', send(RSS, { 'content-type': 'application/xml' }));
    const result = await fetchSource(`${base}/a/start`, options);
    expect(result).toMatchObject({
      requestedUrl: `${base}/a/start`,
      effectiveUrl: `${base}/dir/feed.xml?page=1`,
      redirected: true,
      status: 200,
      text: RSS,
    });
  });

  it('gives up on a redirect loop after 5 redirects', async () => {
    route('/loop', redirect(307, '/loop'));
    hits.delete('/loop');
    const error = await failure(fetchSource(`${base}/loop`, options));
    expect(error.message).toBe(
      `GET ${base}/loop (redirected from ${base}/loop): too many redirects (more than 5)`,
    );
    expect(hits.get('/loop')).toBe(6);
  });

  it('rejects a redirect without Location or to a non-http scheme', async () => {
    route('/no-location', (_request, response) => {
      response.writeHead(302);
      response.end();
    });
    route('/to-file', redirect(302, 'file:///etc/passwd'));
    expect((await failure(fetchSource(`${base}/no-location`, options))).message).toBe(
      `GET ${base}/no-location: HTTP 302 Found without a Location header`,
    );
    expect((await failure(fetchSource(`${base}/to-file`, options))).message).toMatch(
      /non-http\(s\) Location/,
    );
  });

  it.each([
    ['gzip', zlib.gzipSync],
    ['br', zlib.brotliCompressSync],
    ['deflate', zlib.deflateSync],
    ['deflate', zlib.deflateRawSync],
  ])('decodes a %s body', async (encoding, compress) => {
    route('/compressed', send(compress(Buffer.from(RSS)), { 'content-encoding': encoding }));
    const result = await fetchSource(`${base}/compressed`, options);
    expect(result.text).toBe(RSS);
  });

  it('cuts a gzip bomb off at maxBytes of decoded data', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(200 * 1024 * 1024));
    route('/bomb', send(bomb, { 'content-encoding': 'gzip', 'content-type': 'application/xml' }));
    const started = Date.now();
    const error = await failure(fetchSource(`${base}/bomb`, options));
    expect(error.message).toBe(`GET ${base}/bomb: decoded body exceeds the limit of 1048576 bytes`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('enforces maxBytes on the raw body, declared or streamed', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 0x20);
    route('/declared', send(big, { 'content-length': String(big.length) }));
    route('/streamed', (_request, response) => {
      response.writeHead(200);
      response.write(big.subarray(0, 1024 * 1024));
      response.end(big.subarray(1024 * 1024));
    });
    expect((await failure(fetchSource(`${base}/declared`, options))).message).toBe(
      `GET ${base}/declared: body of 2097152 bytes exceeds the limit of 1048576 bytes`,
    );
    expect((await failure(fetchSource(`${base}/streamed`, options))).message).toBe(
      `GET ${base}/streamed: body exceeds the limit of 1048576 bytes`,
    );
  });

  it('fails only the request on a coding it cannot decode, or a small body declared too big', async () => {
    // Small bodies arrive with the headers: abandoning them used to raise an unhandled stream error
    // that killed the process, and every other source's fetch with it.
    route('/zstd', send(RSS, { 'content-encoding': 'zstd' }));
    route('/small-declared', (_request, response) => {
      response.writeHead(200, { 'content-length': String(2 * 1024 * 1024) });
      response.write('x'.repeat(4096));
    });
    const crashes: unknown[] = [];
    const record = (error: unknown): number => crashes.push(error);
    process.on('uncaughtException', record);
    try {
      expect((await failure(fetchSource(`${base}/zstd`, options))).message).toBe(
        `GET ${base}/zstd: unsupported Content-Encoding "zstd"`,
      );
      expect((await failure(fetchSource(`${base}/small-declared`, options))).message).toContain(
        'exceeds the limit',
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      process.off('uncaughtException', record);
    }
    expect(crashes).toEqual([]);
  });

  it('reads a body sent with the non-standard Content-Encoding "none" as is', async () => {
    route('/none', send(RSS, { 'content-encoding': 'none' }));
    const result = await fetchSource(`${base}/none`, options);
    expect(Buffer.from(result.bytes).toString('utf8')).toBe(RSS);
  });

  it('times out within timeoutMs on a server that never answers, or stalls mid-body', async () => {
    route('/hang', () => undefined);
    route('/stall', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/xml' });
      response.write('<?xml version="1.0"?><rss>');
    });
    for (const path of ['/hang', '/stall']) {
      const started = Date.now();
      const error = await failure(fetchSource(`${base}${path}`, { ...options, timeoutMs: 300 }));
      expect(error.message).toBe(`GET ${base}${path}: timed out after 300 ms`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(Date.now() - started).toBeLessThan(1500);
    }
  });

  it('reports a caller abort as aborted', async () => {
    const error = await failure(fetchSource(`${base}/hang`, { ...options, signal: AbortSignal.timeout(50) }));
    expect(error.message).toBe(`GET ${base}/hang: aborted`);
  });

  it('reports connection refused', async () => {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise((resolve) => dead.close(resolve));
    const error = await failure(fetchSource(`http://127.0.0.1:${port}/feed.xml`, options));
    expect(error.message).toBe(`GET http://127.0.0.1:${port}/feed.xml: connection refused`);
    expect(error.status).toBeNull();
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('decodes GBK labelled in the Content-Type header', async () => {
    const body = iconv.encode(`<rss><channel><title>${GBK_TITLE}</title></channel></rss>`, 'gbk');
    route('/gbk-header', send(body, { 'content-type': 'text/xml; charset=GBK' }));
    const result = await fetchSource(`${base}/gbk-header`, options);
    expect(result.text).toContain(GBK_TITLE);
    expect(result.charset).toBe('gb18030');
  });

  it('decodes GBK labelled only in the XML declaration', async () => {
    const xml = `<?xml version="1.0" encoding="gbk"?><rss><channel><title>${GBK_TITLE}</title></channel></rss>`;
    route('/gbk-prolog', send(iconv.encode(xml, 'gbk'), { 'content-type': 'application/rss+xml' }));
    const result = await fetchSource(`${base}/gbk-prolog`, options);
    expect(result.text).toBe(xml);
    expect(result.charset).toBe('gb18030');
  });

  it('reads UTF-8 mislabelled as GBK as UTF-8', async () => {
    const xml = `<?xml version="1.0" encoding="GBK"?><rss><title>${GBK_TITLE}</title></rss>`;
    route('/utf8-as-gbk', send(Buffer.from(xml), { 'content-type': 'application/xml; charset=gbk' }));
    const result = await fetchSource(`${base}/utf8-as-gbk`, options);
    expect(result.text).toBe(xml);
    expect(result.charset).toBe('utf-8');
  });

  it('rejects a malformed http URL without sending anything', async () => {
    const error = await failure(fetchSource('http://exa mple.com:99999/', options));
    expect(error.message).toBe('GET http://exa mple.com:99999/: not a valid http(s) URL');
  });
});
