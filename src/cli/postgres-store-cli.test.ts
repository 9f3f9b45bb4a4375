import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyDemo, listFiles, repoRoot } from '../test-support/demo-site.js';
import { hasTestPostgres, useTestPostgres, type TestPostgres } from '../test-support/test-postgres.js';

const bin = path.join(repoRoot, 'bin/newsmill.js');
const dirs: string[] = [];
let pg: TestPostgres | null = null;
afterEach(async () => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  await pg?.drop();
  pg = null;
});

function newsmill(dir: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args, '--config', 'newsmill.yaml'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A copy of the demo whose config says `store:` as given. */
function demoWithStore(store: string): string {
  const dir = copyDemo();
  dirs.push(dir);
  const file = path.join(dir, 'newsmill.yaml');
  const text = readFileSync(file, 'utf8').replace(/^store: .*$/m, `store: ${store}`);
  if (!text.includes(`store: ${store}`)) throw new Error('the demo config has no store line to replace');
  writeFileSync(file, text);
  return dir;
}

/** Every file of the built site with its bytes, for comparing two builds. */
function siteFiles(dir: string): Map<string, string> {
  const root = path.join(dir, 'public');
  return new Map(listFiles(root).map((file) => [file, readFileSync(path.join(root, file), 'latin1')]));
}

describe.skipIf(!hasTestPostgres)('the CLI on a PostgreSQL store', () => {
  it('runs, lists sources, exports, builds the same site as SQLite from the same items, and checks the store', async () => {
    pg = await useTestPostgres();
    const env = { NEWSMILL_STORE_URL: pg.url };
    const onPostgres = demoWithStore('{ urlEnv: NEWSMILL_STORE_URL, schema: demo_site }');
    const onSqlite = demoWithStore('.newsmill/newsmill.db');

    const run = newsmill(onPostgres, ['run'], env);
    expect(run.stderr).not.toMatch(/^failed/m);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^sources: 6 ok, 0 failed$/m);
    // The same items (first-seen times and all) in SQLite, through export and import.
    const exported = path.join(onPostgres, 'export.json');
    expect(newsmill(onPostgres, ['export', exported], env).status).toBe(0);
    const imported = newsmill(onSqlite, ['import', exported]);
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/^imported 6 sources and \d+ items into \/.*newsmill\.db$/m);

    const sources = newsmill(onPostgres, ['sources', '--json'], env);
    expect(sources.status).toBe(0);
    const report = JSON.parse(sources.stdout) as {
      ok: boolean;
      sources: Array<{ status: string; itemsStored: number }>;
    };
    expect(report.ok).toBe(true);
    expect(report.sources.map((source) => source.status)).toEqual(Array(6).fill('ok'));
    expect(report.sources.every((source) => source.itemsStored > 0)).toBe(true);

    const build = newsmill(onPostgres, ['build'], env);
    expect(build.status).toBe(0);
    expect(newsmill(onSqlite, ['build']).status).toBe(0);
    const built = siteFiles(onPostgres);
    expect(built.size).toBeGreaterThan(10);
    expect(built).toEqual(siteFiles(onSqlite));
    // Nothing of the store went to disk: no SQLite file, no lock file.
    expect(listFiles(onPostgres).filter((file) => file.startsWith('.newsmill'))).toEqual([]);
    // A second build from PostgreSQL writes nothing: the same store gives the same site.
    expect(newsmill(onPostgres, ['build'], env).stdout).toMatch(/\(0 written, /);

    const checkpoint = newsmill(onPostgres, ['checkpoint'], env);
    expect(checkpoint.status).toBe(0);
    expect(checkpoint.stdout).toMatch(
      /^store postgres:\/\/.*\(schema demo_site\): PostgreSQL keeps its own log, nothing to checkpoint; connection ok, 6 sources$/m,
    );
  });

  it('never prints a password written into the config, and fails with exit 1 when the server is not there', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const dir = demoWithStore('postgres://newsmill:hunter2@127.0.0.1:1/news');
    for (const command of ['sources', 'build', 'checkpoint']) {
      const result = newsmill(dir, [command]);
      expect(result.status, command).toBe(1);
      expect(result.stderr, command).toMatch(/warning: .*newsmill\.yaml: store: the URL carries a password/);
      expect(`${result.stdout}${result.stderr}`, command).not.toContain('hunter2');
    }
  });
});
