import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { runAllSources } from '../pipeline/run-all.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { copyDemo, repoRoot } from '../test-support/demo-site.js';
import { storeFileOf } from '../test-support/store-file.js';

// Root may write anywhere, whatever the modes say: as root, the commands run as `nobody` instead.
const otherUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
const main = path.join(repoRoot, 'src/cli/main.ts');
const tsx = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;

let dir = '';
let storeFolder = '';
afterEach(() => {
  if (storeFolder) chmodSync(storeFolder, 0o755);
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
  storeFolder = '';
});

/** Runs the CLI from its sources, as a user who may read the store but not write its folder. */
function newsmill(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', tsx, main, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, HOME: dir },
    ...otherUser,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('read-only commands on a store in a folder they cannot write', () => {
  it('list sources, export and build without creating the WAL files beside the store', async () => {
    dir = copyDemo();
    const config = loadConfig(path.join(dir, 'newsmill.yaml'), {});
    const store = openSqliteStore(storeFileOf(config));
    await runAllSources({ config, store });
    // A clean close checkpoints the WAL and removes -wal and -shm: readers must create them again.
    await store.close();
    storeFolder = path.dirname(storeFileOf(config));
    expect(readdirSync(storeFolder).sort()).toEqual(['newsmill.db', 'newsmill.db.seal']);
    chmodSync(storeFileOf(config), 0o444);
    chmodSync(storeFolder, 0o555);
    chmodSync(dir, 0o755);
    mkdirSync(path.join(dir, 'public'), { mode: 0o777 });
    chmodSync(path.join(dir, 'public'), 0o777);

    const copies = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith('newsmill-store-'));
    const copiesBefore = copies();

    const sources = newsmill(['sources', '--json', '--config', 'newsmill.yaml']);
    expect(sources.stderr).toBe('');
    expect(sources.status).toBe(0);
    const { sources: rows } = JSON.parse(sources.stdout) as {
      sources: Array<{ status: string; itemsStored: number }>;
    };
    expect(rows.map((row) => row.status)).toEqual(Array(6).fill('ok'));

    const exported = newsmill(['export', '--config', 'newsmill.yaml']);
    expect(exported.status).toBe(0);
    expect((JSON.parse(exported.stdout) as { items: unknown[] }).items.length).toBe(
      rows.reduce((sum, row) => sum + row.itemsStored, 0),
    );

    const built = newsmill(['build', '--config', 'newsmill.yaml']);
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    expect(built.stdout).toMatch(/^posts: [1-9]\d*$/m);
    expect(existsSync(path.join(dir, 'public/index.html'))).toBe(true);
    expect(readdirSync(storeFolder).sort()).toEqual(['newsmill.db', 'newsmill.db.seal']);
    // The private copies they read were removed when they closed the store.
    expect(copies()).toEqual(copiesBefore);
  });
});
