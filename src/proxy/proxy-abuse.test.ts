import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
import { parseUpstreamEntry } from './address-policy.js';
import { createGuardedAgent, type Resolver } from './guarded-agent.js';
import { createNodeProxy, type NodeProxy, type NodeProxyOptions } from './node-proxy.js';
import { startFakeUpstream, type FakeUpstream } from './testdata/fake-upstream.js';
import { signImageUrl } from './url-signing.js';

const secret = 'test-secret-0123456789';
const sign = (url: string) => signImageUrl(url, '', secret);
const text = (body: Uint8Array | null) => new TextDecoder().decode(body ?? new Uint8Array());

let upstream: FakeUpstream;
// A loopback server that is NOT on the allowlist: every refused target below points at it (or at a
// name that resolves to it), so a broken check would show up as a connection here, never elsewhere.
let sentinel: LoopbackServer;
let sentinelConnections = 0;
const resolverCalls: string[] = [];
// Names resolve only through this table; a public address is never returned, so no test can leave the machine.
const resolve: Resolver = async (hostname) => {
  resolverCalls.push(hostname);
  const table: Record<string, { address: string; family: number }[]> = {
    'rebind.test': [{ address: '127.0.0.1', family: 4 }],
    'mapped.test': [{ address: '::ffff:127.0.0.1', family: 6 }],
  };
  const answer = table[hostname];
  if (!answer) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return answer;
};
const proxies: NodeProxy[] = [];

async function proxy(options: Partial<NodeProxyOptions> = {}): Promise<NodeProxy> {
  const created = await createNodeProxy({
    secret,
    upstream: { allowUpstream: new Set([parseUpstreamEntry(new URL(upstream.url).host)]) },
    resolve,
    ...options,
  });
  proxies.push(created);
  return created;
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
  sentinel = await startLoopbackServer((_, response) => response.end('internal secret'));
  sentinel.server.on('connection', () => sentinelConnections++);
});
afterAll(async () => {
  await Promise.all(proxies.map((created) => created.close()));
  await upstream.close();
  await sentinel.close();
  expect(sentinelConnections).toBe(0);
});

describe('SSRF through the real agent', () => {
  const port = () => new URL(sentinel.url).port;
  it.each([
    ['another port on the allowed loopback address', () => `http://127.0.0.1:${port()}/a.jpg`],
    ['a name resolving to loopback (DNS rebinding)', () => `http://rebind.test:${port()}/a.jpg`],
    ['a name resolving to IPv4-mapped loopback', () => `http://mapped.test:${port()}/a.jpg`],
    ['IPv4-mapped IPv6 literal', () => `http://[::ffff:127.0.0.1]:${port()}/a.jpg`],
    ['localhost', () => `http://localhost:${port()}/a.jpg`],
    [
      'a redirect to loopback',
      () => `${upstream.url}/to?${encodeURIComponent(`http://127.0.0.1:${port()}/a.jpg`)}`,
    ],
    [
      'a redirect to a rebinding name',
      () => `${upstream.url}/to?${encodeURIComponent(`http://rebind.test:${port()}/x`)}`,
    ],
    [
      'a redirect to metadata',
      () => `${upstream.url}/to?${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}`,
    ],
    [
      'a redirect to IPv6 loopback',
      () => `${upstream.url}/to?${encodeURIComponent(`http://[::1]:${port()}/`)}`,
    ],
    ['a redirect to file:', () => `${upstream.url}/to?${encodeURIComponent('file:///etc/passwd')}`],
    [
      'a redirect to gopher:',
      () => `${upstream.url}/to?${encodeURIComponent(`gopher://127.0.0.1:${port()}/_x`)}`,
    ],
    [
      'a redirect with credentials',
      () => `${upstream.url}/to?${encodeURIComponent(`http://a:b@127.0.0.1:${port()}/`)}`,
    ],
  ])('refuses %s', async (_, target) => {
    const { app } = await proxy();
    const response = await app.request(sign(target()));
    expect(response.status, text(response.body)).toBeGreaterThanOrEqual(400);
    expect(text(response.body)).toMatch(/^(blocked-address|blocked-host|scheme|credentials):/);
    expect(sentinelConnections).toBe(0);
  });

  it('checks the connected address in the connector itself, not only in the URL check', async () => {
    const agent = createGuardedAgent({
      allowUpstream: new Set(),
      connectTimeoutMs: 1000,
      headersTimeoutMs: 1000,
      idleTimeoutMs: 1000,
      maxHeaderBytes: 16384,
      resolve,
    });
    for (const origin of [sentinel.url, `http://rebind.test:${port()}`, `http://mapped.test:${port()}`]) {
      await expect(agent.request({ origin, path: '/', method: 'GET' })).rejects.toMatchObject({
        reason: 'blocked-address',
      });
    }
    expect(resolverCalls).toContain('rebind.test');
    expect(sentinelConnections).toBe(0);
    await agent.close();
  });
});

