import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStoreExport } from './export-schema.js';
import type { StoreExport, StoredItem } from './store.js';

const item = (identity: string, over: Partial<StoredItem> = {}): StoredItem => ({
  id: identity,
  title: `title ${identity}`,
  link: `https://a.example/${identity}`,
  published: '2024-01-01T08:00:00.000Z',
  updated: null,
  author: null,
  summary: null,
  content: '<p>x</p>',
  categories: ['tag'],
  enclosures: [{ url: 'https://a.example/x.mp3', type: 'audio/mpeg', length: 12 }],
  image: null,
  baseUrl: null,
  sourceKey: 'https://a.example/feed',
  identity,
  firstSeenAt: '2024-01-01T08:00:00.000Z',
  lastSeenAt: '2024-01-02T08:00:00.000Z',
  changedAt: '2024-01-01T08:00:00.000Z',
  ...over,
});

const valid = (): StoreExport => ({
  format: 'newsmill-export',
  version: 3,
  sources: [
    {
      key: 'https://a.example/feed',
      location: 'https://a.example/feed',
      categories: ['a', 'b', 'c'],
      removedAt: '2024-01-04T00:00:00.000Z',
    },
  ],
  items: [item('1'), item('2')],
  outputs: [
    {
      kind: 'hexo',
      sourceKey: 'https://a.example/feed',
      identity: '1',
      file: 'a/b/c/title-1.md',
      writtenAt: '2024-01-01T08:00:01.000Z',
    },
  ],
  expired: [
    {
      sourceKey: 'https://a.example/feed',
      identity: '0',
      expiredAt: '2024-01-03T00:00:00.000Z',
      lastSeenAt: '2023-12-01T00:00:00.000Z',
    },
  ],
});

