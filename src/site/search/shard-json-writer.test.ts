import { describe, expect, it } from 'vitest';
import { ShardJsonWriter } from './shard-json-writer.js';

function expectedJson(members: ReadonlyArray<readonly [string, readonly number[]]>): string {
  return `{${members.map(([name, postings]) => `${JSON.stringify(name)}:${JSON.stringify(postings)}`).join(',')}}`;
}

function written(members: ReadonlyArray<readonly [string, readonly number[]]>): string | null {
  const writer = new ShardJsonWriter();
  for (const [name, postings] of members) {
    writer.startMember(JSON.stringify(name));
    for (const posting of postings) writer.posting(posting);
    writer.endMember();
  }
  return writer.text();
}

describe('ShardJsonWriter', () => {
  it('writes the same text as JSON.stringify, for any name and every digit count', () => {
    const members: Array<[string, number[]]> = [
      ['镜像', [0, 9, 10, 99, 100, 999, 1000, 65_535, 2 ** 31 - 1]],
      ['quote " and \\ and \n and \u0001', [1]],
      ['emoji 😀 and kana カ', []],
      ['123', [7, 7]],
    ];
    expect(written(members)).toBe(expectedJson(members));
  });

  it('grows past its first buffer without losing bytes', () => {
    const members = Array.from({ length: 2_000 }, (_, index): [string, number[]] => [
      `词${index}`,
      Array.from({ length: index % 17 }, (_, offset) => index * 31 + offset),
    ]);
    expect(written(members)).toBe(expectedJson(members));
    expect(written([['长'.repeat(5_000), [1]]])).toBe(expectedJson([['长'.repeat(5_000), [1]]]));
  });

  it('gives null for a shard without members', () => {
    expect(written([])).toBeNull();
  });
});
