import { createFetchHopFetcher } from './edge-upstream.js';
import { createProxyApp, type ProxyAppOptions } from './proxy-app.js';

/** Options of the edge build: the app's options, with the platform's `fetch` as the upstream client. */
export interface EdgeHandlerOptions extends Omit<ProxyAppOptions, 'fetchHop'> {
  fetch?: typeof fetch;
}

/**
 * A WHATWG fetch handler (Cloudflare Workers, Deno.serve, Bun.serve) with the same signing, URL,
 * type, size and header checks as the Node server. The platform owns the socket, so the connect-time
 * IP check cannot run here: see src/proxy/README.md.
 */
export function createEdgeHandler(options: EdgeHandlerOptions): (request: Request) => Promise<Response> {
  const app = createProxyApp({ ...options, fetchHop: createFetchHopFetcher(options.fetch) });
  return async (request) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const response = await app.handle({
      method: request.method,
      url: `${url.pathname}${url.search}`,
      headers,
    });
    const bodyless = request.method === 'HEAD' || response.status === 304 || !response.body;
    return new Response(bodyless ? null : response.body, {
      status: response.status,
      headers: response.headers,
    });
  };
}
