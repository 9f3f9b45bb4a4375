import { describe, expect, it } from 'vitest';
import type { HopFetcher } from './image-fetch.js';
import { createProxyApp } from './proxy-app.js';
import { signImageUrl } from './url-signing.js';

const secret = 'test-secret-0123456789';
const sign = (url: string) => signImageUrl(url, '', secret);

/** An app whose upstream client fails the test if it is ever called: refusals must come first. */
function appWithoutNetwork(options: { unsignedHosts?: string[] } = {}) {
  const calls: string[] = [];
  const fetchHop: HopFetcher = async (url) => {
    calls.push(url.href);
    throw new Error(`must not reach ${url.href}`);
  };
  return { app: createProxyApp({ secret, fetchHop, ...options }), calls };
}

describe('refusals before any connection', () => {
  it.each([
    ['http://127.0.0.1/a.jpg', 'blocked-address'],
    ['http://127.0.0.2:8080/a.jpg', 'blocked-address'],
    ['http://localhost/a.jpg', 'blocked-host'],
    ['http://localhost.:3000/a.jpg', 'blocked-host'],
    ['http://foo.localhost/a.jpg', 'blocked-host'],
    ['http://[::1]/a.jpg', 'blocked-address'],
    ['http://[0:0:0:0:0:0:0:1]:80/a.jpg', 'blocked-address'],
    ['http://[::ffff:127.0.0.1]/a.jpg', 'blocked-address'],
    ['http://[::ffff:169.254.169.254]/a.jpg', 'blocked-address'],
    ['http://[::]/a.jpg', 'blocked-address'],
    ['http://[fd12:3456::1]/a.jpg', 'blocked-address'],
    ['http://[fe80::1]/a.jpg', 'blocked-address'],
    ['http://[64:ff9b::7f00:1]/a.jpg', 'blocked-address'],
    ['http://[2002:a9fe:a9fe::1]/a.jpg', 'blocked-address'],
    ['http://10.0.0.1/a.jpg', 'blocked-address'],
    ['http://169.254.169.254/latest/meta-data/iam/', 'blocked-address'],
    ['http://100.100.100.200/latest/meta-data/', 'blocked-address'],
    ['http://0.0.0.0:8787/healthz', 'blocked-address'],
    ['http://2130706433/a.jpg', 'blocked-address'],
    ['http://0x7f.0.0.1/a.jpg', 'blocked-address'],
    ['http://224.0.0.251/a.jpg', 'blocked-address'],
    ['http://255.255.255.255/a.jpg', 'blocked-address'],
    ['file:///etc/passwd', 'scheme'],
    ['gopher://127.0.0.1:6379/_FLUSHALL', 'scheme'],
    ['data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=', 'scheme'],
    ['ws://example.com/a.jpg', 'scheme'],
    ['http://admin:hunter2@example.com/a.jpg', 'credentials'],
    ['not a url', 'invalid-url'],
  ])('refuses signed %s', async (url, reason) => {
    const { app, calls } = appWithoutNetwork();
    const response = await app.request(sign(url));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(new TextDecoder().decode(response.body ?? new Uint8Array())).toMatch(new RegExp(`^${reason}:`));
    expect(calls).toEqual([]);
    expect(app.metrics.refusals[reason]).toBe(1);
  });

  it('refuses forged, truncated, re-cased and missing signatures', async () => {
    const { app, calls } = appWithoutNetwork();
    const good = sign('https://example.com/a.jpg');
    const [, , hmac = '', encoded = ''] = good.split('/');
    const forged = `/i/${'0'.repeat(64)}/${encoded}`;
    const otherUrl = `/i/${hmac}/${Buffer.from('https://example.com/b.jpg').toString('base64url')}`;
    const wrongKey = signImageUrl('https://example.com/a.jpg', '', 'another-secret');
    for (const path of [
      forged,
      otherUrl,
      wrongKey,
      `/i/${hmac.toUpperCase()}/${encoded}`,
      `/i/${hmac.slice(0, 63)}/${encoded}`,
      `/i/${hmac}/${encoded}=`,
      `/i//${encoded}`,
      `/i/${hmac}`,
      `/i/${hmac}/`,
      `/i/x/y/z`,
    ]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(403);
    }
    expect(calls).toEqual([]);
    expect(app.metrics.refusals['bad-signature']).toBe(10);
  });

  it('keeps unsigned URLs off unless enabled, and then only for the allowlisted hosts', async () => {
    const off = appWithoutNetwork();
    expect((await off.app.request('/?https://wx1.sinaimg.cn/a.jpg')).status).toBe(403);
    const on = appWithoutNetwork({ unsignedHosts: ['sinaimg.cn'] });
    for (const path of [
      '/?https://evil.example/a.jpg',
      '/?https://sinaimg.cn.evil.example/a.jpg',
      '/?http://127.0.0.1/a.jpg',
      '/?https://user@evilsinaimg.cn/a.jpg',
      '/?file:///etc/passwd',
    ]) {
      expect((await on.app.request(path)).status, path).toBeGreaterThanOrEqual(400);
    }
    expect(on.calls).toEqual([]);
    // Allowed host: the request reaches the (failing) upstream client, which is the point.
    const allowed = await on.app.request('/?https%3A%2F%2Fwx1.sinaimg.cn%2Fa.jpg');
    expect(allowed.status).toBe(502);
    expect(on.calls).toEqual(['https://wx1.sinaimg.cn/a.jpg']);
  });

  it('answers only GET and HEAD, and 404 elsewhere', async () => {
    const { app } = appWithoutNetwork();
    expect((await app.request(sign('https://example.com/a.jpg'), { method: 'POST' })).status).toBe(405);
    expect((await app.request('/admin')).status).toBe(404);
    const health = await app.request('/healthz');
    expect(JSON.parse(new TextDecoder().decode(health.body ?? new Uint8Array()))).toMatchObject({ ok: true });
  });
});
