import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../test-support/demo-site.js';
import { generateRss } from '../test-support/loopback-server.js';

const bin = path.join(repoRoot, 'bin/newsmill.js');
const config = '# my site\nsite: { title: mine }\n';
let root = '';
let site = '';
let elsewhere = '';
beforeEach(() => {
  // root/site holds the config and its feeds; the shell stands in root/elsewhere.
  root = mkdtempSync(path.join(tmpdir(), 'newsmill-add-paths-'));
  site = path.join(root, 'site');
  elsewhere = path.join(root, 'elsewhere');
  for (const dir of [path.join(site, 'feeds'), elsewhere, path.join(root, 'shared')])
    mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(site, 'newsmill.yaml'), config);
  writeFileSync(path.join(site, 'feeds/a.xml'), generateRss(2, 'a'));
  writeFileSync(path.join(root, 'shared/b.xml'), generateRss(1, 'b'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function newsmill(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args, '--config', '../site/newsmill.yaml'], {
    cwd: elsewhere,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function configText(): string {
  return readFileSync(path.join(site, 'newsmill.yaml'), 'utf8');
}

describe('newsmill sources add with a local file', () => {
  it('writes a path typed in another folder relative to the config, so that run finds it', () => {
    const a = newsmill('sources', 'add', '../site/feeds/a.xml', '--categories', 'x/a/all');
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    expect(a.stdout).toContain('added feeds/a.xml as x / a / all to ../site/newsmill.yaml');
    const b = newsmill('sources', 'add', '../shared/b.xml', '--categories', 'x/b/all');
    expect(b.status).toBe(0);
    const c = newsmill(
      'sources',
      'add',
      pathToFileURL(path.join(site, 'feeds/a.xml')).href,
      '--categories',
      'x/c/all',
    );
    // The same file by another name is the same source.
    expect(c.stdout).toContain('feeds/a.xml is already in ../site/newsmill.yaml; nothing changed');
    expect(configText()).toBe(
      `${config}sources:\n  - url: feeds/a.xml\n    categories: [x, a, all]\n  - url: ../shared/b.xml\n    categories: [x, b, all]\n`,
    );
    const run = newsmill('run');
    expect(run.stderr).not.toMatch(/^failed/m);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^sources: 2 ok, 0 failed$/m);
  });

  it('does not add a file the config already lists under another spelling', () => {
    const listed = `${config}sources:\n  - { url: ./feeds/a.xml, categories: [x, a, all] }\n`;
    writeFileSync(path.join(site, 'newsmill.yaml'), listed);
    const again = newsmill('sources', 'add', '../site/feeds/a.xml', '--categories', 'x/b/all');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('feeds/a.xml is already in ../site/newsmill.yaml; nothing changed');
    expect(configText()).toBe(listed);
  });

  it('refuses a missing file and leaves the config unchanged', () => {
    const missing = newsmill('sources', 'add', '../site/feeds/nope.xml', '--categories', 'x/a/all');
    expect(missing.status).toBe(4);
    expect(missing.stderr).toBe(
      `newsmill: ../site/feeds/nope.xml: not added: file ${path.join(site, 'feeds/nope.xml')}: no such file\n`,
    );
    expect(newsmill('sources', 'add', '../site/feeds', '--categories', 'x/a/all').stderr).toMatch(
      /not added: file .*feeds: is a directory/,
    );
    expect(configText()).toBe(config);
  });

  it('refuses a file that is not a feed, naming the parse error, and leaves the config unchanged', () => {
    writeFileSync(path.join(site, 'feeds/page.html'), '<html><body>hello</body></html>');
    const page = newsmill('sources', 'add', '../site/feeds/page.html', '--categories', 'x/a/all');
    expect(page.status).toBe(4);
    expect(page.stderr).toMatch(/^newsmill: \.\.\/site\/feeds\/page\.html: not added: not a feed: .*<html>/);
    writeFileSync(path.join(site, 'feeds/empty.xml'), '');
    expect(newsmill('sources', 'add', '../site/feeds/empty.xml', '--categories', 'x/a/all').stderr).toMatch(
      /not added: not a feed: the document is empty/,
    );
    expect(configText()).toBe(config);
  });
});
