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

describe('feed links of hostile pages', () => {
  it('reads a page 200,000 elements deep in linear time, finding links at any depth', () => {
    const depth = 200_000;
    const html =
      '<html><head><link rel="alternate" type="application/rss+xml" href="/a.xml"></head><body>' +
      '<div>'.repeat(depth) +
      '<a rel="alternate" type="application/atom+xml" href="/b.xml">b</a>' +
      '</div>'.repeat(depth);
    const started = performance.now();
    expect(findFeedLinks(html, 'https://example.org/')).toEqual([
      'https://example.org/a.xml',
      'https://example.org/b.xml',
    ]);
    // htmlparser2's Parser took 17 s on this page; the linear reader takes about 0.1 s.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('reads links as HTML does: any case, unquoted values, entities, <base>', () => {
    const html =
      '<HEAD><BASE HREF="https://cdn.example/x/"><LINK REL=Alternate TYPE=application/rss+xml HREF=feed.xml?a=1&amp;b=2>' +
      '<link rel="alternate nofollow" type=\'application/atom+xml\' href="/atom"></HEAD>';
    expect(findFeedLinks(html, 'https://example.org/')).toEqual([
      'https://cdn.example/x/feed.xml?a=1&b=2',
      'https://cdn.example/atom',
    ]);
  });
});

describe('feed discovery bounds', () => {
  /** A site whose pages are all HTML (never a feed), counting requests; `delayMs` slows every answer. */
  async function serveNoFeeds(home: string, delayMs = 0): Promise<{ url: string; requests: string[] }> {
    const requests: string[] = [];
    server = await startLoopbackServer((request, response) => {
      requests.push(request.url ?? '');
      const answer = () => {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(request.url === '/' ? home : '<html>not a feed</html>');
      };
      if (delayMs && request.url !== '/') setTimeout(answer, delayMs);
      else answer();
    });
    return { url: server.url, requests };
  }
  const links = (hrefs: string[]) =>
    hrefs.map((href) => `<link rel="alternate" type="application/rss+xml" href="${href}">`).join('\n');

  it('tries at most 10 of a page’s 500 <link rel="alternate"> candidates, then the usual paths', async () => {
    const hrefs = Array.from({ length: 500 }, (_, i) => `/feed-${i}.xml`);
    const { url, requests } = await serveNoFeeds(`<html><head>${links(hrefs)}</head></html>`);
    const error: Error = await discoverFeed(`${url}/`, options).then(
      () => new Error('found a feed'),
      (caught: Error) => caught,
    );
    // The page, ten links, the six usual paths of the site root.
    expect(requests).toEqual([
      '/',
      ...hrefs.slice(0, 10),
      '/feed',
      '/rss.xml',
      '/atom.xml',
      '/index.xml',
      '/feed.xml',
      '/rss',
    ]);
    expect(error.message).toMatch(/no feed found/);
    expect(error.message).toMatch(/490 more <link rel="alternate"> candidates were not tried/);
  });

  it('still tries a usual path that the page lists past the cap', async () => {
    const hrefs = [...Array.from({ length: 12 }, (_, i) => `/x-${i}.xml`), '/atom.xml'];
    server = await startLoopbackServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(request.url === '/atom.xml' ? atom : `<html><head>${links(hrefs)}</head></html>`);
    });
    const found = await discoverFeed(`${server.url}/`, options);
    expect(found).toMatchObject({ feedUrl: `${server.url}/atom.xml`, via: 'path' });
    expect(found.rejected).toHaveLength(1 + 10 + 2);
  });

  it('counts distinct URLs: repeats of one link do not use up the candidates', async () => {
    const hrefs = [...Array<string>(50).fill('/a.xml'), ...Array<string>(50).fill('/b.xml'), '/feed.xml'];
    server = await startLoopbackServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(request.url === '/feed.xml' ? atom : `<html><head>${links(hrefs)}</head></html>`);
    });
    const found = await discoverFeed(`${server.url}/`, options);
    expect(found).toMatchObject({ feedUrl: `${server.url}/feed.xml`, via: 'link' });
    expect(found.rejected.map((r) => r.url.replace(server?.url ?? '', ''))).toEqual([
      '/',
      '/a.xml',
      '/b.xml',
    ]);
  });

  it('stops at one deadline for the whole discovery, however many candidates are left', async () => {
    const hrefs = Array.from({ length: 8 }, (_, i) => `/slow-${i}.xml`);
    const { url, requests } = await serveNoFeeds(`<html><head>${links(hrefs)}</head></html>`, 300);
    const started = Date.now();
    await expect(discoverFeed(`${url}/`, options, { deadlineMs: 1000 })).rejects.toThrow(
      /no feed found .* within 1000 ms/s,
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(1500);
    // 14 candidates at 300 ms each would take 4.2 s; the deadline leaves time for about three.
    expect(requests.length).toBeLessThanOrEqual(5);
  });

  it('cuts a candidate that never answers at the deadline, not at the per-request timeout', async () => {
    server = await startLoopbackServer((request, response) => {
      if (request.url === '/') {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end(`<html><head>${links(['/hang.xml'])}</head></html>`);
      }
      // Any other request is left without an answer.
    });
    const started = Date.now();
    await expect(discoverFeed(`${server.url}/`, options, { deadlineMs: 800 })).rejects.toThrow(
      /hang\.xml: .*timed out/s,
    );
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
