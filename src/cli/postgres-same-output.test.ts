import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { runAllSources } from '../pipeline/run-all.js';
import { buildSite } from '../site/build-site.js';
import { openStore } from '../store/open-store.js';
import { copyDemo, listFiles } from '../test-support/demo-site.js';
import { hasTestPostgres, useTestPostgres, type TestPostgres } from '../test-support/test-postgres.js';

const dirs: string[] = [];
let pg: TestPostgres | null = null;
afterEach(async () => {
  vi.useRealTimers();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  await pg?.drop();
  pg = null;
});

/** Every file below `root` with its bytes. */
function tree(root: string): Map<string, Buffer> {
  return new Map(listFiles(root).map((file) => [file, readFileSync(path.join(root, file))]));
}

/**
 * The bundled demo ingested into the store `store:` names and published from it alone: its Hexo
 * posts and its site. The clock is frozen at the same instant for both stores, so that the one undated
 * item gets the same first-seen date from either.
 */
async function publishDemo(store: string): Promise<{ hexo: Map<string, Buffer>; site: Map<string, Buffer> }> {
  const dir = copyDemo();
  dirs.push(dir);
  const file = path.join(dir, 'newsmill.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^store: .*$/m, `store: ${store}`));
  const config = loadConfig(file, {});
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-06T08:00:00.000Z') });
  const opened = await openStore(config.store);
  try {
    const summary = await runAllSources({ config, store: opened });
    expect(summary.sourcesFailed).toBe(0);
    await buildSite({ config, store: opened });
  } finally {
    await opened.close();
    vi.useRealTimers();
  }
  return { hexo: tree(config.output.hexo ?? ''), site: tree(config.output.site) };
}

describe.skipIf(!hasTestPostgres)('publishing from PostgreSQL and from SQLite', () => {
  it('writes byte-identical Hexo posts and sites for the same feeds', async () => {
    pg = await useTestPostgres();
    const fromSqlite = await publishDemo('.newsmill/newsmill.db');
    const fromPostgres = await publishDemo(`{ url: "${pg.url}", schema: same_output }`);

    expect(fromSqlite.hexo.size).toBeGreaterThan(20);
    expect(fromSqlite.site.size).toBeGreaterThan(50);
    expect([...fromPostgres.hexo.keys()]).toEqual([...fromSqlite.hexo.keys()]);
    expect([...fromPostgres.site.keys()]).toEqual([...fromSqlite.site.keys()]);
    const differing = (a: Map<string, Buffer>, b: Map<string, Buffer>): string[] =>
      [...a].filter(([file, bytes]) => !bytes.equals(b.get(file) ?? Buffer.alloc(0))).map(([file]) => file);
    expect(differing(fromPostgres.hexo, fromSqlite.hexo)).toEqual([]);
    expect(differing(fromPostgres.site, fromSqlite.site)).toEqual([]);
  });
});
