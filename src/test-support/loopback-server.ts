import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP server on 127.0.0.1 with a random port, for tests that need the wire. */
export interface LoopbackServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1:0 with the given handler. */
export async function startLoopbackServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<LoopbackServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (a server was started there and closed). */
export async function deadLoopbackPort(): Promise<number> {
  const probe = await startLoopbackServer(() => undefined);
  const port = Number(new URL(probe.url).port);
  await probe.close();
  return port;
}

/** An RSS 2.0 document with `count` items, each with an http image, for volume tests. */
export function generateRss(count: number, prefix = 'item'): string {
  const items = Array.from(
    { length: count },
    (
      _,
      i,
    ) => `<item><title>${prefix} ${i}: "quoted" 'single'</title><link>https://example.cn/${prefix}/${i}</link>
<guid isPermaLink="false">${prefix}-${i}</guid><pubDate>Thu, 16 Dec 2021 03:28:08 GMT</pubDate>
<description><![CDATA[<p>Body ${i} {{ braces }}</p><img data-original="http://img.example.cn/${i}.jpg">]]></description></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${prefix}</title><link>https://example.cn/</link>${items.join('\n')}</channel></rss>`;
}
