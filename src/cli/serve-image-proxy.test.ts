import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { signImageUrl } from '../proxy/url-signing.js';
import { startLoopbackServer } from '../test-support/loopback-server.js';
import { createServeImageProxy } from './serve-image-proxy.js';

describe('the image proxy inside newsmill serve', () => {
  it('is mounted only for the signed proxy style', async () => {
    const template = parseConfigText('proxy: { template: "https://w.dev/?{url}" }', '/x/n.yaml', {});
    expect(await createServeImageProxy(template)).toBeNull();
  });

  it('serves signed URLs with the same checks as newsmill proxy', async () => {
    const config = parseConfigText('proxy: { base: "http://127.0.0.1:4000" }', '/x/n.yaml', {
      NEWSMILL_PROXY_SECRET: 's',
    });
    const handler = await createServeImageProxy(config);
    expect(handler).not.toBeNull();
    const server = await startLoopbackServer((request, response) => void handler?.(request, response));
    try {
      // A loopback upstream is refused (SSRF), which shows the request reached the real proxy checks.
      const signed = new URL(signImageUrl('http://127.0.0.1:9/a.jpg', 'http://127.0.0.1:4000', 's'));
      const refused = await fetch(`${server.url}${signed.pathname}`);
      expect(refused.status).toBe(403);
      const forged = await fetch(
        `${server.url}/i/${'0'.repeat(64)}/${Buffer.from('https://a.cn/x.jpg').toString('base64url')}`,
      );
      expect(forged.status).toBe(403);
      expect(forged.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    } finally {
      await server.close();
    }
  });
});
