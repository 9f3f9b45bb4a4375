import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyDemo, repoRoot } from '../test-support/demo-site.js';
import { createVictimTree, snapshotTree } from '../test-support/victim-tree.js';

const bin = path.join(repoRoot, 'bin/newsmill.js');
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function newsmill(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
}

describe('newsmill with paths from untrusted state', () => {
  it('imports an edited export, then runs without deleting the file its outputs name', () => {
    dir = copyDemo();
    expect(newsmill(['run']).status).toBe(0);
    expect(newsmill(['export', 'backup.json']).status).toBe(0);
    const backup = JSON.parse(readFileSync(path.join(dir, 'backup.json'), 'utf8')) as {
      outputs: Array<{ file: string }>;
    };
    // A path that is clean as text, through a folder that is a symlink out of the posts folder.
    const recorded = 'linked/important.txt';
    const [first] = backup.outputs;
    if (!first) throw new Error('the export records no output');
    first.file = recorded;
    writeFileSync(path.join(dir, 'edited.json'), JSON.stringify(backup));
    rmSync(path.join(dir, '.newsmill'), { recursive: true });
    const victim = createVictimTree(dir);
    const before = snapshotTree(victim);
    symlinkSync(victim, path.join(dir, 'hexo/source/_posts/linked'));

    expect(newsmill(['import', 'edited.json']).status).toBe(0);
    const run = newsmill(['run']);
    expect(run.status).toBe(0);
    expect(snapshotTree(victim)).toEqual(before);
    expect(run.stderr + run.stdout).toMatch(
      new RegExp(
        `^warning .+: the post's old file was not deleted: refused "${recorded}": .+linked is a symbolic link to .+victim, outside .+_posts$`,
        'm',
      ),
    );
  });

  it('builds without deleting what an edited manifest and journal list, warning for each', () => {
    dir = copyDemo();
    expect(newsmill(['run']).status).toBe(0);
    expect(newsmill(['build']).status).toBe(0);
    const victim = createVictimTree(dir);
    const before = snapshotTree(victim);
    const manifestFile = path.join(dir, 'public/.newsmill-site.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { files: string[] };
    manifest.files.push('../victim/v2.txt', 'k');
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const journal = { files: ['../victim/important.txt', path.join(victim, 'a.md')] };
    writeFileSync(path.join(dir, 'public/.newsmill-building'), JSON.stringify(journal));

    const build = newsmill(['build']);
    expect(build.status).toBe(0);
    expect(snapshotTree(victim)).toEqual(before);
    const warnings = build.stderr.split('\n').filter((line) => line.startsWith('warning: '));
    expect(warnings).toHaveLength(3);
    for (const file of ['../victim/v2.txt', '../victim/important.txt', path.join(victim, 'a.md')])
      expect(warnings.some((line) => line.includes(`refused ${JSON.stringify(file)}`))).toBe(true);
  });
});
