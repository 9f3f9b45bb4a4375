import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUpstreamEntry } from './address-policy.js';
import { createEdgeHandler } from './edge-handler.js';
import { jpegBytes, startFakeUpstream, type FakeUpstream } from './testdata/fake-upstream.js';
import { signImageUrl } from './url-signing.js';

const secret = 'test-secret-0123456789';
let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());

describe('edge handler', () => {
  it('serves signed images through the platform fetch with the same checks', async () => {
    const fetched: string[] = [];
    const handler = createEdgeHandler({
      secret,
      upstream: { allowUpstream: new Set([parseUpstreamEntry(new URL(upstream.url).host)]) },
      // Only the fake upstream may be fetched; anything else fails the test instead of leaving the machine.
      fetch: async (input, init) => {
        const url = String(input);
        fetched.push(url);
        if (!url.startsWith(upstream.url)) throw new Error(`must not fetch ${url}`);
        return fetch(input, init);
      },
    });
    const base = 'https://img.example.workers.dev';
    const ok = await handler(new Request(signImageUrl(`${upstream.url}/a.jpg`, base, secret)));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(jpegBytes);
    const head = await handler(
      new Request(signImageUrl(`${upstream.url}/a.jpg`, base, secret), { method: 'HEAD' }),
    );
    expect(head.headers.get('content-length')).toBe(String(jpegBytes.byteLength));
    expect(await head.text()).toBe('');

    for (const target of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/',
      'file:///etc/passwd',
      'http://localhost/',
    ]) {
      expect(
        (await handler(new Request(signImageUrl(target, base, secret)))).status,
        target,
      ).toBeGreaterThanOrEqual(400);
    }
    expect((await handler(new Request(`${base}/i/${'a'.repeat(64)}/aGk`))).status).toBe(403);
    const html = await handler(new Request(signImageUrl(`${upstream.url}/html-as-jpeg`, base, secret)));
    expect(html.status).toBe(502);
    const redirected = await handler(
      new Request(
        signImageUrl(`${upstream.url}/to?${encodeURIComponent('http://10.0.0.1/x.jpg')}`, base, secret),
      ),
    );
    expect(redirected.status).toBe(403);
    expect(fetched.every((url) => url.startsWith(upstream.url))).toBe(true);
  });
});
