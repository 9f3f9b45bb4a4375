import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { copyDemo, listFiles, repoRoot } from '../test-support/demo-site.js';
import { COMMAND_NAMES } from './program.js';

const bin = path.join(repoRoot, 'bin/newsmill.js');
let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function newsmill(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    input,
    cwd: dir || repoRoot,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('newsmill run', () => {
  it('runs the demo, then reports everything unchanged with 0 files written', () => {
    dir = copyDemo();
    const first = newsmill(['run', '--config', 'newsmill.yaml']);
    expect(first.stderr).not.toMatch(/^failed/m);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^sources: 6 ok, 0 failed$/m);
    const posts = listFiles(path.join(dir, 'hexo/source/_posts'));
    expect(first.stdout).toContain(`files written: ${posts.length}`);
    expect(first.stderr).toMatch(
      /^ok feeds\/zaker\.xml: \d+ new, 0 updated, 0 unchanged, \d+ files written$/m,
    );

    const second = newsmill(['run', '--config', 'newsmill.yaml']);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain(`items: 0 new, 0 updated, ${posts.length} unchanged`);
    expect(second.stdout).toContain('files written: 0');
  });

  it('exits 2 with a message naming the file and field when the config is broken', () => {
    dir = copyDemo();
    writeFileSync(path.join(dir, 'bad.yaml'), 'sources:\n  - url: a.xml\n    categories: [x]\n');
    const result = newsmill(['run', '--config', 'bad.yaml']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /bad\.yaml: invalid config:\n {2}- sources\[0\]\.categories: expected three categories/,
    );
  });

  it('exits 1 before fetching anything when the Hexo folder cannot be used', () => {
    dir = copyDemo();
    writeFileSync(path.join(dir, 'hexo'), 'a file where the folder should be');
    const result = newsmill(['run', '--config', 'newsmill.yaml']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot use .*hexo\/source\/_posts for the Hexo posts/);
    expect(result.stdout).not.toMatch(/^sources:/m);
  });

  it('with --strict, exits 3 when a post cannot be written though every source was read', () => {
    dir = copyDemo();
    expect(newsmill(['run', '--config', 'newsmill.yaml']).status).toBe(0);
    // A fresh store writes every post again; a folder now stands where one post goes.
    rmSync(path.join(dir, '.newsmill'), { recursive: true, force: true });
    const postsDir = path.join(dir, 'hexo/source/_posts');
    const [post = ''] = listFiles(postsDir);
    rmSync(path.join(postsDir, post));
    mkdirSync(path.join(postsDir, post, 'blocker'), { recursive: true });
    const strict = newsmill(['run', '--config', 'newsmill.yaml', '--strict']);
    expect(strict.stdout).toMatch(/^sources: 6 ok, 0 failed$/m);
    expect(strict.stderr).toContain(post);
    expect(strict.status).toBe(3);
    rmSync(path.join(dir, '.newsmill'), { recursive: true, force: true });
    expect(newsmill(['run', '--config', 'newsmill.yaml']).status).toBe(0);
  });

  it('exits 3 when every source fails', () => {
    dir = copyDemo();
    writeFileSync(path.join(dir, 'gone.yaml'), 'sources:\n  - { url: nope.xml, categories: [a, b, c] }\n');
    const result = newsmill(['run', '--config', 'gone.yaml']);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^failed nope\.xml: .*nope\.xml/m);
  });
});

