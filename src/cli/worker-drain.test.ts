import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import { repoRoot } from '../test-support/demo-site.js';
import { generateRss, startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
import { hasTestPostgres, useTestPostgres, type TestPostgres } from '../test-support/test-postgres.js';

const bin = path.join(repoRoot, 'bin/newsmill.js');
const env = { ...process.env, NEWSMILL_QUEUE_HEARTBEAT_SECONDS: '10', NEWSMILL_QUEUE_POLL_SECONDS: '0.5' };

describe.skipIf(!hasTestPostgres)('newsmill worker stopped by SIGTERM', () => {
  let database: TestPostgres | null = null;
  let server: LoopbackServer | null = null;
  let dir = '';
  afterAll(async () => {
    await server?.close();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('takes no more jobs, lets the fetch in flight finish and record, and exits 0', async () => {
    database = await useTestPostgres();
    const requested: string[] = [];
    const finished: string[] = [];
    let onRequest = (): void => undefined;
    server = await startLoopbackServer((request, response) => {
      const url = request.url ?? '';
      requested.push(url);
      response.on('finish', () => finished.push(url));
      onRequest();
      setTimeout(() => response.end(generateRss(2, url.slice(1))), 1500);
    });
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-drain-'));
    // One request at a time on the one host: the second job waits while the first is in flight.
    writeFileSync(
      path.join(dir, 'newsmill.yaml'),
      [
        `store: { url: "${database.url}", schema: newsmill }`,
        'fetch: { perHost: 1 }',
        'sources:',
        `  - { url: "${server.url}/first", categories: [a, b, c] }`,
        `  - { url: "${server.url}/second", categories: [a, b, d] }`,
      ].join('\n'),
    );
    const scheduled = spawnSync(process.execPath, [bin, 'schedule', '--once', '-c', 'newsmill.yaml'], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });
    expect(scheduled.status).toBe(0);
    expect(scheduled.stderr).toMatch(/ 2 due, 2 newly enqueued; next due none waiting\n/);

    const worker = spawn(process.execPath, [bin, 'worker', '-c', 'newsmill.yaml', '--concurrency', '2'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    worker.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    onRequest = () => worker.kill('SIGTERM');
    const exit = await new Promise<number | null>((resolve) => worker.on('exit', (code) => resolve(code)));

    expect(exit).toBe(0);
    expect(requested).toHaveLength(1);
    expect(finished).toEqual(requested);
    const lines = stderr.split('\n');
    const stop = lines.findIndex((line) => line.includes('SIGTERM: taking no more jobs'));
    const done = lines.findIndex((line) => / ok http:\S+ in \d+ ms: 2 new, 0 updated$/.test(line));
    expect(stop).toBeGreaterThan(-1);
    expect(done).toBeGreaterThan(stop);
    expect(lines.at(-2)).toMatch(/ stopped cleanly$/);

    const store = await openStore({ kind: 'postgres', url: database.url, schema: 'newsmill' });
    try {
      const records = new Map((await store.listSources()).map((record) => [record.key, record]));
      const first = `${server.url}${requested[0]}`;
      const other = [...records.keys()].find((key) => key !== first) ?? '';
      expect(records.get(first)).toMatchObject({
        itemCount: 2,
        lastFetchedBy: expect.stringMatching(/:\d+$/),
      });
      expect(records.get(other)?.lastAttemptAt).toBeNull();
    } finally {
      await store.close();
    }
  }, 60_000);
});
