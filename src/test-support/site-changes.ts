import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/resolve-config.js';
import { identityDigest } from '../core/item-identity.js';
import type { FeedItem } from '../core/model.js';
import type { Store } from '../store/store.js';

/*
 * What runs do to a store and a config between two site builds, as fast-check values: the
 * differential site test (src/site/differential-build.test.ts) applies a generated sequence of
 * them and compares incremental builds with clean ones. Changes name sources and stored items by
 * number, taken modulo what exists when the change is applied, so that fast-check can shrink a
 * failing sequence by dropping steps.
 */

const EDITS = ['title', 'content', 'date', 'picture', 'link', 'updated'] as const;
const SETTINGS = ['perPage', 'dedupe', 'timezone', 'feeds'] as const;

/** New items: dated the newest, on a day since the start of 2023, or undated; some copy a story. */
interface NewItem {
  date: 'newest' | number | null;
  /** Another item's link (by number, under a variant) instead of a new one: a story's copy. */
  copy: { of: number; variant: number } | null;
  picture: boolean;
}

/** One change to the store or the config. */
export type SiteChange =
  | { kind: 'add'; source: number; items: NewItem[] }
  | { kind: 'edit'; source: number; pick: number; field: (typeof EDITS)[number]; day: number }
  | { kind: 'remove'; source: number; picks: number[] }
  | { kind: 'categories'; source: number; choice: number }
  | { kind: 'toggle'; source: number }
  | { kind: 'setting'; which: (typeof SETTINGS)[number] }
  | { kind: 'seen'; source: number };

/** A step: its changes, then a build that fails halfway (at a new post's page, or at recording), then the builds compared. */
export interface SiteStep {
  changes: SiteChange[];
  failure: 'post' | 'record' | null;
}

const newItem: fc.Arbitrary<NewItem> = fc.record({
  date: fc.oneof(
    { arbitrary: fc.constant('newest' as const), weight: 13 },
    { arbitrary: fc.integer({ min: 0, max: 454 }), weight: 5 },
    { arbitrary: fc.constant(null), weight: 2 },
  ),
  copy: fc.option(fc.record({ of: fc.nat(), variant: fc.nat() }), { freq: 6 }),
  picture: fc.boolean(),
});

const source = fc.nat({ max: 3 });
const change: fc.Arbitrary<SiteChange> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('add'),
      source,
      items: fc.array(newItem, { minLength: 1, maxLength: 3 }),
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('edit'),
      source,
      pick: fc.nat(),
      // Pictures twice as often: a cover that changes is what cached covers must notice.
      field: fc.constantFrom(...EDITS, 'picture' as const),
      day: fc.integer({ min: 0, max: 454 }),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('remove'),
      source,
      picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('categories'), source, choice: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('toggle'), source }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('setting'), which: fc.constantFrom(...SETTINGS) }), weight: 1 },
  // A fetch that brings nothing new: the build after it must change nothing, and skip everything.
  { arbitrary: fc.record({ kind: fc.constant('seen'), source }), weight: 2 },
);

// New items above every post, each a story of its own: what an append build takes.
const appended: fc.Arbitrary<SiteChange> = fc.record({
  kind: fc.constant('add' as const),
  source,
  items: fc.array(
    fc.record({ date: fc.constant('newest' as const), copy: fc.constant(null), picture: fc.boolean() }),
    { minLength: 1, maxLength: 3 },
  ),
});

/** Whether the change only adds items above every post, each a story of its own. */
export function isAppend(change: SiteChange): boolean {
  return change.kind === 'add' && change.items.every((item) => item.date === 'newest' && !item.copy);
}

/**
 * Sequences of up to `steps` steps (fast-check shrinks a failing one by dropping steps); the first
 * only adds items and fails no build. `mix: 'appends'` makes most changes appends (`isAppend`),
 * with the other kinds among them.
 */
export function siteSteps(steps: number, mix: 'any' | 'appends' = 'any'): fc.Arbitrary<SiteStep[]> {
  const anyChange =
    mix === 'any' ? change : fc.oneof({ arbitrary: appended, weight: 8 }, { arbitrary: change, weight: 2 });
  const first = fc.record({
    changes: fc.array(mix === 'any' ? change.filter((entry) => entry.kind === 'add') : appended, {
      minLength: 1,
      maxLength: 3,
    }),
    failure: fc.constant(null),
  });
  const later = fc.record({
    changes: fc.array(anyChange, { minLength: 1, maxLength: 2 }),
    failure: fc.oneof(
      { arbitrary: fc.constant(null), weight: 6 },
      { arbitrary: fc.constantFrom('post' as const, 'record' as const), weight: 2 },
    ),
  });
  return fc
    .tuple(first, fc.array(later, { minLength: 1, maxLength: steps - 1, size: 'max' }))
    .map(([head, tail]) => [head, ...tail]);
}

