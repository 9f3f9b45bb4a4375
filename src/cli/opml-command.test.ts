import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { repoRoot } from '../test-support/demo-site.js';
import { registerOpmlCommand } from './opml-command.js';

afterEach(() => vi.restoreAllMocks());

async function run(...args: string[]): Promise<string> {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const program = new Command('newsmill').exitOverride();
  registerOpmlCommand(program);
  try {
    await program.parseAsync(['opml', ...args], { from: 'user' });
  } finally {
    vi.restoreAllMocks();
  }
  return stdout;
}

describe('newsmill opml', () => {
  it('exports the demo and imports it into an empty config with the same sources', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-opml-'));
    const demo = path.join(repoRoot, 'examples/demo/newsmill.yaml');
    const opml = path.join(dir, 'demo.opml');
    expect(await run('export', opml, '--config', demo)).toBe(`exported 6 sources to ${opml}\n`);
    expect(readFileSync(opml, 'utf8')).toContain('<outline text="新媒体" title="新媒体">');

    // Relative feed paths are restored from newsmill:url, so the new config sits beside the demo's feeds.
    const target = path.join(repoRoot, 'examples/demo', `.import-test-${process.pid}.yaml`);
    try {
      const out = await run('import', opml, '--config', target);
      expect(out).toMatch(/6 added, 0 already listed\n$/);
      const imported = loadConfig(target, {}).sources.map((s) => [s.key, s.location, s.categories]);
      expect(imported).toEqual(loadConfig(demo, {}).sources.map((s) => [s.key, s.location, s.categories]));
      expect(await run('import', opml, '--config', target)).toMatch(/0 added, 6 already listed\n$/);
    } finally {
      writeFileSync(target, '');
      (await import('node:fs')).rmSync(target, { force: true });
    }
  });

  it('imports a Miniflux export and prints the OPML on stdout', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-opml-'));
    const config = path.join(dir, 'newsmill.yaml');
    await run('import', path.join(repoRoot, 'src/config/testdata/opml/miniflux.opml'), '--config', config);
    expect(loadConfig(config, {}).sources.map((s) => s.categories.join('/'))).toEqual([
      'Tech/Ars Technica/Ars Technica',
      'Tech/Hacker News & Friends/Hacker News & Friends',
      '新闻/少数派/少数派',
    ]);
    const printed = await run('export', '--config', config);
    expect(printed).toContain('xmlUrl="https://hnrss.org/frontpage?points=100&amp;count=30"');
  });

  it('refuses a file that is not OPML', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'newsmill-opml-')), 'x.opml');
    writeFileSync(file, '<rss/>');
    await expect(run('import', file, '--config', `${file}.yaml`)).rejects.toThrow(
      /x\.opml: not an OPML file/,
    );
  });
});
