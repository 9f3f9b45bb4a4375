import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSqliteStore } from '../store/sqlite-store.js';
import { copyDemo, repoRoot } from '../test-support/demo-site.js';
import { registerBackupCommands } from './backup-commands.js';

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

describe('newsmill import of an untrusted file', () => {
  const exported = {
    format: 'newsmill-export',
    version: 2,
    sources: [
      { key: 'https://a.example/feed', location: 'https://a.example/feed', categories: ['a', 'b', 'c'] },
    ],
    items: [
      {
        id: '1',
        title: 't',
        link: null,
        published: null,
        updated: null,
        author: null,
        summary: null,
        content: '<p>x</p>',
        categories: [],
        enclosures: [],
        image: null,
        baseUrl: null,
        sourceKey: 'https://a.example/feed',
        identity: '1',
        firstSeenAt: '2024-01-01T00:00:00.000Z',
        lastSeenAt: '2024-01-01T00:00:00.000Z',
        changedAt: '2024-01-01T00:00:00.000Z',
      },
    ],
    outputs: [
      {
        kind: 'hexo',
        sourceKey: 'https://a.example/feed',
        identity: '1',
        file: '../../../../victim/important.txt',
        writtenAt: '2024-01-01T00:00:00.000Z',
      },
    ],
    expired: [],
  };

  async function runImport(file: string, config: string): Promise<string> {
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    const program = new Command('newsmill').exitOverride();
    registerBackupCommands(program);
    try {
      await program.parseAsync(['import', file, '--config', config], { from: 'user' });
    } finally {
      vi.restoreAllMocks();
    }
    return stdout;
  }

  it('validates the whole file first, names the field, and creates no store when it is invalid', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-import-'));
    const config = path.join(dir, 'newsmill.yaml');
    writeFileSync(config, 'store: store/newsmill.db\n');
    const file = path.join(dir, 'backup.json');
    writeFileSync(file, JSON.stringify(exported));
    await expect(runImport(file, config)).rejects.toThrow(
      `${file}: invalid newsmill export:\n  - outputs[0].file: expected a relative path inside the output folder: a ".." segment`,
    );
    expect(existsSync(path.join(dir, 'store'))).toBe(false);

    const fixed = structuredClone(exported);
    if (fixed.outputs[0]) fixed.outputs[0].file = 'a/b/c/t-1.md';
    writeFileSync(file, JSON.stringify(fixed));
    expect(await runImport(file, config)).toMatch(/^imported 1 sources and 1 items into /);
  });

  it('cuts an item over content.maxItemKB as a run would, with a warning naming it', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-import-'));
    const config = path.join(dir, 'newsmill.yaml');
    writeFileSync(config, 'store: store/newsmill.db\ncontent:\n  maxItemKB: 4\n');
    const huge = structuredClone(exported);
    huge.outputs = [];
    if (huge.items[0]) huge.items[0].content = `<p>${'x'.repeat(20_000)}</p>`;
    const file = path.join(dir, 'backup.json');
    writeFileSync(file, JSON.stringify(huge));
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    expect(await runImport(file, config)).toMatch(/^imported 1 sources and 1 items into /);
    expect(stderr).toContain(
      'warning: https://a.example/feed: item "t": its content is 20 KB, cut to content.maxItemKB (4 KB)',
    );
    const store = openSqliteStore(path.join(dir, 'store/newsmill.db'), { readonly: true });
    try {
      const [item] = (await store.exportData()).items;
      expect(Buffer.byteLength(item?.content ?? '')).toBeLessThanOrEqual(4096);
      expect(item?.content?.startsWith('<p>xxx')).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('says when the file is not JSON', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-import-'));
    const file = path.join(dir, 'backup.json');
    writeFileSync(file, '{"format": "newsmill-export", ');
    writeFileSync(path.join(dir, 'newsmill.yaml'), 'store: newsmill.db\n');
    await expect(runImport(file, path.join(dir, 'newsmill.yaml'))).rejects.toThrow(
      /backup\.json: not a readable newsmill export/,
    );
  });
});
