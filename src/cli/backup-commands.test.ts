import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyDemo, repoRoot } from '../test-support/demo-site.js';

const bin = path.join(repoRoot, 'bin/newsmill.js');
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function newsmill(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('newsmill export / import', () => {
  it('round-trips the demo store through JSON into an empty store', () => {
    dir = copyDemo();
    expect(newsmill(['run', '--config', 'newsmill.yaml']).status).toBe(0);
    expect(newsmill(['export', '--json', 'backup.json', '--config', 'newsmill.yaml']).status).toBe(0);
    const backup = JSON.parse(readFileSync(path.join(dir, 'backup.json'), 'utf8')) as {
      items: unknown[];
      sources: unknown[];
    };
    expect(backup.sources).toHaveLength(6);
    expect(backup.items.length).toBeGreaterThanOrEqual(20);

    writeFileSync(path.join(dir, 'restored.yaml'), 'store: restored/newsmill.db\n');
    const imported = newsmill(['import', 'backup.json', '--config', 'restored.yaml']);
    expect(imported.stdout).toMatch(new RegExp(`imported 6 sources and ${backup.items.length} items`));
    const again = newsmill(['export', '--config', 'restored.yaml']);
    expect(JSON.parse(again.stdout)).toEqual(backup);

    const twice = newsmill(['import', 'backup.json', '--config', 'restored.yaml']);
    expect(twice.status).toBe(1);
    expect(twice.stderr).toMatch(/already holds \d+ items; import into an empty store/);
  });
});
