import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/resolve-config.js';
import { ingestSource } from '../pipeline/ingest-source.js';
import { runAllSources } from '../pipeline/run-all.js';
import { acquireHexoLock } from '../posts/hexo-lock.js';
import { openStore } from '../store/open-store.js';
import { copyDemo, listFiles } from '../test-support/demo-site.js';
import { registerPublishCommand } from './publish-command.js';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the demo and its config. */
function demo(): { dir: string; config: Config } {
  const dir = copyDemo();
  dirs.push(dir);
  return { dir, config: loadConfig(path.join(dir, 'newsmill.yaml'), {}) };
}

/** Stores the demo's items by ingest alone, as a worker on another machine would: no post is written. */
async function ingestOnly(config: Config): Promise<void> {
  const store = await openStore(config.store, {});
  try {
    for (const source of config.sources) await ingestSource(source, { config, store });
  } finally {
    await store.close();
  }
}

/** Runs `newsmill publish` with `args`; returns what it printed. */
async function publish(config: Config, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  const program = new Command('newsmill').exitOverride();
  registerPublishCommand(program);
  try {
    await program.parseAsync(['node', 'newsmill', 'publish', '--config', config.file, ...args]);
  } finally {
    vi.restoreAllMocks();
  }
  return { stdout: stdout.join(''), stderr: stderr.join('') };
}

/** Every file below `root` with its bytes. */
function filesOf(root: string): Map<string, Buffer> {
  return new Map(listFiles(root).map((file) => [file, readFileSync(path.join(root, file))]));
}

describe('newsmill publish', () => {
  it('writes, from items stored by ingest alone, the same posts byte for byte that run writes', async () => {
    const byRun = demo();
    await ingestOnly(byRun.config);
    expect(listFiles(path.join(byRun.dir, 'hexo'))).toEqual([]);
    // The same stored items (and first-seen times, which date the undated posts) in two folders.
    const twin = mkdtempSync(path.join(tmpdir(), 'newsmill-publish-twin-'));
    dirs.push(twin);
    cpSync(byRun.dir, twin, { recursive: true });
    const byPublish = { dir: twin, config: loadConfig(path.join(twin, 'newsmill.yaml'), {}) };

    const store = await openStore(byRun.config.store, {});
    await runAllSources({ config: byRun.config, store });
    await store.close();
    const posts = filesOf(path.join(byRun.dir, 'hexo/source/_posts'));
    expect(posts.size).toBe(24);

    const first = await publish(byPublish.config, '--hexo');
    expect(first.stdout).toBe('posts: 24 written\n');
    expect(filesOf(path.join(byPublish.dir, 'hexo/source/_posts'))).toEqual(posts);
    // --hexo alone builds no site.
    expect(listFiles(path.join(byPublish.dir, 'public'))).toEqual([]);

    const second = await publish(byPublish.config, '--hexo');
    expect(second.stdout).toBe('posts: 0 written\n');
    expect(process.exitCode).toBeUndefined();
  });

  it('writes every output the config has by default: the posts, then the site', async () => {
    const { dir, config } = demo();
    await ingestOnly(config);
    const { stdout } = await publish(config);
    expect(stdout).toMatch(
      /^posts: 24 written\nposts: 24\nfiles: \d+ \(\d+ written, 0 unchanged, 0 skipped, 0 deleted\)\n/,
    );
    expect(listFiles(path.join(dir, 'hexo/source/_posts'))).toHaveLength(24);
    expect(listFiles(path.join(dir, 'public'))).toContain('index.html');
  });

  it('builds only the site with --site, and refuses --hexo without a Hexo folder', async () => {
    const { dir, config } = demo();
    await ingestOnly(config);
    const { stdout } = await publish(config, '--site');
    expect(stdout).toMatch(/^posts: 24\nfiles: /);
    expect(listFiles(path.join(dir, 'hexo'))).toEqual([]);

    const file = path.join(dir, 'newsmill.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^ {2}hexo: .*\n/m, ''));
    const noHexo = loadConfig(file, {});
    await expect(publish(noHexo, '--hexo')).rejects.toThrow(/--hexo needs output\.hexo/);
  });

  it('waits for no store lock, but refuses while another process writes the posts', async () => {
    const { config } = demo();
    await ingestOnly(config);
    const held = await acquireHexoLock(config.output.hexo ?? '', 'newsmill run');
    try {
      await expect(publish(config, '--hexo')).rejects.toThrow(
        /another newsmill process \(newsmill run, process \d+ .*\) is writing the Hexo posts/,
      );
    } finally {
      await held.release();
    }
    expect((await publish(config, '--hexo')).stdout).toBe('posts: 24 written\n');
  });
});
