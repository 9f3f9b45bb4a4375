import type { Agent } from 'undici';
import type { HopFetcher } from './image-fetch.js';

/** A hop fetcher on Node: one undici request through the guarded agent, redirects not followed. */
export function createNodeHopFetcher(agent: Agent): HopFetcher {
  return async (url, headers, signal) => {
    const response = await agent.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers,
      signal,
    });
    // Aborts and cancels surface through the iterator or not at all; never as an unhandled 'error'.
    response.body.on('error', () => undefined);
    return {
      status: response.statusCode,
      header(name) {
        const value = response.headers[name];
        return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
      },
      body: response.body,
      cancel() {
        response.body.destroy();
      },
    };
  };
}