/** The message parseStoreExport gives for `data`. */
function problem(data: unknown): string {
  try {
    parseStoreExport(data);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the export to be refused');
}

describe('export schema', () => {
  it('accepts every version as written by newsmill', () => {
    expect(parseStoreExport(valid())).toEqual(valid());
    const { removedAt: _removedAt, ...unmarked } = valid().sources[0] as StoreExport['sources'][number];
    const second = { ...valid(), version: 2 as const, sources: [unmarked] };
    expect(parseStoreExport(second)).toEqual(second);
    const old = { ...second, version: 1 as const, outputs: undefined, expired: undefined };
    expect(parseStoreExport(JSON.parse(JSON.stringify(old)))).toEqual(old);
  });

  it("refuses a source's removal time that is no time", () => {
    const data = valid();
    (data.sources[0] as { removedAt: string }).removedAt = 'yesterday';
    expect(problem(data)).toMatch(/sources\[0\]\.removedAt: expected an ISO 8601 UTC time/);
  });

  it("reads newsmill's own times into toISOString's form, and keeps a feed's dates as written", () => {
    const data = valid();
    data.items[0] = item('1', {
      published: '2024-01-01T08:00:00Z',
      firstSeenAt: '2024-01-01T08:00:00.5Z',
      lastSeenAt: '2024-01-02T08:00:00Z',
      changedAt: '2024-01-01T08:00:00.123456789Z',
    });
    expect(parseStoreExport(data).items[0]).toEqual(
      item('1', {
        published: '2024-01-01T08:00:00Z',
        firstSeenAt: '2024-01-01T08:00:00.500Z',
        lastSeenAt: '2024-01-02T08:00:00.000Z',
        changedAt: '2024-01-01T08:00:00.123Z',
      }),
    );
  });

  it('refuses what is not an export at all', () => {
    expect(problem(null)).toMatch(
      /^not a newsmill export \(expected format "newsmill-export", version 1, 2 or 3\)/,
    );
    expect(problem({ ...valid(), version: 4 })).toMatch(/^not a newsmill export/);
  });

  it('names the field path of every problem: types, dates, categories', () => {
    const data = valid() as unknown as {
      items: Record<string, unknown>[];
      sources: Record<string, unknown>[];
    };
    Object.assign(data.items[1] ?? {}, {
      published: '+275760-09-13T00:00:00.000Z',
      updated: '99999-01-01T00:00:00Z',
      firstSeenAt: '2024-02-30T00:00:00Z',
      categories: ['ok', 42],
      title: 7,
      enclosures: [{ url: 'x', type: null, length: 'big' }],
    });
    Object.assign(data.sources[0] ?? {}, { categories: ['a', { b: 1 }, 'c'] });
    const message = problem(data);
    expect(message).toMatch(/^invalid newsmill export:\n/);
    for (const line of [
      'sources[0].categories[1]: expected string, received object',
      'items[1].title: expected string, received number',
      'items[1].published: expected an ISO 8601 UTC time such as 2024-01-31T08:00:00.000Z, in the years 1970 to 9999',
      'items[1].updated: expected an ISO 8601 UTC time',
      'items[1].categories[1]: expected string, received number',
      'items[1].enclosures[0].length: expected number, received string',
      'items[1].firstSeenAt: expected an ISO 8601 UTC time',
    ])
      expect(message).toContain(`  - ${line}`);
  });

  it('takes the range of dates posts are published under (1970 to 9999), as the feed parser does', () => {
    const data = valid();
    data.items[0] = item('1', { firstSeenAt: '1500-01-01T00:00:00.000Z' });
    expect(problem(data)).toContain(
      '  - items[0].firstSeenAt: expected an ISO 8601 UTC time such as 2024-01-31T08:00:00.000Z, in the years 1970 to 9999',
    );
    // Feed dates an older parser kept (it read years 1000 to 9999, and the epoch an unset timestamp
    // prints) are dropped as today's parser drops them, so an old backup still imports.
    const old = valid();
    old.items[0] = item('1', { published: '1969-12-31T23:59:59.000Z', updated: '1970-01-01T00:00:00.000Z' });
    old.items[1] = item('2', { published: '1970-01-01T00:00:00.001Z', updated: '9999-12-31T23:59:59.999Z' });
    const imported = parseStoreExport(old);
    expect(imported.items[0]).toEqual(item('1', { published: null, updated: null }));
    expect(imported.items[1]).toEqual(old.items[1]);
  });

  it('refuses unknown keys, with the nearest known one', () => {
    const data = valid() as unknown as { items: Record<string, unknown>[] };
    Object.assign(data.items[0] ?? {}, { fristSeenAt: 'x' });
    expect(problem(data)).toContain('  - items[0]: unknown key "fristSeenAt" (did you mean "firstSeenAt"?)');
  });

  it('refuses output paths that are absolute, leave their folder or play tricks', () => {
    const files = [
      '../../../../victim/important.txt',
      'a/../../b.md',
      'a/./b.md',
      '/etc/passwd',
      '\\\\server\\share\\x.md',
      'a\\..\\..\\b.md',
      'C:/Windows/x.md',
      'c:x.md',
      'a/b\u0000.md',
      'a//b.md',
      'a/b/',
      '',
      '..',
      'a/\u001b[2Jb.md',
    ];
    for (const file of files) {
      const data = valid();
      const output = data.outputs?.[0];
      if (output) output.file = file;
      expect(problem(data), JSON.stringify(file)).toMatch(
        / {2}- outputs\[0\]\.file: expected a relative path inside the output folder: /,
      );
    }
  });

  it('refuses references to unknown sources and duplicates', () => {
    const data = valid();
    data.items.push(item('3', { sourceKey: 'nope' }), item('1'));
    data.outputs?.push({
      ...(data.outputs[0] as NonNullable<StoreExport['outputs']>[number]),
      identity: '2',
    });
    data.expired?.push({
      sourceKey: 'gone',
      identity: 'x',
      expiredAt: '2024-01-01T00:00:00Z',
      lastSeenAt: '2024-01-01T00:00:00Z',
    });
    data.sources.push({ ...(data.sources[0] as StoreExport['sources'][number]) });
    const message = problem(data);
    for (const line of [
      'sources[1].key: "https://a.example/feed" is listed twice',
      'items[2].sourceKey: names no source of the export',
      'items[3].identity: item "1" of "https://a.example/feed" is listed twice',
      'outputs[1].file: "a/b/c/title-1.md" is recorded twice for hexo',
      'expired[1].sourceKey: names no source of the export',
    ])
      expect(message).toContain(`  - ${line}`);
  });

  it('lists at most 20 problems, and says how many more there are', () => {
    const data = valid();
    data.items = Array.from({ length: 30 }, (_, i) => item(String(i), { published: 'yesterday' }));
    const lines = problem(data).split('\n');
    expect(lines).toHaveLength(22);
    expect(lines.at(-1)).toBe('  … and 10 more');
  });

  it('never accepts an output path that resolves outside its folder, on POSIX or Windows', () => {
    const part = fc.constantFrom(
      '..',
      '.',
      '/',
      '\\',
      'a',
      'b.md',
      'C:',
      ':',
      '%2e%2e',
      '\u0000',
      ' ',
      '~',
      '//',
      '',
    );
    const root = { posix: '/site/hexo/source/_posts', win32: 'C:\\site\\hexo\\source\\_posts' };
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
        const file = parts.join('');
        const data = valid();
        const output = data.outputs?.[0];
        if (output) output.file = file;
        let accepted = true;
        try {
          parseStoreExport(data);
        } catch {
          accepted = false;
        }
        if (!accepted) return;
        for (const flavour of ['posix', 'win32'] as const) {
          const resolved = path[flavour].resolve(root[flavour], file);
          expect(resolved.startsWith(root[flavour] + path[flavour].sep), `${flavour} ${file}`).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