describe('hostile upstream responses', () => {
  it.each([
    ['/html-as-jpeg', 'type-mismatch'],
    ['/svg', 'svg'],
    ['/svg-as-png', 'type-mismatch'],
    ['/page', 'content-type'],
    ['/no-type', 'content-type'],
    ['/gzip', 'content-encoding'],
    ['/huge-declared', 'too-large'],
    ['/big-headers', 'headers-too-large'],
    ['/loop', 'too-many-redirects'],
    ['/chain/5', 'too-many-redirects'],
    ['/404', 'upstream-status'],
  ])('refuses %s (%s)', async (path, reason) => {
    const { app } = await proxy();
    const response = await app.request(sign(`${upstream.url}${path}`));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(text(response.body)).toMatch(new RegExp(`^${reason}:`));
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('follows up to 4 redirects, re-checking each hop', async () => {
    const { app } = await proxy();
    const response = await app.request(sign(`${upstream.url}/chain/4`));
    expect(response.status).toBe(200);
  });

  it('serves SVG only when allowed, and then sandboxed', async () => {
    const { app } = await proxy({ limits: { media: { svg: true, video: false, audio: false } } });
    const response = await app.request(sign(`${upstream.url}/svg`));
    expect(response.status).toBe(200);
    expect(response.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
  });

  it('cuts a 200 MB chunked body off at the cap while streaming', async () => {
    const { app } = await proxy({ limits: { maxBytes: 1024 * 1024 } });
    const before = upstream.bytesSent;
    const response = await app.request(sign(`${upstream.url}/huge-chunked`));
    expect(text(response.body)).toMatch(/^too-large:/);
    expect(upstream.bytesSent - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('cuts off a slow drip at the total timeout and a stalled body at the idle timeout', async () => {
    const { app } = await proxy({ limits: { totalTimeoutMs: 800, idleTimeoutMs: 300 } });
    const started = Date.now();
    const drip = await app.request(sign(`${upstream.url}/drip`));
    expect(drip.status).toBe(504);
    expect(text(drip.body)).toMatch(/^timeout:/);
    expect(Date.now() - started).toBeLessThan(3000);
    const stall = await app.request(sign(`${upstream.url}/stall`));
    expect(text(stall.body)).toMatch(/^(idle-timeout|timeout):/);
    expect(stall.status).toBe(504);
  });

  it('sends no Referer and no cookies unless the host has an override', async () => {
    const { app } = await proxy();
    await app.request(sign(`${upstream.url}/a.png`));
    const plain = upstream.requests.findLast((request) => request.path === '/a.png');
    expect(plain?.headers.referer).toBeUndefined();
    expect(plain?.headers.cookie).toBeUndefined();
    const withReferer = await proxy({
      upstream: {
        allowUpstream: new Set([parseUpstreamEntry(new URL(upstream.url).host)]),
        referers: new Map([['127.0.0.1', 'https://weibo.com/']]),
      },
    });
    await withReferer.app.request(sign(`${upstream.url}/a.png?r`));
    expect(upstream.requests.findLast((request) => request.path === '/a.png?r')?.headers.referer).toBe(
      'https://weibo.com/',
    );
  });
});

describe('unsigned mode', () => {
  it('serves allowlisted hosts only, and refuses redirects that leave the allowlist', async () => {
    const { app } = await proxy({ unsignedHosts: ['127.0.0.1'] });
    expect((await app.request(`/?${upstream.url}/a.png`)).status).toBe(200);
    const away = `${upstream.url}/to?${encodeURIComponent('http://rebind.test/a.png')}`;
    const response = await app.request(`/?${away}`);
    expect(text(response.body)).toMatch(/^host-not-allowed:/);
    expect(sentinelConnections).toBe(0);
  });
});