const CATEGORY_CHOICES: ReadonlyArray<[string, string, string]> = [
  ['科技', '甲', '资讯'],
  ['科技', '乙', '最新'],
  ['财经', '丙', '资讯'],
  ['财经', '甲', 'source'],
  ['图片', '丁', '资讯'],
  // Names that clean to one folder (C, news) or to one a category folder holds (page): moving a
  // source to one of them renames the folders of another's posts.
  ['科技', 'C++', '资讯'],
  ['科技', 'C#', '资讯'],
  ['财经', 'news', 'page'],
  ['财经', 'News', '资讯'],
];

const LINK_VARIANTS = [
  (link: string) => link,
  (link: string) => link.replace('https://', 'http://'),
  (link: string) => link.replace('://', '://www.'),
  (link: string) => `${link}/`,
  (link: string) => `${link}?utm_source=rss`,
];

/** A paragraph with a picture of its own, which makes it the post's cover. */
const picture = (name: string): string => `<p><img src="https://img.example.cn/${name}.jpg"></p>`;
const dayOf = (day: number): string => new Date(Date.UTC(2023, 0, 1) + day * 86_400_000).toISOString();
const at = <T>(list: readonly T[], index: number): T | undefined => list[index % Math.max(1, list.length)];

/** The sources, settings and stores one sequence changes, and what its builds need to know of it. */
export class SiteWorld {
  readonly sources = ['feeds/a.xml', 'feeds/b.xml', 'feeds/c.xml', 'feeds/d.xml'].map((key, index) => ({
    key,
    categories: CATEGORY_CHOICES[index] as [string, string, string],
    inConfig: true,
  }));
  private perPage = 3;
  private dedupe: 'link' | 'off' = 'link';
  private timezone = 'Asia/Shanghai';
  /** The categories' feed formats (`site.feeds`): the default, or all three. */
  private categoryFeeds = '[atom]';
  config: Config;
  /** Whether the changes since `startStep` changed the config, after which a build renders every file. */
  configChanged = false;
  /** Digests of the posts the step added, whose pages its build writes if it shows them. */
  readonly added: string[] = [];
  private clock = Date.UTC(2024, 4, 1);
  private counter = 0;
  private readonly links: string[] = [];

  /** `stores[0]` is read for what exists; every change goes to all of them alike. */
  constructor(
    private readonly root: string,
    private readonly stores: readonly Store[],
    private readonly missingCover: 'placeholder' | 'fallback',
  ) {
    this.config = this.writeConfig();
  }

  /** The keys of the sources that hold items in the first store. */
  async sourcesWithItems(): Promise<Set<string>> {
    const [store] = this.stores;
    const held = await Promise.all(
      this.sources.map(async ({ key }) => [key, ((await store?.listItems(key)) ?? []).length > 0] as const),
    );
    return new Set(held.flatMap(([key, has]) => (has ? [key] : [])));
  }

  /** The key of the source a change is made to. */
  sourceKeyOf(change: SiteChange): string | undefined {
    return 'source' in change ? at(this.sources, change.source)?.key : undefined;
  }

  async registerSources(): Promise<void> {
    for (const source of this.sources) await this.register(source);
  }

  startStep(): void {
    this.configChanged = false;
    this.added.length = 0;
    this.clock += 3_600_000;
  }

  /** Stores `count` items one hour apart from the start of 2023 in the first source. */
  async addHistory(count: number): Promise<void> {
    const items = Array.from({ length: count }, (_, index) => ({
      identity: `id:old-${index}`,
      item: this.item(
        `old-${index}`,
        `https://news.example.cn/old/${index}`,
        new Date(Date.UTC(2023, 0, 1) + index * 3_600_000).toISOString(),
        false,
      ),
    }));
    await this.each((store) => store.saveItems('feeds/a.xml', items, this.seenAt()));
  }

