import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../test-support/demo-site.js';

const bin = path.join(repoRoot, 'bin/newsmill.js');
let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function newsmill(
  args: string[],
  store: string,
  env: Record<string, string> = {},
): { status: number | null; stderr: string } {
  dir = mkdtempSync(path.join(tmpdir(), 'newsmill-worker-cli-'));
  writeFileSync(
    path.join(dir, 'newsmill.yaml'),
    `${store}sources:\n  - { url: "https://a.example/feed", categories: [a, b, c] }\n`,
  );
  const result = spawnSync(process.execPath, [bin, ...args, '--config', 'newsmill.yaml'], {
    encoding: 'utf8',
    cwd: dir,
    env: { ...process.env, ...env },
  });
  return { status: result.status, stderr: result.stderr };
}

describe('newsmill worker and newsmill schedule', () => {
  it.each([['worker'], ['schedule', '--once']])(
    '%s refuses a SQLite store, saying what to use instead',
    (...args) => {
      const result = newsmill(args, '');
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(
        `newsmill ${args[0]}: workers need a shared PostgreSQL store; SQLite stays single-machine (\`newsmill run\`/\`watch\`)`,
      );
    },
  );

  it('refuses queue timings pg-boss cannot keep, naming the variable, before connecting', () => {
    // Nothing listens on port 1: a connection attempt would fail with another message.
    const store = 'store: postgres://newsmill:s3cret@127.0.0.1:1/news\n';
    const result = newsmill(['worker'], store, { NEWSMILL_QUEUE_HEARTBEAT_SECONDS: '5' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('NEWSMILL_QUEUE_HEARTBEAT_SECONDS="5": expected seconds from 10 to 3600');
    expect(result.stderr).not.toContain('s3cret');
  });

  it('rejects a concurrency that is not a whole number', () => {
    const result = newsmill(['worker', '--concurrency', '0'], '');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('expected a whole number from 1 to 64');
  });
});
