import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyDemo, listFiles, repoRoot } from '../test-support/demo-site.js';

const bin = path.join(repoRoot, 'bin/newsmill.js');
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function newsmill(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
}

describe('newsmill prune', () => {
  it('lists what retention would remove with --dry-run, then removes exactly that', () => {
    dir = copyDemo();
    expect(newsmill(['run']).status).toBe(0);
    const config = readFileSync(path.join(dir, 'newsmill.yaml'), 'utf8');
    writeFileSync(path.join(dir, 'newsmill.yaml'), `${config}\nretention:\n  maxItemsPerSource: 1\n`);
    const posts = (): string[] => listFiles(path.join(dir, 'hexo/source/_posts'));
    const before = posts();

    const dry = newsmill(['prune', '--dry-run']);
    expect(dry.status).toBe(0);
    const removable = before.length - 6;
    expect(dry.stdout).toContain(`would remove ${removable} items and ${removable} files`);
    expect(dry.stdout).toMatch(/^would remove feeds\/zaker\.xml: \d{4}-\d\d-\d\d ".+"$/m);
    expect(posts()).toEqual(before);

    const listed = [...dry.stdout.matchAll(/^ {4}(.+\.md)$/gm)].map((m) => m[1] ?? '');
    const real = newsmill(['prune']);
    expect(real.stdout).toContain(`removed ${removable} items and ${removable} files`);
    expect(posts()).toHaveLength(6);
    for (const file of listed) expect(existsSync(path.join(dir, 'hexo/source/_posts', file))).toBe(false);
  });

  it('says so when no retention is configured', () => {
    dir = copyDemo();
    expect(newsmill(['prune']).stdout).toMatch(/no retention configured/);
  });
});
