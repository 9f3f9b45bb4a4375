import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { repoRoot } from '../test-support/demo-site.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { registerOpmlCommand } from './opml-command.js';

afterEach(() => vi.restoreAllMocks());

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

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
  it('exports the demo, and an import of it refuses its local files', async () => {
    const dir = tempFolder('newsmill-opml-');
    const demo = path.join(repoRoot, 'examples/demo/newsmill.yaml');
    const opml = path.join(dir, 'demo.opml');
    expect(await run('export', opml, '--config', demo)).toBe(`exported 6 sources to ${opml}\n`);
    expect(readFileSync(opml, 'utf8')).toContain('<outline text="新媒体" title="新媒体">');

    // An OPML file must not make newsmill read local files: they are added with `sources add PATH`.
    const target = path.join(dir, 'newsmill.yaml');
    const out = await run('import', opml, '--config', target);
    expect(out).toMatch(
      /^refused feeds\/zaker\.xml: only http\(s\) URLs and rsshub: routes .*sources add PATH/m,
    );
    expect(out).toMatch(/0 added, 0 already listed, 6 refused\n$/);
    expect(existsSync(target)).toBe(false);
  });

  it('adds only http(s) and rsshub: feeds of a hostile OPML file, and prints and stores no control characters', async () => {
    const dir = tempFolder('newsmill-opml-');
    const opml = path.join(dir, 'hostile.opml');
    writeFileSync(
      opml,
      `<opml><body><outline text="Top\u001b]0;owned\u0007">
        <outline text="A\u001b[2J\u202Egnp.exe" xmlUrl="https://a.example/feed"/>
        <outline text="B" xmlUrl="file:///etc/passwd"/>
        <outline text="C" xmlUrl="rsshub:/x/%2e%2e/%2e%2e/y"/>
        <outline text="D\u001b[31m" xmlUrl="/home/user/.ssh/id_rsa"/>
      </outline></body></opml>`,
    );
    const config = path.join(dir, 'newsmill.yaml');
    const out = await run('import', opml, '--config', config);
    expect(out).not.toMatch(CONTROL);
    expect(out).toMatch(/^added https:\/\/a\.example\/feed \(Top \/ Agnp\.exe \/ Agnp\.exe\)$/m);
    expect(out).toMatch(/1 added, 0 already listed, 3 refused\n$/);
    expect(readFileSync(config, 'utf8')).not.toMatch(CONTROL);
    expect(loadConfig(config, {}).sources.map((s) => [s.key, s.categories])).toEqual([
      ['https://a.example/feed', ['Top', 'Agnp.exe', 'Agnp.exe']],
    ]);
  });

  it('imports a Miniflux export and prints the OPML on stdout', async () => {
    const dir = tempFolder('newsmill-opml-');
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
    const file = path.join(tempFolder('newsmill-opml-'), 'x.opml');
    writeFileSync(file, '<rss/>');
    await expect(run('import', file, '--config', `${file}.yaml`)).rejects.toThrow(
      /x\.opml: not an OPML file/,
    );
  });
});