  /** Applies a change; returns what it did, for a failure's message. */
  async apply(change: SiteChange): Promise<string> {
    const source = at(this.sources, 'source' in change ? change.source : 0)!;
    switch (change.kind) {
      case 'add': {
        const saved = change.items.map((entry) => {
          const id = String(++this.counter);
          const copied = entry.copy && at(this.links, entry.copy.of);
          const link = copied
            ? at(LINK_VARIANTS, entry.copy!.variant)!(copied)
            : `https://news.example.cn/a/${id}`;
          if (!copied) this.links.push(link);
          const date =
            entry.date === 'newest'
              ? new Date(Date.UTC(2024, 3, 1) + this.counter * 3_600_000).toISOString()
              : entry.date === null
                ? null
                : dayOf(entry.date);
          return { identity: `id:${id}`, item: this.item(id, link, date, entry.picture) };
        });
        await this.each((store) => store.saveItems(source.key, saved, this.seenAt()));
        this.added.push(...saved.map(({ identity }) => identityDigest(source.key, identity, 12)));
        return `add ${saved.map(({ identity, item }) => `${identity}@${item.published ?? 'undated'}`).join(' ')} to ${source.key}`;
      }
      case 'edit': {
        const stored = at(await this.stores[0]!.listItems(source.key), change.pick);
        if (!stored) return `edit: nothing stored in ${source.key}`;
        const edited = this.edited(stored, change.field, change.day);
        await this.each((store) =>
          store.saveItems(source.key, [{ identity: stored.identity, item: edited }], this.seenAt()),
        );
        return `edit ${stored.identity} of ${source.key} (${change.field})`;
      }
      case 'remove': {
        const items = await this.stores[0]!.listItems(source.key);
        const removed = [
          ...new Set(change.picks.map((pick) => at(items, pick)).filter((item) => item !== undefined)),
        ];
        const refs = removed.map((item) => ({ sourceKey: source.key, identity: item.identity }));
        await this.each((store) => store.removeExpiredItems(refs, this.seenAt()));
        return `remove ${refs.map((ref) => ref.identity).join(' ') || 'nothing'} from ${source.key}`;
      }
      case 'categories':
        source.categories = at(CATEGORY_CHOICES, change.choice)!;
        await this.register(source);
        this.reconfigure();
        return `categories of ${source.key} → ${source.categories.join('/')}`;
      case 'toggle': {
        // The last source in the config stays: a config names at least one.
        const last = this.sources.every((other) => other === source || !other.inConfig);
        if (source.inConfig && last) return `${source.key} stays in the config, the last one there`;
        source.inConfig = !source.inConfig;
        this.reconfigure();
        return `${source.key} ${source.inConfig ? 'in' : 'out of'} the config`;
      }
      case 'seen': {
        const items = await this.stores[0]!.listItems(source.key);
        const again = items.map((item) => ({ identity: item.identity, item }));
        await this.each((store) => store.saveItems(source.key, again, this.seenAt()));
        return `${items.length} items of ${source.key} seen again, unchanged`;
      }
      case 'setting':
        if (change.which === 'perPage') this.perPage = this.perPage === 3 ? 2 : 3;
        else if (change.which === 'dedupe') this.dedupe = this.dedupe === 'link' ? 'off' : 'link';
        else if (change.which === 'feeds')
          this.categoryFeeds = this.categoryFeeds === '[atom]' ? '[atom, rss, json]' : '[atom]';
        else this.timezone = this.timezone === 'UTC' ? 'Asia/Shanghai' : 'UTC';
        this.reconfigure();
        return `perPage ${this.perPage}, dedupe ${this.dedupe}, timezone ${this.timezone}, category feeds ${this.categoryFeeds}`;
    }
  }

  private edited(stored: FeedItem, field: (typeof EDITS)[number], day: number): FeedItem {
    const content = stored.content ?? '';
    switch (field) {
      case 'title':
        return { ...stored, title: `${stored.title ?? ''} 改` };
      case 'content':
        return { ...stored, content: `${content}<p>补充。</p>` };
      case 'date':
        return { ...stored, published: dayOf(day) };
      case 'picture':
        return {
          ...stored,
          content: content.includes('<img')
            ? content.replace(/<p><img [^>]*><\/p>/, day % 2 === 0 ? '' : picture(`${day}-new`))
            : `${content}${picture(`${day}-new`)}`,
        };
      case 'link':
        return {
          ...stored,
          link:
            day % 2 === 0 && this.links.length > 0
              ? at(this.links, day)!
              : `${stored.link ?? 'https://news.example.cn/a/x'}-moved`,
        };
      case 'updated':
        return { ...stored, updated: this.seenAt() };
    }
  }

  private item(id: string, link: string, published: string | null, withPicture: boolean): FeedItem {
    const title = `新闻 ${id}`;
    return {
      id,
      title,
      link,
      published,
      updated: null,
      author: null,
      summary: null,
      content: `<p>${title}：第 ${id} 条的正文。</p>${withPicture ? picture(id) : ''}`,
      categories: [],
      enclosures: [],
      image: null,
      baseUrl: null,
    };
  }

  private seenAt(): string {
    return new Date(this.clock).toISOString();
  }

  private async each(change: (store: Store) => Promise<unknown>): Promise<void> {
    for (const store of this.stores) await change(store);
  }

  private async register(source: SiteWorld['sources'][number]): Promise<void> {
    await this.each((store) =>
      store.registerSource({ key: source.key, location: source.key, categories: source.categories }),
    );
  }

  private reconfigure(): void {
    this.config = this.writeConfig();
    this.configChanged = true;
  }

  private writeConfig(): Config {
    const sources = this.sources
      .filter((source) => source.inConfig)
      .map(
        (source) =>
          `  - { url: "${source.key}", categories: [${source.categories.map((name) => JSON.stringify(name)).join(', ')}] }`,
      );
    const file = path.join(this.root, 'newsmill.yaml');
    writeFileSync(
      file,
      [
        `site: { title: 差分, url: "https://diff.example.cn/", perPage: ${this.perPage}, missingCover: ${this.missingCover}, feeds: { categories: ${this.categoryFeeds} } }`,
        'output: { site: site }',
        `timezone: ${this.timezone}`,
        `dedupe: { site: ${this.dedupe} }`,
        'sources:',
        ...sources,
        '',
      ].join('\n'),
    );
    return loadConfig(file, {});
  }
}
