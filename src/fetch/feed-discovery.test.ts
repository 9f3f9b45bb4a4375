import { afterEach, describe, expect, it } from 'vitest';
import { generateRss, startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
import { discoverFeed, findFeedLinks } from './feed-discovery.js';

const options = { timeoutMs: 5000, maxBytes: 1024 * 1024, userAgent: 'newsmill-test' };
const atom =
  '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom blog</title><id>x</id></feed>';
let server: LoopbackServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(files: Record<string, string>): Promise<string> {
  server = await startLoopbackServer((request, response) => {
    const body = files[request.url ?? ''];
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(body ?? 'not found');
  });
  return server.url;
}

describe('feed discovery', () => {
  it('picks the first <link rel="alternate"> that really is a feed', async () => {
    const url = await serve({
      '/blog/': `<html><head><base href="/blog/x/">
        <link rel="alternate" type="application/rss+xml" href="missing.xml">
        <link rel="stylesheet" type="text/css" href="/style.css">
        <link rel="Alternate" type="application/atom+xml" title="Atom" href="../atom?a=1&amp;b=2">
      </head><body>hi</body></html>`,
      '/blog/atom?a=1&b=2': atom,
    });
    const found = await discoverFeed(`${url}/blog/`, options);
    expect(found).toMatchObject({ feedUrl: `${url}/blog/atom?a=1&b=2`, title: 'Atom blog', via: 'link' });
    expect(found.rejected.map((r) => r.url)).toEqual([`${url}/blog/`, `${url}/blog/x/missing.xml`]);
    expect(found.rejected[1]?.reason).toMatch(/404/);
  });

  it('falls back to the usual paths, skipping pages that are not feeds', async () => {
    const url = await serve({
      '/': '<html><title>no links</title></html>',
      '/feed': '<html>a page</html>',
      '/atom.xml': atom,
    });
    const found = await discoverFeed(`${url}/`, options);
    expect(found).toMatchObject({ feedUrl: `${url}/atom.xml`, via: 'path' });
    expect(found.rejected.map((r) => r.url.replace(url, ''))).toEqual(['/', '/feed', '/rss.xml']);
  });

  it('takes a feed URL as it is, and says what it tried when nothing is a feed', async () => {
    const url = await serve({ '/news.xml': generateRss(2), '/': '<html></html>' });
    expect(await discoverFeed(`${url}/news.xml`, options)).toMatchObject({
      feedUrl: `${url}/news.xml`,
      via: 'direct',
    });
    await expect(discoverFeed(`${url}/`, options)).rejects.toThrow(
      /no feed found .*tried:\n {2}http.*\/: not a feed/s,
    );
  });

  it('reads JSON Feed links and ignores non-http ones', () => {
    const html =
      '<link rel="alternate" type="application/feed+json" href="/f.json"><link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">';
    expect(findFeedLinks(html, 'https://e.example/a/b')).toEqual(['https://e.example/f.json']);
  });
});
