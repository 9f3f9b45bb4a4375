import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
import { rawRequest } from '../test-support/raw-request.js';
import { createStaticSiteHandler } from './static-server.js';

// The site folder sits in `parent`, beside files it must never serve: one next to it, and one in a
// sibling folder whose name starts with the site folder's (`public-sibling`), which a plain string
// prefix check would take for the inside.
let parent = '';
let root = '';
let server: LoopbackServer;

beforeAll(async () => {
  parent = mkdtempSync(path.join(tmpdir(), 'newsmill-static-'));
  root = path.join(parent, 'public');
  writeFileSync(path.join(parent, 'secret.txt'), 'SECRET-OUTSIDE');
  mkdirSync(path.join(parent, 'public-sibling'));
  writeFileSync(path.join(parent, 'public-sibling/secret.txt'), 'SECRET-SIBLING');
  writeFileSync(path.join(parent, 'public-sibling/index.html'), 'SECRET-SIBLING-INDEX');
  mkdirSync(path.join(root, 'posts/ab'), { recursive: true });
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<h1>home</h1>');
  writeFileSync(path.join(root, 'posts/ab/index.html'), '<h1>post</h1>');
  writeFileSync(path.join(root, 'posts/cd.html'), '<h1>page</h1>');
  writeFileSync(path.join(root, '404.html'), '<h1>missing</h1>');
  writeFileSync(path.join(root, 'atom.xml'), '<feed/>');
  writeFileSync(path.join(root, 'assets/site.0123456789ab.css'), 'body{}');
  writeFileSync(path.join(root, '.newsmill-site.json'), '{}');
  symlinkSync('/etc', path.join(root, 'etc-link'));
  symlinkSync(path.join(parent, 'public-sibling'), path.join(root, 'sibling-link'));
  symlinkSync(path.join(parent, 'secret.txt'), path.join(root, 'secret-link.txt'));
  symlinkSync(path.join(parent, 'secret.txt'), path.join(root, 'secret-page.html'));
  symlinkSync('../.newsmill-site.json', path.join(root, 'posts/manifest.json'));
  symlinkSync('posts/cd.html', path.join(root, 'inner-link.html'));
  symlinkSync('loop-b', path.join(root, 'loop-a'));
  symlinkSync('loop-a', path.join(root, 'loop-b'));
  // What a reader cannot open as a file, even as root: a FIFO (opening it would block until a writer
  // comes) and a folder where a page is expected.
  execFileSync('mkfifo', [path.join(root, 'fifo.html')]);
  mkdirSync(path.join(root, 'posts/folder.html'));
  mkdirSync(path.join(root, 'posts/no-index/index.html'), { recursive: true });
  const handler = createStaticSiteHandler({
    root,
    basePath: '/blog/',
    mounts: [{ prefix: '/i/', handler: (_request, response) => void response.writeHead(200).end('proxied') }],
  });
  server = await startLoopbackServer((request, response) => void handler(request, response));
});
afterAll(async () => {
  await server.close();
  rmSync(parent, { recursive: true, force: true });
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
    // Raw requests: fetch would resolve `%2e%2e` before sending, so the server would never see it.
    for (const url of ['/nope/', '/.newsmill-site.json', '/%2e%2e/%2e%2e/etc/passwd', '/posts/%E0%A4%A/']) {
      const response = await rawRequest(server.url, url);
      expect(response.status, url).toBe(404);
      expect(response.body, url).toBe('<h1>missing</h1>');
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

  it('redirects a folder to its slash without making a protocol-relative URL of it', async () => {
    // `/posts/..//posts/ab` has the path `//posts/ab`; `//posts/ab/` as a Location would leave the site.
    const response = await rawRequest(server.url, '/posts/..//posts/ab');
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe('/posts/ab/');
  });
});

describe('the preview server, sent raw requests', () => {
  // Sent as written (fetch would normalize `%2e%2e` segments away before they reach the server).
  const outside = [
    '/..%2Fsecret.txt',
    '/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/%2e%2e%2fsecret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/.%2e/secret.txt',
    '/%2e%2e/%2e%2e/secret.txt',
    '/../secret.txt',
    '/..%5csecret.txt',
    '/..%5c..%5csecret.txt',
    '/%252e%252e%252fsecret.txt',
    '/..%252fsecret.txt',
    '/..%2Fsecret.txt%00',
    '/..%2Fsecret.txt%00.html',
    '/index.html%00.txt',
    '/%00',
    '/..%2Fpublic-sibling%2Fsecret.txt',
    '/..%2Fpublic-sibling%2F',
    '/..%2Fpublic-sibling',
    '/blog/..%2F..%2Fsecret.txt',
    '/posts/..%2F..%2Fsecret.txt',
    '//..%2Fsecret.txt',
    'http://127.0.0.1/..%2Fsecret.txt',
    // Symlinks that leave the site folder, to a system folder, a sibling folder or a single file.
    '/etc-link/passwd',
    '/etc-link/hostname',
    '/sibling-link/secret.txt',
    '/sibling-link/',
    '/secret-link.txt',
    '/secret-page',
    '/secret-page.html',
    // A symlink inside the site to a dot-file, a symlink loop, a name too long for the file system.
    '/posts/manifest.json',
    '/loop-a',
    `/${'a'.repeat(300)}.html`,
  ];
  it.each(outside)('answers 404 with the site’s page and nothing from outside: %s', async (target) => {
    const response = await rawRequest(server.url, target);
    expect(response.status).toBe(404);
    expect(response.body).toBe('<h1>missing</h1>');
  });

  it('still serves symlinks that stay inside the site folder', async () => {
    const response = await rawRequest(server.url, '/inner-link.html');
    expect(response.status).toBe(200);
    expect(response.body).toBe('<h1>page</h1>');
  });

  it('answers 404 at once for a FIFO or a folder where a page is expected, and keeps serving', async () => {
    for (const target of [
      '/fifo.html',
      '/fifo',
      '/posts/folder.html/',
      '/posts/folder',
      '/posts/no-index/',
    ]) {
      const response = await rawRequest(server.url, target);
      expect(response.status, target).toBe(404);
      expect(response.body, target).toBe('<h1>missing</h1>');
    }
    expect((await rawRequest(server.url, '/posts/cd')).body).toBe('<h1>page</h1>');
  });

  it('does not serve a 404 page that is a symlink out of the site folder', async () => {
    const site = mkdtempSync(path.join(parent, 'linked-404-'));
    symlinkSync(path.join(parent, 'secret.txt'), path.join(site, '404.html'));
    const handler = createStaticSiteHandler({ root: site });
    const linked = await startLoopbackServer((request, response) => void handler(request, response));
    try {
      const response = await rawRequest(linked.url, '/nope');
      expect(response.status).toBe(404);
      expect(response.body).toBe('Not found\n');
    } finally {
      await linked.close();
    }
  });
});

describe('the preview server during a rebuild', () => {
  /** A server whose `fault` runs when the handler starts its answer: after the lookup, before the read. */
  async function serverWithFault(fault: (url: string) => void): Promise<LoopbackServer> {
    const handler = createStaticSiteHandler({ root });
    return startLoopbackServer((request, response) => {
      const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
      response.writeHead = ((...args: unknown[]) => {
        fault(request.url ?? '');
        return writeHead(...args);
      }) as ServerResponse['writeHead'];
      void handler(request, response);
    });
  }

  it.each([
    ['deleted', (file: string) => rmSync(file)],
    ['replaced by a folder', (file: string) => (rmSync(file), mkdirSync(file))],
  ])(
    'answers whole, and keeps serving, when a file is %s between its lookup and its read',
    async (_, fault) => {
      const file = path.join(root, 'posts/rebuilt.html');
      writeFileSync(file, '<h1>old</h1>');
      const racing = await serverWithFault((url) => {
        if (url === '/posts/rebuilt.html') fault(file);
      });
      try {
        const response = await rawRequest(racing.url, '/posts/rebuilt.html');
        // Either the file as it was when it was found, complete, or the 404 page: never a hang or a crash.
        if (response.status === 200) expect(response.body).toBe('<h1>old</h1>');
        else expect(response).toMatchObject({ status: 404, body: '<h1>missing</h1>' });
        expect(response.complete).toBe(true);
        expect((await rawRequest(racing.url, '/posts/cd.html')).body).toBe('<h1>page</h1>');
      } finally {
        await racing.close();
        rmSync(file, { recursive: true, force: true });
      }
    },
  );
});

describe('the preview server on faults of the machine', () => {
  afterEach(() => vi.restoreAllMocks());
  /** FileHandle's prototype: the server reads through handles, so a fault there is a fault of the disk. */
  async function fileHandlePrototype(): Promise<object> {
    const probe = await open(path.join(root, 'index.html'));
    await probe.close();
    return Object.getPrototypeOf(probe) as object;
  }
  const eio = () => Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });

  it('answers 500 when a file cannot be read for a reason other than absence, and keeps serving', async () => {
    const proto = (await fileHandlePrototype()) as { stat(): Promise<unknown> };
    vi.spyOn(proto, 'stat').mockRejectedValueOnce(eio());
    const response = await rawRequest(server.url, '/posts/cd.html');
    expect(response).toMatchObject({ status: 500, body: 'Internal error\n', complete: true });
    expect((await rawRequest(server.url, '/posts/cd.html')).body).toBe('<h1>page</h1>');
  });

  it('closes the connection when a read fails after the status was sent, and keeps serving', async () => {
    const proto = (await fileHandlePrototype()) as { read(): Promise<unknown> };
    const read = vi.spyOn(proto, 'read').mockRejectedValueOnce(eio());
    // Whether the status line got out before the connection closed is up to the socket; a complete
    // answer, or no answer at all within the timeout, would be wrong.
    const outcome = await rawRequest(server.url, '/posts/cd.html').then(
      (response) => (response.complete ? 'complete' : 'cut'),
      (error: Error) => (/socket hang up|ECONNRESET/.test(error.message) ? 'cut' : error.message),
    );
    expect(outcome).toBe('cut');
    expect(read).toHaveBeenCalled();
    expect((await rawRequest(server.url, '/posts/cd.html')).body).toBe('<h1>page</h1>');
  });
});
