import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { copyDemo, listFiles, repoRoot } from '../test-support/demo-site.js';
import { createVictimTree, snapshotTree } from '../test-support/victim-tree.js';

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

  it('deletes no recorded file outside the posts folder, warns naming it, and lists only real files', () => {
    dir = copyDemo();
    expect(newsmill(['run']).status).toBe(0);
    const config = readFileSync(path.join(dir, 'newsmill.yaml'), 'utf8');
    writeFileSync(path.join(dir, 'newsmill.yaml'), `${config}\nretention:\n  maxItemsPerSource: 1\n`);
    const victim = createVictimTree(dir);
    const before = snapshotTree(victim);
    symlinkSync(victim, path.join(dir, 'hexo/source/_posts/linked'));
    // A store restored from a cache: every record of one source names the victim's file, in ways
    // that differ as text (the store keeps recorded paths unique).
    const names = ['linked/important.txt', 'linked/./important.txt', 'linked//important.txt'];
    names.push('linked/deeper/../important.txt', '../../../victim/important.txt');
    const db = new Database(path.join(dir, '.newsmill/newsmill.db'));
    const rows = db
      .prepare<[], { rowid: number }>(
        `SELECT rowid FROM output_files WHERE source_id = (SELECT id FROM sources WHERE key = 'feeds/zaker.xml')`,
      )
      .all();
    expect(rows).toHaveLength(names.length);
    for (const [index, { rowid }] of rows.entries())
      db.prepare('UPDATE output_files SET file = ? WHERE rowid = ?').run(names[index], rowid);
    db.close();

    const pruned = newsmill(['prune']);
    expect(pruned.status).toBe(0);
    expect(snapshotTree(victim)).toEqual(before);
    const warnings = pruned.stderr.split('\n').filter(Boolean);
    // The newest item of the source stays; the other four are removed, their files refused.
    expect(warnings).toHaveLength(4);
    for (const warning of warnings)
      expect(warning).toMatch(
        /^warning: not deleting a file of feeds\/zaker\.xml ".+": refused "(linked|\.\.)\/.+"/,
      );
    expect(pruned.stdout).not.toMatch(/linked|victim/);
  });

  it('says so when no retention is configured', () => {
    dir = copyDemo();
    expect(newsmill(['prune']).stdout).toMatch(/no retention configured/);
  });

  it('prints titles, identities and recorded paths from the store without terminal controls', () => {
    dir = copyDemo();
    expect(newsmill(['run']).status).toBe(0);
    const config = readFileSync(path.join(dir, 'newsmill.yaml'), 'utf8');
    writeFileSync(path.join(dir, 'newsmill.yaml'), `${config}\nretention:\n  maxItemsPerSource: 1\n`);
    // Feeds write escape sequences as character references, and a restored store may hold anything.
    const hostile = '\u001b]0;PWNED\u0007\u001b[2J\u009b31m\u202eevil';
    const db = new Database(path.join(dir, '.newsmill/newsmill.db'));
    const zaker = `(SELECT id FROM sources WHERE key = 'feeds/zaker.xml')`;
    db.prepare(`UPDATE items SET title = ? WHERE source_id = ${zaker}`).run(`Title${hostile}`);
    db.prepare(
      `UPDATE items SET title = NULL, identity = ? || id WHERE source_id = (SELECT id FROM sources WHERE key = 'feeds/juejin.xml')`,
    ).run(`guid${hostile}`);
    db.prepare(`UPDATE output_files SET file = ? || rowid WHERE source_id = ${zaker}`).run(
      `../${hostile}/victim`,
    );
    db.close();

    const dry = newsmill(['prune', '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('Title');
    expect(dry.stdout).toContain('guid');
    expect(dry.stderr).toContain('victim');
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    const control = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    expect(dry.stdout).not.toMatch(control);
    expect(dry.stderr).not.toMatch(control);
  });
});
