import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../test-support/demo-site.js';
import { startFaultServer, type FaultServer } from '../test-support/fault-server.js';

const bin = path.join(repoRoot, 'bin/newsmill.js');
let server: FaultServer;
let dir = '';
beforeAll(async () => {
  server = await startFaultServer();
  dir = mkdtempSync(path.join(tmpdir(), 'newsmill-watch-cli-'));
  writeFileSync(
    path.join(dir, 'newsmill.yaml'),
    `output: { hexo: hexo }\nfetch: { retries: 1 }\nsources:\n  - { url: "${server.url}/ok", categories: [a, b, c] }\n  - { url: "${server.url}/404", categories: [a, b, d] }\n`,
  );
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('newsmill watch', () => {
  it('logs a line per cycle, holds the lock, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'watch', '--config', 'newsmill.yaml'], { cwd: dir });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no cycle line: ${stderr}`)), 20_000);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/cycle 1:/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    expect(stderr).toMatch(
      /cycle 1: 2 due, 1 ok, 1 failed, 0 backing off; 3 new, 0 updated, 3 files written; next at \d{4}-/,
    );
    expect(stderr).toMatch(/failed http:\/\/127\.0\.0\.1:\d+\/404: .*HTTP 404/);

    // A second process on the same store is refused while watch runs.
    const concurrent = spawnSync(process.execPath, [bin, 'run', '--config', 'newsmill.yaml'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(concurrent.status).toBe(1);
    expect(concurrent.stderr).toMatch(/another newsmill watch \(pid \d+\) is using/);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/stopped cleanly/);
    // The rebuild pending since cycle 1 runs before stopping.
    expect(stderr).toMatch(/site rebuilt: \d+ files written, 0 deleted, 0 unchanged, in [\d.]+ s/);
    expect(existsSync(path.join(dir, 'public/index.html'))).toBe(true);
    expect(existsSync(path.join(dir, '.newsmill/newsmill.db.lock'))).toBe(false);

    const health = spawnSync(process.execPath, [bin, 'sources', '--config', 'newsmill.yaml', '--json'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const { sources: rows } = JSON.parse(health.stdout) as { sources: Array<Record<string, unknown>> };
    expect(rows.map((row) => [row.status, row.itemsStored, row.errorStreak])).toEqual([
      ['ok', 3, 0],
      ['backing-off', 0, 1],
    ]);
    expect(rows[1]?.lastError).toMatch(/HTTP 404/);
    const text = spawnSync(process.execPath, [bin, 'sources', '--config', 'newsmill.yaml'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(text.stdout).toMatch(/^backing-off {3}http:\/\/127\.0\.0\.1:\d+\/404 {2}\[a \/ b \/ d\]$/m);
    expect(text.stdout).toMatch(/2 sources: 1 ok, 1 backing-off/);
  });
});
