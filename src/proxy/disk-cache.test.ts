import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskMediaCache } from './disk-cache.js';
import { listenProxy, type NodeProxy, type NodeProxyOptions } from './node-proxy.js';
import { sizedJpeg, type FakeUpstream } from './testdata/fake-upstream.js';
import { startTestProxies, testSecret, type TestProxies } from './testdata/test-proxies.js';
import { signImageUrl } from './url-signing.js';
import { folderBytes } from '../test-support/folder-bytes.js';

const secret = testSecret;
let proxies: TestProxies;
let upstream: FakeUpstream;
const dirs: string[] = [];
const proxy = (options: Partial<NodeProxyOptions>): Promise<NodeProxy> => proxies.proxy(options);

beforeAll(async () => {
  proxies = await startTestProxies();
  upstream = proxies.upstream();
});
afterAll(async () => {
  await proxies.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-disk-cache-'));
  dirs.push(dir);
  return dir;
}

describe('the disk cache bound under concurrent load', () => {
  it('never lets the folder exceed --cache-max-mb, .tmp files included', async () => {
    const dir = tempDir();
    const maxBytes = 200_000;
    const created = await proxy({ cacheDir: dir, cacheMaxBytes: maxBytes });
    const { url, server } = await listenProxy(created.app, '127.0.0.1', 0);
    const agent = new Agent({ connections: 64 });
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(folderBytes(dir)), 1);
    try {
      const sizes = [3_000, 9_000, 17_000, 30_000];
      const urls = Array.from({ length: 600 }, (_, index) =>
        signImageUrl(`${upstream.url}/size/${sizes[index % sizes.length]}/load-${index}`, url, secret),
      );
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < urls.length) {
          const target = urls[next++] ?? '';
          const response = await request(target, { dispatcher: agent });
          await response.body.arrayBuffer();
          expect(response.statusCode).toBe(200);
          samples.push(folderBytes(dir));
        }
      };
      await Promise.all(Array.from({ length: 48 }, worker));
      await created.flush();
      samples.push(folderBytes(dir));
    } finally {
      clearInterval(sampler);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await agent.close();
    }
    expect(samples.length).toBeGreaterThan(600);
    expect(Math.max(...samples)).toBeLessThanOrEqual(maxBytes);
    // The bound is kept by evicting, not by refusing to cache: the folder ends up well used.
    expect(samples.at(-1)).toBeGreaterThan(maxBytes / 2);
  });

  it('holds for writes racing each other without the proxy in front', async () => {
    const dir = tempDir();
    const maxBytes = 100_000;
    const cache = await DiskMediaCache.open({ dir, maxBytes, memoryBytes: 0 });
    const samples: number[] = [];
    for (let round = 0; round < 20; round++) {
      for (let index = 0; index < 30; index++) {
        cache.put(`k-${round}-${index}`, {
          contentType: 'image/jpeg',
          body: sizedJpeg(2_000 + ((index * 7919) % 20_000)),
          etag: null,
          lastModified: null,
          storedAt: 1,
        });
      }
      const settled = cache.flush();
      const sampler = setInterval(() => samples.push(folderBytes(dir)), 0);
      await settled;
      clearInterval(sampler);
      samples.push(folderBytes(dir));
      expect(cache.size).toBe(folderBytes(dir));
    }
    expect(Math.max(...samples)).toBeLessThanOrEqual(maxBytes);
  });
});

describe('the memory tier of the disk cache', () => {
  const health = async (created: NodeProxy) => {
    const response = await created.app.request('/healthz');
    return JSON.parse(new TextDecoder().decode(response.body ?? new Uint8Array())) as {
      cacheBytes: number;
      memoryCacheBytes: number;
    };
  };
  const load = async (created: NodeProxy, tag: string) => {
    for (const name of ['a', 'b', 'c', 'd']) {
      const response = await created.app.request(
        signImageUrl(`${upstream.url}/size/20000/${tag}-${name}`, '', secret),
      );
      expect(response.status).toBe(200);
    }
    await created.flush();
  };

  it('is sized from the cache bound: a quarter of it, at most 64 MB', async () => {
    const created = await proxy({ cacheDir: tempDir(), cacheMaxBytes: 100_000 });
    await load(created, 'quarter');
    const { cacheBytes, memoryCacheBytes } = await health(created);
    expect(cacheBytes).toBeGreaterThan(80_000);
    // 4 × 20 kB are on disk; a quarter of 100 kB holds just one of them in memory.
    expect(memoryCacheBytes).toBe(20_000);
  });

  it('takes an explicit size, 0 turning it off', async () => {
    const off = await proxy({ cacheDir: tempDir(), cacheMaxBytes: 100_000, memoryCacheBytes: 0 });
    await load(off, 'off');
    expect(await health(off)).toMatchObject({ memoryCacheBytes: 0 });
    const big = await proxy({ cacheDir: tempDir(), cacheMaxBytes: 100_000, memoryCacheBytes: 50_000 });
    await load(big, 'big');
    expect(await health(big)).toMatchObject({ memoryCacheBytes: 40_000 });
  });
});
