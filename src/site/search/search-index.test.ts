import { describe, expect, it } from 'vitest';
import { buildSearchBlock, layoutSearchBlocks, postsOfOpenBlock } from './search-index.js';
import { categoryToken, searchBucketOf, tokenizeSearchText } from './search-tokens.js';

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
      top: 'a',
      snippet: '',
      cover: null,
      tone: 0,
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

  it('indexes each post under its top category, and keeps what a result shows in the documents', () => {
    const layout = { start: 0, size: 2, buckets: 4 };
    const doc = (title: string, top: string, cover: string | null) => ({
      title,
      text: '正文',
      path: `posts/${title}.html`,
      day: '2021-12-16',
      category: `${top} / 源 / 频道`,
      top,
      snippet: `${title}的开头`,
      cover,
      tone: 5,
    });
    const docs = [doc('甲', 'Ｔech', null), doc('乙', '编程', 'https://img.example.cn/a.jpg')];
    const { files, block } = buildSearchBlock(layout, docs);
    const shardOf = (token: string): Record<string, number[]> =>
      JSON.parse(
        files.find((file) => file.name === block.postings[searchBucketOf(token, 4)])?.content ?? '{}',
      );
    // Normalized as a query is: the full-width Ｔ reads as t.
    expect(categoryToken('Ｔech')).toBe('#tech');
    expect(shardOf('#tech')['#tech']).toEqual([0]);
    expect(shardOf('#编程')['#编程']).toEqual([2]);
    // No query token can be a category's: the tokenizer keeps letters and digits only.
    expect(tokenizeSearchText('#tech #编程')).toEqual(['tech', '编程']);
    const chunk = JSON.parse(files.find((file) => file.name === block.docs[0])?.content ?? '[]');
    expect(chunk[1]).toEqual([
      '乙',
      'posts/乙.html',
      '2021-12-16',
      '编程 / 源 / 频道',
      '乙的开头',
      'https://img.example.cn/a.jpg',
      5,
    ]);
  });
});

describe('postsOfOpenBlock', () => {
  it('counts the older posts an appended post makes the index build again, none when the newest block is full', () => {
    for (const count of [0, 1, 999, 1_000, 1_001, 9_999, 10_000, 10_300, 25_999, 26_000]) {
      const before = new Set(layoutSearchBlocks(count).map((block) => `${block.start}/${block.size}`));
      const rebuilt = layoutSearchBlocks(count + 1).filter(
        (block) => !before.has(`${block.start}/${block.size}`),
      );
      // A block that fills a large one is built from 10,000 posts: an append leaves it to a full build.
      if (rebuilt.some((block) => block.size === 10_000)) continue;
      const older = rebuilt.reduce(
        (sum, block) => sum + Math.max(0, Math.min(count, block.start + block.size) - block.start),
        0,
      );
      expect(postsOfOpenBlock(count)).toBe(older);
    }
  });
});
