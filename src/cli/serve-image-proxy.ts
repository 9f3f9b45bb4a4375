import type { Config } from '../config/resolve-config.js';
import type { RequestHandler } from '../site/static-server.js';

/**
 * The image proxy `newsmill serve` mounts at `/i/`: present when the config uses newsmill's signed
 * proxy (`proxy.base`, secret from the environment), so previewed pages show their images.
 */
export async function createServeImageProxy(config: Config): Promise<RequestHandler | null> {
  const target = config.proxy.target;
  if (target?.kind !== 'signed') return null;
  // Loaded on demand so that commands other than `serve` do not pay for the proxy's modules.
  const { createNodeProxy, createProxyRequestHandler } = await import('../proxy/node-proxy.js');
  const proxy = await createNodeProxy({ secret: target.secret });
  return createProxyRequestHandler(proxy.app);
}
