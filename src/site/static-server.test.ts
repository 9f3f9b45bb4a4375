import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
import { createStaticSiteHandler } from './static-server.js';

let root = '';
let server: LoopbackServer;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'newsmill-static-'));
  mkdirSync(path.join(root, 'posts/ab'), { recursive: true });
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<h1>home</h1>');
  writeFileSync(path.join(root, 'posts/ab/index.html'), '<h1>post</h1>');
  writeFileSync(path.join(root, 'posts/cd.html'), '<h1>page</h1>');
  writeFileSync(path.join(root, '404.html'), '<h1>missing</h1>');
  writeFileSync(path.join(root, 'atom.xml'), '<feed/>');
  writeFileSync(path.join(root, 'assets/site.0123456789ab.css'), 'body{}');
  writeFileSync(path.join(root, '.newsmill-site.json'), '{}');
  const handler = createStaticSiteHandler({
    root,
    basePath: '/blog/',
    mounts: [{ prefix: '/i/', handler: (_request, response) => void response.writeHead(200).end('proxied') }],
  });
  server = await startLoopbackServer((request, response) => void handler(request, response));
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the preview server', () => {
  it('serves files with their types, folders by index.html, fingerprinted assets as immutable', async () => {
    const home = await fetch(`${server.url}/`);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await home.text()).toBe('<h1>home</h1>');
    expect(await (await fetch(`${server.url}/posts/ab/`)).text()).toBe('<h1>post</h1>');
    expect((await fetch(`${server.url}/atom.xml`)).headers.get('content-type')).toBe(
      'application/atom+xml; charset=utf-8',
    );
    const css = await fetch(`${server.url}/assets/site.0123456789ab.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toContain('immutable');
  });

  it('redirects a folder without its slash, and serves the site below its base path too', async () => {
    const response = await fetch(`${server.url}/posts/ab`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/posts/ab/');
    expect(await (await fetch(`${server.url}/blog/posts/ab/`)).text()).toBe('<h1>post</h1>');
  });

  it('answers 404 with the site’s page for missing files, dot-files and paths outside the root', async () => {
    for (const url of ['/nope/', '/.newsmill-site.json', '/%2e%2e/%2e%2e/etc/passwd', '/posts/%E0%A4%A/']) {
      const response = await fetch(server.url + url);
      expect(response.status).toBe(404);
      expect(await response.text()).toBe('<h1>missing</h1>');
    }
  });

  it('serves a page file without its .html, as static hosts do', async () => {
    expect(await (await fetch(`${server.url}/posts/cd`)).text()).toBe('<h1>page</h1>');
    expect(await (await fetch(`${server.url}/posts/cd.html`)).text()).toBe('<h1>page</h1>');
    expect((await fetch(`${server.url}/posts/cd/`)).status).toBe(404);
    expect((await fetch(`${server.url}/posts/ef`)).status).toBe(404);
  });

  it('serves below a base path that needs percent-encoding, and redirects the bare base path', async () => {
    // What `new URL('https://example.org/新闻/').pathname` gives.
    const handler = createStaticSiteHandler({ root, basePath: '/%E6%96%B0%E9%97%BB/' });
    const chinese = await startLoopbackServer((request, response) => void handler(request, response));
    try {
      const home = await fetch(`${chinese.url}/%E6%96%B0%E9%97%BB/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toBe('<h1>home</h1>');
      expect((await fetch(`${chinese.url}/%E6%96%B0%E9%97%BB/atom.xml`)).status).toBe(200);
      const bare = await fetch(`${chinese.url}/%E6%96%B0%E9%97%BB`, { redirect: 'manual' });
      expect(bare.status).toBe(301);
      expect(bare.headers.get('location')).toBe('/%E6%96%B0%E9%97%BB/');
    } finally {
      await chinese.close();
    }
  });

  it('hands mounted prefixes (the image proxy) to their handler', async () => {
    expect(await (await fetch(`${server.url}/i/abc/def`)).text()).toBe('proxied');
  });
});
