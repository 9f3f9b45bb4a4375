import type { Config } from '../config/resolve-config.js';
import { createNodeProxy, createProxyRequestHandler } from '../proxy/node-proxy.js';
import type { RequestHandler } from '../site/static-server.js';

/**
 * The image proxy `newsmill serve` mounts at `/i/`: present when the config uses newsmill's signed
 * proxy (`proxy.base`, secret from the environment), so previewed pages show their images.
 */
export async function createServeImageProxy(config: Config): Promise<RequestHandler | null> {
  const target = config.proxy.target;
  if (target?.kind !== 'signed') return null;
  const proxy = await createNodeProxy({ secret: target.secret });
  return createProxyRequestHandler(proxy.app);
}
