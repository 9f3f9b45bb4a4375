import { parseUpstreamEntry } from '../address-policy.js';
import { createNodeProxy, type NodeProxy, type NodeProxyOptions } from '../node-proxy.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';

/** The secret test proxies sign and check with. */
export const testSecret = 'test-secret-0123456789';

/** A fake image host and the proxies a test file makes in front of it, all closed by `close`. */
export interface TestProxies {
  upstream(): FakeUpstream;
  /** A Node proxy allowed to reach the fake host (a loopback address), with `options` on top. */
  proxy(options?: Partial<NodeProxyOptions>): Promise<NodeProxy>;
  close(): Promise<void>;
}

/** Starts the fake image host; call `close` in `afterAll`. */
export async function startTestProxies(): Promise<TestProxies> {
  const upstream = await startFakeUpstream();
  const proxies: NodeProxy[] = [];
  return {
    upstream: () => upstream,
    async proxy(options = {}) {
      const created = await createNodeProxy({
        secret: testSecret,
        upstream: { allowUpstream: new Set([parseUpstreamEntry(new URL(upstream.url).host)]) },
        ...options,
      });
      proxies.push(created);
      return created;
    },
    async close() {
      await Promise.all(proxies.map((created) => created.close()));
      await upstream.close();
    },
  };
}