describe('the CLI bundle', () => {
  it('is its own ES module scope, which is not taken for the newsmill package', () => {
    const scope = JSON.parse(readFileSync(path.join(repoRoot, 'dist/bundle/package.json'), 'utf8')) as object;
    expect(scope).toEqual({ type: 'module' });
    expect(newsmill(['--version']).stdout.trim()).toBe(
      (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version,
    );
  });
});

describe('newsmill build after a build by the library', () => {
  it('skips every file: the CLI bundle and the library render the same site', () => {
    dir = copyDemo();
    expect(newsmill(['run', '--config', 'newsmill.yaml']).status).toBe(0);
    // The compiled library as a program imports it, in plain Node: the test runner would transform it.
    const library = pathToFileURL(path.join(repoRoot, 'dist/index.js')).href;
    const script = `
      const { loadConfig, openStore, buildSite } = await import(${JSON.stringify(library)});
      const config = loadConfig('newsmill.yaml', {});
      const store = await openStore(config.store);
      const summary = await buildSite({ config, store });
      await store.close();
      process.stdout.write(String(summary.files));`;
    const first = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(first.stderr).toBe('');
    const files = Number(first.stdout);
    expect(files).toBeGreaterThan(60);
    const second = newsmill(['build', '--config', 'newsmill.yaml']);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain(`files: ${files} (0 written, 0 unchanged, ${files} skipped, 0 deleted)`);
  });
});

describe('newsmill parse', () => {
  it('prints the normalized feed with exactly the documented keys', () => {
    const result = newsmill(['parse', 'examples/demo/feeds/cnbeta-gbk.xml', '--json']);
    expect(result.status).toBe(0);
    const feed = JSON.parse(result.stdout) as { format: string; items: Record<string, unknown>[] };
    expect(Object.keys(feed)).toEqual(['format', 'title', 'link', 'description', 'items']);
    expect(feed.format).toBe('rss');
    const keys = ['id', 'title', 'link', 'published', 'updated', 'author', 'summary', 'content'];
    expect(Object.keys(feed.items[0] ?? {})).toEqual([...keys, 'categories', 'enclosures', 'image']);
    // GBK decoded, and no proxy rewriting before storage.
    expect(JSON.stringify(feed)).toMatch(/[\u4e00-\u9fff]/);
    expect(result.stdout).not.toContain('workers.dev');
    for (const item of feed.items)
      expect(item.published === null || !Number.isNaN(Date.parse(String(item.published)))).toBe(true);
  });

  it('fails with exit 4 and names the file that is not a feed', () => {
    const result = newsmill(['parse', 'src/pipeline/testdata/broken.xml', '--json']);
    expect(result.status).toBe(4);
    expect(result.stderr).toMatch(/broken\.xml/);
  });
});

describe('newsmill sanitize', () => {
  it('cleans HTML from stdin with the run policy', () => {
    const result = newsmill(
      ['sanitize', '--base', 'https://a.cn/post/1'],
      '<p onclick="x">hi<script>alert(1)</script><img src="i.png"></p>',
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      '<p>hi<img src="https://a.cn/post/i.png" referrerpolicy="no-referrer" loading="lazy" /></p>',
    );
  });
});

describe('error messages', () => {
  it('quote a hostile config without its terminal escape sequences', () => {
    dir = copyDemo();
    writeFileSync(
      path.join(dir, 'hostile.yaml'),
      'sources:\n  - url: feeds/zaker.xml\n    categories: a/b/c\n"\\e]0;pwned\\a\\e[2Jx": 1\n',
    );
    const result = newsmill(['sources', '--config', 'hostile.yaml']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown key "x"');
    // eslint-disable-next-line no-control-regex -- looking for what must not be there
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });
});

describe('help', () => {
  it.each(['run', 'parse', 'sanitize'])('newsmill %s --help describes the command', (command) => {
    const result = newsmill([command, '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Usage: newsmill ${command}`);
  });

  it('lists every command at the top level', () => {
    const result = newsmill(['--help']);
    expect(result.stdout).toMatch(/run[\s\S]*parse[\s\S]*sanitize/);
    // Only the command run is loaded (program.ts); help must still load and list them all.
    const commands = result.stdout.split('Commands:')[1] ?? '';
    const listed = [...commands.matchAll(/^ {2}([a-z-]+)\b/gm)].map((match) => match[1]);
    expect(listed).toEqual([...COMMAND_NAMES, 'help']);
    expect(readFileSync(bin, 'utf8')).toMatch(/^#!\/usr\/bin\/env node/);
  });

  it('answers a mistyped command with the closest names, and `help <command>` with its usage', () => {
    const typo = newsmill(['biuld']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain("unknown command 'biuld'");
    expect(typo.stderr).toContain('(Did you mean build?)');
    const help = newsmill(['help', 'sources']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: newsmill sources');
    expect(help.stdout).toMatch(/^ {2}add\b/m);
  });
});

/** Runs newsmill with a stdout pipe whose reading end is closed before the CLI writes to it. */
async function newsmillIntoClosedPipe(
  args: string[],
  input = '',
): Promise<{ status: number | null; signal: string | null; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, stdio: 'pipe' });
  // Closing our end at once: Node takes far longer to start than this, so every write meets EPIPE.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // The child may stop reading stdin once its output fails; that is not what is under test.
  child.stdin.on('error', () => {});
  child.stdin.end(input);
  const [status, signal] = (await once(child, 'close')) as [number | null, string | null];
  return { status, signal, stderr };
}

describe('newsmill writing into a closed pipe', () => {
  it('stops quietly with status 0 when its reader has gone, as `| head` does', async () => {
    const result = await newsmillIntoClosedPipe(['catalogue', 'examples/demo/catalogue']);
    expect(result.stderr).toBe('');
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
  });

  it('stops quietly when output larger than the pipe buffer meets a closed pipe', async () => {
    // 360 KB of output cannot fit a 64 KB pipe buffer, so the write fails whatever the timing.
    const result = await newsmillIntoClosedPipe(['sanitize'], '<p>hello world</p>'.repeat(20_000));
    expect(result.stderr).toBe('');
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
  });
});
