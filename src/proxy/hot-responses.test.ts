import { request as undiciRequest } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HotResponses } from './hot-responses.js';
import { listenProxy, type NodeProxy, type NodeProxyOptions } from './node-proxy.js';
import { mediaEtag } from './media-etag.js';
import type { ProxyRequest, ProxyResponse } from './proxy-http.js';
import { jpegBytes, type FakeUpstream } from './testdata/fake-upstream.js';
import { startTestProxies, testSecret, type TestProxies } from './testdata/test-proxies.js';
import { signImageUrl } from './url-signing.js';

const sign = (url: string) => signImageUrl(url, '', testSecret);
let proxies: TestProxies;
let upstream: FakeUpstream;
const proxy = (options?: Partial<NodeProxyOptions>): Promise<NodeProxy> => proxies.proxy(options);

const get = (url: string, headers: Record<string, string> = {}): ProxyRequest => ({
  method: 'GET',
  url,
  headers,
});
const ok = (bytes: number): ProxyResponse => ({ status: 200, headers: {}, body: new Uint8Array(bytes) });

beforeAll(async () => {
  proxies = await startTestProxies();
  upstream = proxies.upstream();
});
afterAll(() => proxies.close());

describe('the hot answers tier', () => {
  it('keeps full answers to plain GETs until they go stale', () => {
    const hot = new HotResponses(10_000);
    const answer = ok(100);
    hot.remember(get('/i/a'), answer, 2_000);
    expect(hot.get(get('/i/a'), 1_000)).toBe(answer);
    expect(hot.get({ ...get('/i/a'), method: 'HEAD' }, 1_000)).toBeNull();
    expect(hot.get(get('/i/a', { 'if-none-match': '"v1"' }), 1_000)).toBeNull();
    expect(hot.get(get('/i/a', { range: 'bytes=0-1' }), 1_000)).toBeNull();
    expect(hot.get(get('/i/a?x'), 1_000)).toBeNull();
    expect(hot.get(get('/i/a'), 2_000)).toBeNull();
    expect(hot.bytes).toBe(0);
  });

  it('keeps neither partial, conditional nor large answers, and stays within its bytes', () => {
    const hot = new HotResponses(250, 120);
    hot.remember(get('/i/range', { range: 'bytes=0-9' }), ok(10), 9e15);
    hot.remember(get('/i/partial'), { ...ok(10), status: 206 }, 9e15);
    hot.remember(get('/i/big'), ok(121), 9e15);
    expect(hot.bytes).toBe(0);
    for (const name of ['a', 'b', 'c']) hot.remember(get(`/i/${name}`), ok(100), 9e15);
    // The coldest goes first; a hit makes an entry the warmest.
    expect(hot.bytes).toBe(200);
    expect(hot.get(get('/i/a'), 0)).toBeNull();
    expect(hot.get(get('/i/b'), 0)).not.toBeNull();
    hot.remember(get('/i/d'), ok(100), 9e15);
    expect(hot.get(get('/i/c'), 0)).toBeNull();
    expect(hot.get(get('/i/b'), 0)).not.toBeNull();
    expect(hot.bytes).toBe(200);
  });
});

describe('the proxy with hot answers', () => {
  it('answers a cached image from the tier once it was a hit, with the same answer', async () => {
    const { app } = await proxy();
    const path = sign(`${upstream.url}/a.jpg`);
    expect(app.handleHot(get(path))).toBeNull();
    const miss = await app.request(path);
    expect(miss.headers['x-cache']).toBe('MISS');
    expect(app.handleHot(get(path))).toBeNull();
    const hit = await app.request(path);
    const hot = app.handleHot(get(path));
    expect(hot).toEqual(hit);
    expect(hot?.headers['x-cache']).toBe('HIT');
    expect(Buffer.from(hot?.body ?? [])).toEqual(jpegBytes);
    expect(app.metrics).toMatchObject({ requests: 3, hits: 2, misses: 1, upstreamFetches: 1 });
    // Validators and ranges still get their own answers.
    expect((await app.request(path, { headers: { 'If-None-Match': mediaEtag(jpegBytes) } })).status).toBe(
      304,
    );
    expect((await app.request(path, { headers: { range: 'bytes=0-9' } })).status).toBe(206);
  });

  it('never answers a path whose signature was not checked', async () => {
    const { app } = await proxy();
    const path = sign(`${upstream.url}/a.jpg`);
    await app.request(path);
    await app.request(path);
    const forged = path.replace(
      /\/i\/[0-9a-f]/,
      (prefix) => `${prefix.slice(0, -1)}${prefix.endsWith('0') ? '1' : '0'}`,
    );
    expect(forged).not.toBe(path);
    expect(app.handleHot(get(forged))).toBeNull();
    expect((await app.request(forged)).status).toBe(403);
  });

  it('lets answers go stale with the cached copy, and can be turned off', async () => {
    const { app } = await proxy({ cacheTtlMs: 200 });
    const path = sign(`${upstream.url}/a.jpg`);
    await app.request(path);
    await app.request(path);
    expect(app.handleHot(get(path))).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(app.handleHot(get(path))).toBeNull();
    const off = (await proxy({ hotResponseBytes: 0 })).app;
    await off.request(path);
    await off.request(path);
    expect(off.handleHot(get(path))).toBeNull();
  });

  it('keeps no unsigned answer', async () => {
    const { app } = await proxy({ unsignedHosts: ['127.0.0.1'] });
    const path = `/?${upstream.url}/a.jpg`;
    expect((await app.request(path)).status).toBe(200);
    expect((await app.request(path)).headers['x-cache']).toBe('HIT');
    expect(app.handleHot(get(path))).toBeNull();
  });

  it('sends hot answers over HTTP with the headers and body of the full path', async () => {
    const created = await proxy();
    const { url, server } = await listenProxy(created.app, '127.0.0.1', 0);
    try {
      const path = sign(`${upstream.url}/a.jpg`);
      const answers = [];
      for (let i = 0; i < 3; i++) {
        const response = await undiciRequest(`${url}${path}`);
        answers.push({ headers: response.headers, body: Buffer.from(await response.body.arrayBuffer()) });
      }
      const [, hit, hot] = answers;
      const { date: _hitDate, ...hitHeaders } = hit?.headers ?? {};
      const { date: _hotDate, ...hotHeaders } = hot?.headers ?? {};
      expect(hotHeaders).toEqual(hitHeaders);
      expect(hot?.body).toEqual(jpegBytes);
      expect(created.app.metrics.hits).toBe(2);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
