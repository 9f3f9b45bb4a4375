import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { generateRss, startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
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
  file = path.join(mkdtempSync(path.join(tmpdir(), 'newsmill-sources-')), 'newsmill.yaml');
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

  it('adds rsshub routes as written, removes by url or position, and rejects bad categories', async () => {
    await run('add', 'rsshub:/zaker/channel/13', '--categories', '新媒体/ZAKER/分类');
    expect(readFileSync(file, 'utf8')).toContain(
      '  - url: rsshub:/zaker/channel/13\n    categories: [新媒体, ZAKER, 分类]\n',
    );
    expect(await run('remove', '1')).toBe(`removed feeds/a.xml (新媒体 / A / 全部) from ${file}\n`);
    expect(readFileSync(file, 'utf8')).not.toContain('the one feed I always read');
    await run('remove', 'rsshub:/zaker/channel/13');
    expect(readFileSync(file, 'utf8')).toBe('# my news site\nsite: { title: mine }\n\nsources: []\n');
    await expect(run('add', 'x.xml', '--categories', 'only/two')).rejects.toThrow(
      /expected top\/source\/channel/,
    );
  });
});
