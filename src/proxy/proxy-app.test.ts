import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request as undiciRequest } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskMediaCache } from './disk-cache.js';
import { listenProxy, type NodeProxy, type NodeProxyOptions } from './node-proxy.js';
import { mediaEtag } from './media-etag.js';
import { jpegBytes, sizedJpeg, type FakeUpstream } from './testdata/fake-upstream.js';
import { startTestProxies, testSecret, type TestProxies } from './testdata/test-proxies.js';
import { signImageUrl } from './url-signing.js';

const secret = testSecret;
const sign = (url: string) => signImageUrl(url, '', secret);
let proxies: TestProxies;
let upstream: FakeUpstream;
const dirs: string[] = [];
const proxy = (options?: Partial<NodeProxyOptions>): Promise<NodeProxy> => proxies.proxy(options);

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-proxy-'));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  proxies = await startTestProxies();
  upstream = proxies.upstream();
});
afterAll(async () => {
  await proxies.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('serving images', () => {
  it('serves a signed image with safe headers, then from the cache', async () => {
    const { app } = await proxy();
    const first = await app.request(sign(`${upstream.url}/a.jpg`));
    expect(first.status).toBe(200);
    expect(Buffer.from(first.body ?? [])).toEqual(jpegBytes);
    expect(first.headers).toMatchObject({
      'content-type': 'image/jpeg',
      'content-length': String(jpegBytes.byteLength),
      'content-security-policy': "default-src 'none'; sandbox",
      'x-content-type-options': 'nosniff',
      'access-control-allow-origin': '*',
      // The proxy's own strong tag of the bytes, not the upstream's "v1".
      etag: mediaEtag(jpegBytes),
      'last-modified': 'Wed, 01 Jan 2025 00:00:00 GMT',
      'x-cache': 'MISS',
    });
    expect(first.headers.etag).toMatch(/^"[\w-]{22}"$/);
    expect(first.headers['cache-control']).toMatch(/^public, max-age=\d{7,}, .*immutable$/);
    expect(first.headers['set-cookie']).toBeUndefined();
    const second = await app.request(sign(`${upstream.url}/a.jpg`));
    expect(second.headers['x-cache']).toBe('HIT');
    expect(upstream.hits('/a.jpg')).toBe(1);
    expect(app.metrics).toMatchObject({ hits: 1, misses: 1, upstreamFetches: 1 });
  });

  it('answers HEAD, conditional requests and ranges from the cache', async () => {
    const { app } = await proxy();
    const url = sign(`${upstream.url}/a.jpg`);
    const head = await app.request(url, { method: 'HEAD' });
    expect(head.body).toBeNull();
    expect(head.headers['content-length']).toBe(String(jpegBytes.byteLength));
    const etag = mediaEtag(jpegBytes);
    expect((await app.request(url, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    // The upstream's tag means nothing here.
    expect((await app.request(url, { headers: { 'If-None-Match': '"v1"' } })).status).toBe(200);
    const since = await app.request(url, {
      headers: { 'If-Modified-Since': 'Thu, 02 Jan 2025 00:00:00 GMT' },
    });
    expect(since.status).toBe(304);
    const range = await app.request(url, { headers: { range: 'bytes=0-9' } });
    expect(range.status).toBe(206);
    expect(range.headers['content-range']).toBe(`bytes 0-9/${jpegBytes.byteLength}`);
    expect(Buffer.from(range.body ?? [])).toEqual(jpegBytes.subarray(0, 10));
    const suffix = await app.request(url, { headers: { range: 'bytes=-5' } });
    expect(Buffer.from(suffix.body ?? [])).toEqual(jpegBytes.subarray(-5));
    expect((await app.request(url, { headers: { range: 'bytes=99999-' } })).status).toBe(416);
    expect(app.metrics.notModified).toBe(2);
  });

  it('serves WebP sent as image/jpeg under its real type', async () => {
    const { app } = await proxy();
    const response = await app.request(sign(`${upstream.url}/webp-as-jpeg`));
    expect(response.headers['content-type']).toBe('image/webp');
  });

  it('shares one upstream fetch among 100 concurrent requests', async () => {
    const { app } = await proxy();
    const url = sign(`${upstream.url}/slow.jpg`);
    const responses = await Promise.all(Array.from({ length: 100 }, () => app.request(url)));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(upstream.hits('/slow.jpg')).toBe(1);
    expect(app.metrics).toMatchObject({ upstreamFetches: 1, coalesced: 99 });
  });

  it('remembers an upstream failure briefly (negative cache)', async () => {
    const { app } = await proxy({ negativeTtlMs: 60_000 });
    const url = sign(`${upstream.url}/404?negative`);
    expect((await app.request(url)).status).toBe(404);
    expect((await app.request(url)).status).toBe(404);
    expect(upstream.hits('/404?negative')).toBe(1);
    expect(app.metrics.negativeHits).toBe(1);
    expect(app.metrics.refusals['upstream-status']).toBe(2);
  });

  it('works over the wire through the node:http adapter', async () => {
    const { app } = await proxy();
    const { url, server } = await listenProxy(app, '127.0.0.1', 0);
    try {
      const response = await undiciRequest(`${url}${sign(`${upstream.url}/a.png`)}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('image/png');
      await response.body.arrayBuffer();
      const head = await undiciRequest(`${url}${sign(`${upstream.url}/a.png`)}`, { method: 'HEAD' });
      expect(head.headers['content-length']).toBe(response.headers['content-length']);
      await head.body.dump();
      const metrics = await undiciRequest(`${url}/metrics`);
      expect(await metrics.body.json()).toMatchObject({ hits: 1, misses: 1 });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('disk cache', () => {
  it('evicts the least recently used files under its size bound', async () => {
    const dir = tempDir();
    const created = await proxy({ cacheDir: dir, cacheMaxBytes: 25_000, memoryCacheBytes: 0 });
    const { app } = created;
    const step = async (name: string) => {
      await app.request(sign(`${upstream.url}/size/10000/${name}`));
      await created.flush();
    };
    for (const name of ['a', 'b', 'c']) await step(name);
    // 3 × ~10 kB exceed 25 kB: the oldest (a) is gone, b and c remain.
    expect(readdirSync(dir)).toHaveLength(2);
    await step('b');
    await step('d');
    expect(upstream.hits('/size/10000/b')).toBe(1);
    await step('a');
    expect(upstream.hits('/size/10000/a')).toBe(2);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('survives a restart and drops leftovers of interrupted writes', async () => {
    const dir = tempDir();
    const first = await DiskMediaCache.open({ dir, maxBytes: 1e6, memoryBytes: 0 });
    first.put('k', {
      contentType: 'image/jpeg',
      body: sizedJpeg(100),
      etag: null,
      lastModified: null,
      storedAt: 1,
    });
    await first.flush();
    writeFileSync(path.join(dir, 'deadbeef.123.tmp'), 'partial');
    const [name = ''] = readdirSync(dir).filter((file) => file.endsWith('.bin') && !file.startsWith('dead'));
    writeFileSync(path.join(dir, `${'0'.repeat(64)}.bin`), 'NMC1garbage');
    const second = await DiskMediaCache.open({ dir, maxBytes: 1e6, memoryBytes: 0 });
    expect(readdirSync(dir).some((file) => file.endsWith('.tmp'))).toBe(false);
    expect((await second.get('k'))?.body.byteLength).toBe(100);
    expect(name).toMatch(/^[0-9a-f]{64}\.bin$/);
    expect(await second.get('missing')).toBeNull();
  });

  it('reads files of the earlier format, giving them the proxy’s own ETag', async () => {
    const dir = tempDir();
    const body = sizedJpeg(100);
    const header = Buffer.from(
      JSON.stringify({
        key: 'k',
        contentType: 'image/jpeg',
        etag: 'W/"up"',
        lastModified: null,
        storedAt: 1,
        length: 100,
      }),
    );
    const prefix = Buffer.alloc(8);
    prefix.write('NMC1', 0, 'latin1');
    prefix.writeUInt32BE(header.byteLength, 4);
    const name = createHash('sha256').update('k').digest('hex');
    writeFileSync(path.join(dir, `${name}.bin`), Buffer.concat([prefix, header, body]));
    const cache = await DiskMediaCache.open({ dir, maxBytes: 1e6, memoryBytes: 0 });
    expect(await cache.get('k')).toMatchObject({ etag: mediaEtag(body), contentType: 'image/jpeg' });
  });
});
