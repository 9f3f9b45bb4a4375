import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { generateRss, startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { registerSourcesEditCommands } from './sources-edit-command.js';

let server: LoopbackServer | null = null;
let file = '';
const original = `# my news site
site: { title: mine }

sources:
  # the one feed I always read
  - url: feeds/a.xml
    categories: [新媒体, A, 全部]
`;
beforeEach(() => {
  file = path.join(tempFolder('newsmill-sources-'), 'newsmill.yaml');
  writeFileSync(file, original);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = null;
});

async function run(...args: string[]): Promise<string> {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const program = new Command('newsmill').exitOverride();
  registerSourcesEditCommands(program.command('sources'));
  try {
    await program.parseAsync(['sources', ...args, '--config', file], { from: 'user' });
  } finally {
    vi.restoreAllMocks();
  }
  return stdout;
}

describe('newsmill sources add / remove', () => {
  it('discovers the feed of a web page, says what it chose, and appends it keeping the comments', async () => {
    server = await startLoopbackServer((request, response) => {
      if (request.url === '/') {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end(
          '<html><head><link rel="alternate" type="application/rss+xml" title="RSS" href="/news.rss"></head></html>',
        );
      } else if (request.url === '/news.rss') {
        response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(generateRss(1, 'news'));
      } else {
        response.writeHead(404).end();
      }
    });
    const out = await run('add', `${server.url}/`, '--categories', '博客/Example/文章');
    expect(out).toBe(
      `found feed "news": ${server.url}/news.rss (from the page's <link rel="alternate">)\n` +
        `added ${server.url}/news.rss as 博客 / Example / 文章 to ${file}\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe(
      `${original}  - url: ${server.url}/news.rss\n    categories: [博客, Example, 文章]\n`,
    );
    expect(loadConfig(file, {}).sources.map((s) => s.key)).toEqual(['feeds/a.xml', `${server.url}/news.rss`]);
    expect(await run('add', `${server.url}/news.rss`, '--categories', 'x/y/z')).toMatch(
      /already in .*nothing changed/,
    );
  });

  it('prints a discovered feed title without its terminal control characters', async () => {
    // C1 controls are valid XML characters, so they survive the parser (ESC does not).
    const title = 'News \u009b2J\u202Etxt.exe\u009d0;owned\u009c';
    server = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(generateRss(1, title));
    });
    const out = await run('add', `${server.url}/feed`, '--categories', 'a/b/c');
    expect(out).toBe(
      `found feed "News txt.exe": ${server.url}/feed (the URL is a feed)\n` +
        `added ${server.url}/feed as a / b / c to ${file}\n`,
    );
  });

  it('refuses other URL schemes and rsshub: routes that leave the instance, naming the url', async () => {
    await expect(run('add', 'ftp://ftp.example/feed.xml', '--categories', 'a/b/c')).rejects.toThrow(
      /^ftp:\/\/ftp\.example\/feed\.xml: unsupported URL scheme "ftp:"/,
    );
    await expect(run('add', 'rsshub:/a/%2e%2e/%2e%2e/b', '--categories', 'a/b/c')).rejects.toThrow(
      /^rsshub:\/a\/%2e%2e\/%2e%2e\/b: an rsshub: route must stay inside the RSSHub instance/,
    );
    // A local file named on the command line is the user's own choice; outside the config's folder
    // and typed absolute, it stays absolute.
    const mine = path.join(tempFolder('newsmill-feeds-'), 'mine.xml');
    writeFileSync(mine, generateRss(1, 'mine'));
    expect(await run('add', mine, '--categories', 'a/b/c')).toBe(
      `found feed "mine": ${mine} (a local file)\nadded ${mine} as a / b / c to ${file}\n`,
    );
    expect(readFileSync(file, 'utf8')).toContain(`url: ${mine}`);
  });

  it('adds rsshub routes as written, removes by url or position, and rejects bad categories', async () => {
    await run('add', 'rsshub:/zaker/channel/13', '--categories', '新媒体/ZAKER/分类');
    expect(readFileSync(file, 'utf8')).toContain(
      '  - url: rsshub:/zaker/channel/13\n    categories: [新媒体, ZAKER, 分类]\n',
    );
    expect(await run('remove', '1')).toBe(
      `removed feeds/a.xml (新媒体 / A / 全部) from ${file}\nnothing of it is stored\n`,
    );
    expect(readFileSync(file, 'utf8')).not.toContain('the one feed I always read');
    await run('remove', 'rsshub:/zaker/channel/13');
    expect(readFileSync(file, 'utf8')).toBe('# my news site\nsite: { title: mine }\n\nsources: []\n');
    await expect(run('add', 'x.xml', '--categories', 'only/two')).rejects.toThrow(
      /expected top\/source\/channel/,
    );
  });
});
