import { describe, expect, it } from 'vitest';
import { buildSearchBlock, layoutSearchBlocks } from './search-index.js';
import { searchBucketOf, tokenizeSearchText } from './search-tokens.js';

describe('tokenizeSearchText', () => {
  it('makes bigrams of CJK runs and words of everything else', () => {
    expect(tokenizeSearchText('容器镜像瘦身 Kubernetes 1.23 发布')).toEqual([
      '容器',
      '器镜',
      '镜像',
      '像瘦',
      '瘦身',
      'kubernetes',
      '1',
      '23',
      '发布',
    ]);
    expect(tokenizeSearchText('云')).toEqual(['云']);
    expect(tokenizeSearchText('a b')).toEqual([]);
    expect(tokenizeSearchText('ＡＢＣ　カタカナ')).toEqual(['abc', 'カタ', 'タカ', 'カナ']);
  });
});

describe('layoutSearchBlocks', () => {
  it('uses large blocks for the old posts and small ones for the newest', () => {
    expect(layoutSearchBlocks(0)).toEqual([]);
    expect(layoutSearchBlocks(2_500).map((b) => [b.start, b.size])).toEqual([
      [0, 1000],
      [1000, 1000],
      [2000, 500],
    ]);
    expect(layoutSearchBlocks(21_001).map((b) => [b.start, b.size, b.buckets])).toEqual([
      [0, 10000, 64],
      [10000, 10000, 64],
      [20000, 1000, 8],
      [21000, 1, 8],
    ]);
  });
});

describe('buildSearchBlock', () => {
  it('stores gap-encoded postings with a title flag in the token’s shard', () => {
    const layout = { start: 0, size: 3, buckets: 4 };
    const docs = ['容器镜像', '前端框架', '镜像仓库'].map((title, i) => ({
      title,
      text: i === 1 ? '容器里的前端' : '',
      path: `posts/${i}/`,
      day: '2021-12-16',
      category: 'a / b / c',
    }));
    const { files, block } = buildSearchBlock(layout, docs);
    const shardName = block.postings[searchBucketOf('镜像', 4)];
    const shard = JSON.parse(files.find((file) => file.name === shardName)?.content ?? '{}') as Record<
      string,
      number[]
    >;
    // Docs 0 and 2, both in the title: (0 << 1) | 1, then gap 2 → (2 << 1) | 1.
    expect(shard['镜像']).toEqual([1, 5]);
    const containerShard = JSON.parse(
      files.find((file) => file.name === block.postings[searchBucketOf('容器', 4)])?.content ?? '{}',
    ) as Record<string, number[]>;
    expect(containerShard['容器']).toEqual([1, 2]);
    expect(block.docs).toHaveLength(1);
    expect(files.every((file) => /^search\/0-[td]\d+\.[0-9a-f]{12}\.json$/.test(file.name))).toBe(true);
  });
});
