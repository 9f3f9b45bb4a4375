import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../test-support/demo-site.js';
import { startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
import { registerCatalogueCommand } from './catalogue-command.js';

const testdata = path.join(repoRoot, 'src/config/testdata/catalogue');
let server: LoopbackServer | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = null;
});

async function run(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const program = new Command('newsmill').exitOverride();
  registerCatalogueCommand(program);
  await program.parseAsync(['catalogue', ...args], { from: 'user' });
  vi.restoreAllMocks();
  return { stdout, stderr };
}

describe('newsmill catalogue', () => {
  it('prints the documented JSON, filtered by category and search word', async () => {
    const { stdout } = await run(testdata, '--json', '--category', '新媒体', '--search', 'zaker');
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      category: '新媒体',
      source: 'ZAKER',
      channel: 'source',
      route: '/zaker/source/12291',
      path: '/zaker/:type/:id',
      requiresConfig: false,
      requiresPuppeteer: false,
      antiCrawler: false,
    });
  });

  it('prints a tree with counts and feature marks', async () => {
    const { stdout } = await run(path.join(testdata, 'new-media.md'));
    expect(stdout).toBe(`新媒体 (2 sources, 5 routes)
  ZAKER (3 routes)
    source  /zaker/source/12291
    分类  /zaker/channel/13 [anti-crawler]
    精读  /zaker/focusread [needs browser]
  36kr (2 routes)
    资讯, 快讯  /36kr/news/latest
    用户文章  /36kr/user/:id (template, no example) [needs config]
5 routes in 1 category, 2 sources
`);
  });

  it("reads an instance's namespace API from its bare URL, in English on request", async () => {
    const api = JSON.stringify({
      sspai: {
        name: '少数派',
        routes: {
          '/index': { path: '/index', name: '首页', example: '/sspai/index', categories: ['new-media'] },
        },
      },
    });
    let asked = '';
    server = await startLoopbackServer((request, response) => {
      asked = request.url ?? '';
      response.writeHead(200, { 'content-type': 'application/json' }).end(api);
    });
    const { stdout } = await run(server.url, '--json', '--language', 'en');
    expect(asked).toBe('/api/namespace');
    expect(JSON.parse(stdout)).toMatchObject([
      { category: 'New Media', source: '少数派', channel: '首页', path: '/sspai/index' },
    ]);
  });
});
