import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
import { parseUpstreamEntry } from './address-policy.js';
import { createEdgeHandler } from './edge-handler.js';
import type { FetchLimits } from './image-fetch.js';
import { createNodeProxy, type NodeProxy } from './node-proxy.js';
import { jpegBytes } from './testdata/fake-upstream.js';
import { signImageUrl } from './url-signing.js';

const secret = 'test-secret-0123456789';
const text = (body: Uint8Array | null) => new TextDecoder().decode(body ?? new Uint8Array());

/** An image host that sends a JPEG's first bytes, then one byte every `intervalMs`, and notes when each
 * connection closes (a proxy that gave up must close it, not leave it dripping). */
interface DripUpstream extends LoopbackServer {
  closedAt: number[];
}
async function startDrip(intervalMs: number): Promise<DripUpstream> {
  const closedAt: number[] = [];
  const upstream = await startLoopbackServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'image/jpeg' });
    response.write(jpegBytes.subarray(0, 11));
    const timer = setInterval(() => response.write('x'), intervalMs);
    response.on('close', () => {
      clearInterval(timer);
      closedAt.push(Date.now());
    });
  });
  return Object.assign(upstream, { closedAt });
}

let drip: DripUpstream | null = null;
const proxies: NodeProxy[] = [];
afterEach(async () => {
  await drip?.close();
  drip = null;
});
afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
});

async function nodeProxy(upstream: LoopbackServer, limits: Partial<FetchLimits>): Promise<NodeProxy> {
  const proxy = await createNodeProxy({
    secret,
    upstream: { allowUpstream: new Set([parseUpstreamEntry(new URL(upstream.url).host)]) },
    limits,
  });
  proxies.push(proxy);
  return proxy;
}

describe('a slow-drip upstream', () => {
  // The drip (5 bytes a second) never stalls long enough for the idle timeout (10 s), and the total
  // timeout stays at its default 30 s: only the body limits can end it early.
  it('is cut at the body deadline with 504, and its connection is closed (node)', async () => {
    drip = await startDrip(200);
    const { app } = await nodeProxy(drip, { bodyTimeoutMs: 1000 });
    const started = Date.now();
    const response = await app.request(signImageUrl(`${drip.url}/a.jpg`, '', secret));
    const answeredAt = Date.now();
    expect(response.status).toBe(504);
    expect(text(response.body)).toMatch(/^body-timeout: /);
    expect(answeredAt - started).toBeGreaterThanOrEqual(900);
    expect(answeredAt - started).toBeLessThan(2500);
    await vi.waitFor(() => expect(drip?.closedAt).toHaveLength(1), { timeout: 1000 });
    expect((drip.closedAt[0] ?? 0) - answeredAt).toBeLessThan(500);
  });

  it('is cut once its average rate stays below the minimum, before the deadline (node)', async () => {
    drip = await startDrip(200);
    const { app } = await nodeProxy(drip, { minBytesPerSecond: 1024, rateWindowMs: 500 });
    const started = Date.now();
    const response = await app.request(signImageUrl(`${drip.url}/a.jpg`, '', secret));
    expect(response.status).toBe(504);
    expect(text(response.body)).toMatch(/^too-slow: .*below 1024 bytes\/s/);
    expect(Date.now() - started).toBeLessThan(2000);
    await vi.waitFor(() => expect(drip?.closedAt).toHaveLength(1), { timeout: 1000 });
  });

  it('keeps a body that arrives at a useful rate, however the limits are set', async () => {
    const steady = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'image/jpeg' });
      const body = Buffer.concat([jpegBytes.subarray(0, 11), Buffer.alloc(64 * 1024, 7)]);
      let sent = 0;
      // 64 KB in 8 KB pieces every 50 ms: about 160 KB/s over 0.4 s.
      const timer = setInterval(() => {
        response.write(body.subarray(sent, sent + 8192));
        sent += 8192;
        if (sent >= body.byteLength) {
          clearInterval(timer);
          response.end();
        }
      }, 50);
    });
    try {
      const { app } = await nodeProxy(steady, {
        bodyTimeoutMs: 2000,
        minBytesPerSecond: 16 * 1024,
        rateWindowMs: 100,
      });
      const response = await app.request(signImageUrl(`${steady.url}/a.jpg`, '', secret));
      expect(response.status).toBe(200);
      expect(response.body?.byteLength).toBe(64 * 1024 + 11);
    } finally {
      await steady.close();
    }
  });

  it('is cut at the body deadline and closed on the edge handler too', async () => {
    drip = await startDrip(200);
    const handler = createEdgeHandler({
      secret,
      upstream: { allowUpstream: new Set([parseUpstreamEntry(new URL(drip.url).host)]) },
      limits: { bodyTimeoutMs: 1000 },
    });
    const started = Date.now();
    const response = await handler(
      new Request(signImageUrl(`${drip.url}/a.jpg`, 'https://img.example.workers.dev', secret)),
    );
    const answeredAt = Date.now();
    expect(response.status).toBe(504);
    expect(await response.text()).toMatch(/^body-timeout: /);
    expect(answeredAt - started).toBeLessThan(2500);
    await vi.waitFor(() => expect(drip?.closedAt).toHaveLength(1), { timeout: 1000 });
  });

  it('closes a stalled upstream on the edge handler once the idle timeout gives up on it', async () => {
    drip = await startDrip(60_000);
    const handler = createEdgeHandler({
      secret,
      upstream: { allowUpstream: new Set([parseUpstreamEntry(new URL(drip.url).host)]) },
      limits: { idleTimeoutMs: 300 },
    });
    const response = await handler(
      new Request(signImageUrl(`${drip.url}/a.jpg`, 'https://img.example.workers.dev', secret)),
    );
    expect(await response.text()).toMatch(/^idle-timeout: /);
    await vi.waitFor(() => expect(drip?.closedAt).toHaveLength(1), { timeout: 1000 });
  });
});
