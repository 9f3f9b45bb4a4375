import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContentPool } from './content-pool.js';
import { createPostContent } from './post-content.js';
import { NO_RECORDS } from './post-records.js';
import { createSitePosts, type SitePost } from './site-posts.js';
import { prepareDemoStore, type DemoStore } from '../test-support/demo-build.js';

let demo: DemoStore;
let posts: SitePost[] = [];

beforeAll(async () => {
  demo = await prepareDemoStore();
  posts = createSitePosts(await demo.store.listItemHeaders(), await demo.store.listSources(), new Map());
});
afterAll(async () => {
  await demo.dispose();
});

describe('post content', () => {
  it('says when a post’s article is loaded, so its page renders before the others are', async () => {
    const pool = createContentPool();
    const content = createPostContent(demo.config, demo.store, NO_RECORDS, pool);
    try {
      const [first, second] = posts as [SitePost, SitePost];
      expect(content.whenLoaded([first])).toBeUndefined();
      const loading = content.load([second], [first]);
      const waiting = content.whenLoaded([first, second]);
      expect(waiting).toBeInstanceOf(Promise);
      await waiting;
      expect(content.get(first).html.length).toBeGreaterThan(0);
      expect(content.text(second, 10).length).toBeGreaterThan(0);
      expect(content.whenLoaded([first, second])).toBeUndefined();
      await loading;
    } finally {
      await pool.close();
    }
  });

  it('reads sealed articles without their bodies, and stops trying once none is sealed with its secret', async () => {
    const pool = createContentPool();
    const counted = (secret?: string) => {
      const reads = { withoutBodies: 0, whole: 0 };
      const store = Object.create(demo.store) as typeof demo.store;
      store.getItems = (refs) => ((reads.whole += refs.length), demo.store.getItems(refs));
      store.getItemsWithoutBodies = (refs) => (
        (reads.withoutBodies += refs.length),
        demo.store.getItemsWithoutBodies(refs)
      );
      const config = secret === undefined ? demo.config : { ...demo.config, seal: { secret, file: null } };
      return { reads, content: createPostContent(config, store, NO_RECORDS, pool) };
    };
    try {
      const [first, second] = posts as [SitePost, SitePost];
      const sealed = counted();
      await sealed.content.load([], [first]);
      await sealed.content.load([], [second]);
      expect(sealed.reads).toEqual({ withoutBodies: 2, whole: 0 });
      // Sealed with the seal file's secret, not this one (as under a secret that lasts one run).
      const other = counted('another-secret-that-is-long-enough');
      await other.content.load([], [first]);
      await other.content.load([], [second]);
      expect(other.reads).toEqual({ withoutBodies: 1, whole: 2 });
      expect(other.content.get(second)).toEqual(sealed.content.get(second));
    } finally {
      await pool.close();
    }
  });

  it('fails the posts waiting on a load that failed, instead of leaving them hanging', async () => {
    const pool = createContentPool();
    // Error injection: the store cannot read articles.
    const store = Object.create(demo.store) as typeof demo.store;
    store.getItems = () => Promise.reject(new Error('disk gone'));
    store.getItemsWithoutBodies = () => Promise.reject(new Error('disk gone'));
    const content = createPostContent(demo.config, store, NO_RECORDS, pool);
    try {
      const loading = content.load([], posts);
      // Both name what failed, with the store's error as the cause.
      const failed = { name: 'ArticleLoadError', cause: expect.objectContaining({ message: 'disk gone' }) };
      await expect(content.whenLoaded(posts.slice(-1))).rejects.toMatchObject(failed);
      await expect(loading).rejects.toMatchObject(failed);
    } finally {
      await pool.close();
    }
  });

  it('records the cover it cleaned over a cached one, also once the article is released', async () => {
    const pool = createContentPool();
    const [post] = posts as [SitePost];
    // Recorded under a page key: the fingerprint and the neighbours' (a cover does not depend on them).
    const pageKey = `${post.fingerprint}>a>b`;
    const records = new Map([[post.digest, [pageKey, 'https://stale.example/c.jpg'] as const]]);
    const stale = { get: (digest: string) => records.get(digest), settled: () => false };
    const content = createPostContent(demo.config, demo.store, stale, pool);
    try {
      expect(content.coverRecord(post, pageKey)).toEqual([pageKey, 'https://stale.example/c.jpg']);
      expect(content.needsCleaning(post)).toBe(false);
      expect(content.coverRecord(post, `${post.fingerprint}>c>b`)).toEqual([
        `${post.fingerprint}>c>b`,
        'https://stale.example/c.jpg',
      ]);
      await content.load([], [post]);
      const cleaned = content.get(post).cover;
      expect(cleaned).not.toBe('https://stale.example/c.jpg');
      content.release(post);
      expect(content.coverRecord(post, pageKey)).toEqual([pageKey, cleaned]);
    } finally {
      await pool.close();
    }
  });
});
