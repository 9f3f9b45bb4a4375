import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { damageHeader, damageTable } from '../test-support/damaged-store.js';
import { copyDemo, repoRoot } from '../test-support/demo-site.js';
import { ExitCode } from './exit-codes.js';

const bin = path.join(repoRoot, 'bin/newsmill.js');
let dir = '';
let store = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function newsmill(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
}

/** The titles of the stored items of the store `file` (read with its -wal file, if any). */
function titles(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare<[], { title: string }>('SELECT title FROM items ORDER BY id')
      .all()
      .map((row) => row.title);
  } finally {
    db.close();
  }
}

/**
 * Edits every item's title in a process that is then killed (-9), as a run cancelled mid-write:
 * the edit is committed, but only to the -wal file.
 */
function editAndDie(file: string): void {
  const script = `
    const Database = require(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))});
    const db = new Database(${JSON.stringify(file)});
    db.pragma('wal_autocheckpoint = 0');
    db.prepare("UPDATE items SET title = title || ' (edited)'").run();
    process.kill(process.pid, 'SIGKILL');`;
  spawnSync(process.execPath, ['-e', script]);
}

/** A lock left in the store's folder by `newsmill run` on another machine, last beating `ageMs` ago. */
function remoteLock(ageMs: number): string {
  const beat = new Date(Date.now() - ageMs).toISOString();
  const owner = { pid: 4242, host: 'runner-a', started: beat, purpose: 'newsmill run', heartbeat: beat };
  writeFileSync(`${store}.lock`, `${JSON.stringify(owner)}\n`);
  return beat;
}

describe('newsmill checkpoint', () => {
  beforeAll(() => {
    // The CLI bundle must exist (vitest's global setup builds it).
    expect(existsSync(bin)).toBe(true);
  });

  function prepare(): void {
    dir = copyDemo();
    store = path.join(dir, '.newsmill/newsmill.db');
    expect(newsmill(['run']).status).toBe(0);
  }

  it('writes the log back so that the store file alone holds every commit, and checks it', () => {
    prepare();
    editAndDie(store);
    expect(existsSync(`${store}-wal`)).toBe(true);
    // Copied without its -wal file (a cache that skips it), the store loses the committed edit.
    const copy = path.join(dir, 'copy');
    mkdirSync(copy);
    copyFileSync(store, path.join(copy, 'before.db'));
    expect(titles(path.join(copy, 'before.db')).some((title) => title.endsWith('(edited)'))).toBe(false);

    const result = newsmill(['checkpoint']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^store (.+): integrity ok, \d+\.\d MB \([1-9]\d* log pages written back\)\n$/,
    );
    expect(result.stdout).toContain(`store ${store}: `);
    // No log or lock beside the store; the seal's secret (ingest's) stays out of the workflow's cache.
    expect(readdirSync(path.dirname(store)).sort()).toEqual(['newsmill.db', 'newsmill.db.seal']);
    copyFileSync(store, path.join(copy, 'after.db'));
    const after = titles(path.join(copy, 'after.db'));
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((title) => title.endsWith('(edited)'))).toBe(true);
  });

  it('says nothing is to be done when there is no store yet, and creates none', () => {
    dir = copyDemo();
    const result = newsmill(['checkpoint']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      `no store at ${path.join(dir, '.newsmill/newsmill.db')} yet: nothing to checkpoint\n`,
    );
    expect(existsSync(path.join(dir, '.newsmill'))).toBe(false);
  });

  it('exits with code 5 naming the damage when the store is damaged, and releases its lock', () => {
    prepare();
    damageTable(store, 'items');
    const result = newsmill(['checkpoint']);
    expect(result.status).toBe(ExitCode.storeDamaged);
    expect(result.stderr).toMatch(/^store .+ is damaged \(.+\), .*restore a saved copy/);
    expect(result.stderr).toContain(`store ${store} is damaged (`);
    expect(existsSync(`${store}.lock`)).toBe(false);

    damageHeader(store);
    const header = newsmill(['checkpoint']);
    expect(header.status).toBe(ExitCode.storeDamaged);
    expect(header.stderr).toContain('is damaged (file is not a database)');
  });

  it('takes over the lock of a run cancelled on another runner, says so, and leaves no lock', () => {
    prepare();
    const beat = remoteLock(10 * 60_000);
    const result = newsmill(['checkpoint']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      `took over a lock left by newsmill run (pid 4242 on host runner-a, last alive ${beat})\n`,
    );
    expect(readdirSync(path.dirname(store)).sort()).toEqual(['newsmill.db', 'newsmill.db.seal']);
  });

  it('leaves a store alone while a run on another host still beats', () => {
    prepare();
    const beat = remoteLock(5_000);
    const result = newsmill(['checkpoint']);
    expect(result.status).toBe(ExitCode.internal);
    expect(result.stderr).toContain(
      `another newsmill run (pid 4242 on runner-a, last alive ${beat}) is using ${store}`,
    );
    expect(existsSync(`${store}.lock`)).toBe(true);
  });
});
