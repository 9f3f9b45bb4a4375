import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { splitCategoryPath } from './category-path.js';
import { checkSourceUrl } from './source-url.js';
import { storeSchema } from './store-schema.js';

// zod/mini, not the classic API: the same checks and messages at a twentieth of the code, which
// every command loads and parses on start (about 25 ms). Messages in English, as classic zod gives.
z.config(en());

const httpUrl = z
  .url()
  .check(z.refine((value) => /^https?:\/\//i.test(value), { message: 'expected an http(s) URL' }));

// An RSSHub instance is an http(s) base URL, or (offline) a local folder whose files mirror the routes.
const rsshubInstance = z.string().check(
  z.minLength(1),
  z.refine((value) => !/^[a-z][a-z0-9+.-]+:/i.test(value) || httpUrl.safeParse(value).success, {
    message: 'expected an http(s) URL or a local folder path',
  }),
);

// The listed names cost a tenth of a first Intl.DateTimeFormat (about 11 ms of ICU data, paid by
// every command); other names (UTC, aliases, other spellings) are left to a formatter to accept.
let listedZones: Set<string> | null = null;

function isTimeZone(value: string): boolean {
  listedZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (listedZones.has(value)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const timeZone = z
  .string()
  .check(z.refine(isTimeZone, { message: 'expected an IANA time zone such as Asia/Shanghai' }));

const nonEmpty = (message?: string) => z.string().check(z.minLength(1, message));
const positive = () => z.number().check(z.positive());
const positiveInt = () => z.int().check(z.positive());

/** Which images go through the proxy: plain-http ones, all, none, or those on the listed hosts. */
export const proxyModeSchema = z.union(
  [
    z.enum(['http-only', 'all', 'none']),
    z.array(nonEmpty()).check(z.minLength(1, 'expected at least one host')),
  ],
  'expected one of http-only, all, none, or a list of hosts',
);

const proxySchema = z
  .strictObject({
    mode: z._default(proxyModeSchema, 'http-only'),
    /** The ancestor's worker style: `{url}` is replaced by the original image URL. */
    template: z.optional(
      z
        .string()
        .check(
          z.refine((value) => value.includes('{url}'), { message: 'expected a template containing {url}' }),
        ),
    ),
    /** newsmill's signed proxy: URLs become `<base>/i/<hmac>/<base64url(url)>`. */
    base: z.optional(httpUrl),
    /** The environment variable holding the signing secret; never the secret itself. */
    secretEnv: z._default(nonEmpty(), 'NEWSMILL_PROXY_SECRET'),
  })
  .check(
    z.refine((proxy) => !(proxy.template && proxy.base), {
      message: 'set either template or base, not both',
    }),
  );

const patternList = z.array(nonEmpty('expected a keyword or /regular expression/'));
const fieldPatterns = z.strictObject({
  title: z.optional(patternList),
  content: z.optional(patternList),
  author: z.optional(patternList),
  categories: z.optional(patternList),
  any: z.optional(patternList),
});

/** Include/exclude patterns (keywords or `/regex/flags`) per field, and an age limit. */
const filterSchema = z
  .strictObject({
    include: z.optional(fieldPatterns),
    exclude: z.optional(fieldPatterns),
    maxAgeDays: z.optional(positive()),
  })
  .check(
    z.superRefine((rules, context) => {
      for (const [kind, patterns] of [
        ['include', rules.include],
        ['exclude', rules.exclude],
      ] as const) {
        for (const [field, list] of Object.entries(patterns ?? {})) {
          for (const [index, pattern] of (list ?? []).entries()) {
            const regex = /^\/(.+)\/([dgimsuvy]*)$/s.exec(pattern);
            if (!regex) continue;
            try {
              new RegExp(regex[1] ?? '', regex[2]);
            } catch (error) {
              context.addIssue({
                code: 'custom',
                path: [kind, field, index],
                message: `not a valid regular expression: ${(error as Error).message}`,
              });
            }
          }
        }
      }
    }),
  );

const sourceUrl = nonEmpty('expected an http(s) URL, an rsshub:/route or a file path').check(
  z.superRefine((value, context) => {
    const { problem } = checkSourceUrl(value);
    if (problem !== null) context.addIssue({ code: 'custom', message: problem, input: value });
  }),
);

// `[top, source, channel]`, or `top/source/channel` split as the CLI's --categories is.
const categoryNames = z.pipe(
  z.pipe(
    z.union(
      [z.pipe(z.string(), z.transform(splitCategoryPath)), z.array(z.string())],
      'expected three categories: [top category, source, channel] or top/source/channel',
    ),
    z
      .array(z.string().check(z.trim(), z.minLength(1, 'expected a non-empty category name')))
      .check(z.length(3, 'expected three categories: [top category, source, channel]')),
  ),
  z.transform((names) => names as [string, string, string]),
);

const sourceSchema = z.strictObject({
  url: sourceUrl,
  categories: categoryNames,
  author: z.optional(nonEmpty()),
  limit: z.optional(positiveInt()),
  /** Keep the items beyond `limit` that came out since the last fetch (default: `defaults.catchUp`). */
  catchUp: z.optional(z.boolean()),
  timezone: z.optional(timeZone),
  proxy: z.optional(proxyModeSchema),
  /** `newsmill watch`: minutes between fetches of this source (default: adaptive). */
  interval: z.optional(positive()),
  /** Fetch each article page and extract the full text (Readability, or the given CSS selector). */
  fulltext: z.optional(
    z.union(
      [z.boolean(), z.strictObject({ selector: nonEmpty() })],
      'expected true, false or { selector: "CSS selector" }',
    ),
  ),
  /** This source's own filters, applied together with the global ones. */
  filters: z.optional(filterSchema),
});

const paramValue = z.pipe(
  z.union([nonEmpty(), z.number()], 'expected a text or a number'),
  z.transform(String),
);

/** RSSHub's route docs (or an instance's namespace API) and which of their routes become sources. */
export const catalogueSchema = z.strictObject({
  /** Markdown files, folders of them, namespace-API JSON files, or http(s) URLs of either or of an instance. */
  docs: z.pipe(
    z.union(
      [nonEmpty(), z.array(nonEmpty()).check(z.minLength(1))],
      'expected a file, folder or URL, or a list of them',
    ),
    z.transform((value) => (Array.isArray(value) ? value : [value])),
  ),
  /** `top/source/channel` patterns; `*` and `?` glob within one level, missing levels mean `*`. */
  select: z._default(z.array(nonEmpty()), []),
  /** Patterns removed from the selection. */
  exclude: z._default(z.array(nonEmpty()), []),
  /** Values for template parameters, keyed by the full route template such as `/juejin/category/:category`. */
  params: z._default(
    z.record(
      z.string(),
      z.record(
        z.string(),
        z.union(
          [paramValue, z.array(paramValue).check(z.minLength(1))],
          'expected a value or a list of values',
        ),
      ),
    ),
    {},
  ),
  /** Language of category names for the namespace API (`zh` or `en`); default: from `site.language`. */
  language: z.optional(z.enum(['zh', 'en'])),
});

const FETCH_DEFAULTS = {
  concurrency: 8,
  perHost: 2,
  retries: 3,
  retryDelayMs: 1000,
  backoffMinutes: 15,
  maxBackoffHours: 24,
  timeoutMs: 20_000,
  maxBytes: 20 * 1024 * 1024,
  userAgent: 'newsmill/0.1 (+https://github.com/newsmill/newsmill)',
};

const dedupeMode = z.enum(['link', 'off']);

const FEED_FORMATS = ['atom', 'rss', 'json'] as const;

// A list of feed formats, each once, in the order the pages link them (Atom, RSS, JSON Feed).
const feedFormats = z.pipe(
  z.array(z.enum(FEED_FORMATS)).check(z.minLength(1, 'expected at least one of atom, rss, json')),
  z.transform((formats) => FEED_FORMATS.filter((format) => formats.includes(format))),
);

const FEEDS_DEFAULT = { home: [...FEED_FORMATS], categories: ['atom' as const] };

/** The schema of `newsmill.yaml`. Every key is documented in the README's config reference. */
export const configSchema = z.strictObject({
  site: z._default(
    z.strictObject({
      title: z._default(nonEmpty(), 'newsmill'),
      url: z._default(httpUrl, 'http://localhost:4000/'),
      /** BCP 47 language of the site, for `<html lang>` and the search tokenizer. */
      language: z._default(z.string().check(z.minLength(2)), 'zh-CN'),
      /** Posts per page on the home and category lists. */
      perPage: z._default(positiveInt().check(z.maximum(500)), 20),
      /**
       * What the site shows for an item without a picture: a placeholder made on the page (the
       * source's initial on its colour), or `cover.fallback`'s picture, as the Hexo posts do.
       */
      missingCover: z._default(z.enum(['placeholder', 'fallback']), 'placeholder'),
      /**
       * The feed formats of the home list and of every category list. Each category's feed carries
       * its newest articles in full, so every format more copies them into another 132 files on a
       * site of four top categories: one format serves every reader.
       */
      feeds: z._default(
        z.strictObject({
          home: z._default(feedFormats, FEEDS_DEFAULT.home),
          categories: z._default(feedFormats, FEEDS_DEFAULT.categories),
        }),
        FEEDS_DEFAULT,
      ),
    }),
    {
      title: 'newsmill',
      url: 'http://localhost:4000/',
      language: 'zh-CN',
      perPage: 20,
      missingCover: 'placeholder',
      feeds: FEEDS_DEFAULT,
    },
  ),
  output: z._default(
    z.strictObject({
      hexo: z.optional(nonEmpty()),
      site: z._default(nonEmpty(), 'public'),
    }),
    { site: 'public' },
  ),
  /** The SQLite file (default), or PostgreSQL: a URL, or `{ url | urlEnv, schema }`. */
  store: storeSchema,
  /** One RSSHub instance, or several tried in order when one fails; a local folder serves routes offline. */
  rsshub: z.pipe(
    z._default(
      z.union(
        [
          rsshubInstance,
          z.array(rsshubInstance).check(z.minLength(1, 'expected at least one RSSHub instance')),
        ],
        'expected an http(s) URL or a local folder path, or a list of them',
      ),
      'https://rsshub.app',
    ),
    z.transform((value) => (Array.isArray(value) ? value : [value])),
  ),
  timezone: z._default(timeZone, 'Asia/Shanghai'),
  proxy: z._default(proxySchema, { mode: 'http-only', secretEnv: 'NEWSMILL_PROXY_SECRET' }),
  content: z._default(
    z.strictObject({
      /** Hosts whose `<iframe>` players are kept (sandboxed); every other iframe is removed. */
      iframeHosts: z.optional(z.array(nonEmpty())),
      /** The most article HTML kept of one item, in KB; longer content is cut, with a warning. */
      maxItemKB: z._default(positiveInt(), 1024),
    }),
    { maxItemKB: 1024 },
  ),
  cover: z._default(
    z.strictObject({
      fallback: z._default(nonEmpty(), 'https://picsum.photos/400/300?random={n}'),
    }),
    { fallback: 'https://picsum.photos/400/300?random={n}' },
  ),
  defaults: z._default(
    z.strictObject({ limit: z._default(positiveInt(), 15), catchUp: z._default(z.boolean(), true) }),
    { limit: 15, catchUp: true },
  ),
  fetch: z._default(
    z.strictObject({
      concurrency: z._default(positiveInt().check(z.maximum(64)), FETCH_DEFAULTS.concurrency),
      /** Fetches at once against one host; an RSSHub instance is one host. */
      perHost: z._default(positiveInt().check(z.maximum(16)), FETCH_DEFAULTS.perHost),
      /** Attempts per fetch on network errors, timeouts, 5xx and 429 (1 = no retry). */
      retries: z._default(z.int().check(z.minimum(1), z.maximum(10)), FETCH_DEFAULTS.retries),
      /** First retry delay (doubling, with jitter); `Retry-After` overrides it up to 30 s. */
      retryDelayMs: z._default(z.int().check(z.minimum(0)), FETCH_DEFAULTS.retryDelayMs),
      /** First backoff of a failing source, doubling per consecutive failure. */
      backoffMinutes: z._default(positive(), FETCH_DEFAULTS.backoffMinutes),
      /** Longest backoff of a failing source. */
      maxBackoffHours: z._default(positive(), FETCH_DEFAULTS.maxBackoffHours),
      timeoutMs: z._default(positiveInt(), FETCH_DEFAULTS.timeoutMs),
      maxBytes: z._default(positiveInt(), FETCH_DEFAULTS.maxBytes),
      userAgent: z._default(nonEmpty(), FETCH_DEFAULTS.userAgent),
    }),
    FETCH_DEFAULTS,
  ),
  /** `newsmill watch`: bounds of the adaptive interval, and the rebuild debounce. */
  watch: z._default(
    z
      .strictObject({
        minIntervalMinutes: z._default(positive(), 10),
        maxIntervalMinutes: z._default(positive(), 720),
        rebuildDelaySeconds: z._default(z.number().check(z.minimum(0)), 30),
      })
      .check(
        z.refine((w) => w.minIntervalMinutes <= w.maxIntervalMinutes, {
          message: 'minIntervalMinutes must not exceed maxIntervalMinutes',
        }),
      ),
    { minIntervalMinutes: 10, maxIntervalMinutes: 720, rebuildDelaySeconds: 30 },
  ),
  /**
   * One copy of each story: items whose links differ only in scheme, `www.`, tracking parameters or
   * AMP variants are one story, shown once (the first seen, "also in" the others). `link` or `off`
   * for both outputs, or per output; the site merges by default, the Hexo posts keep one file per item.
   */
  dedupe: z.pipe(
    z._default(
      z.union(
        [
          dedupeMode,
          z.strictObject({ site: z._default(dedupeMode, 'link'), hexo: z._default(dedupeMode, 'off') }),
        ],
        'expected link, off, or { site: link | off, hexo: link | off }',
      ),
      { site: 'link', hexo: 'off' },
    ),
    z.transform((value) => (typeof value === 'string' ? { site: value, hexo: value } : value)),
  ),
  catalogue: z.optional(catalogueSchema),
  /** Filters applied to every source's items. */
  filters: z.optional(filterSchema),
  /** How long items stay in the store (and their posts and pages on disk). */
  retention: z._default(
    z.strictObject({
      maxAgeDays: z.optional(positive()),
      maxItemsPerSource: z.optional(positiveInt()),
      // Days a source dropped from the config keeps its stored items (hidden from the site) before
      // they and its files are deleted; 0 deletes them at the next run or prune.
      removedSourceDays: z.optional(z.number().check(z.gte(0))),
    }),
    {},
  ),
  // `sources:` with nothing under it (a fresh project) reads as an empty list.
  sources: z.pipe(
    z._default(z.nullable(z.array(sourceSchema)), []),
    z.transform((list) => list ?? []),
  ),
});

/** The config as written in the file, after defaults. */
export type ConfigFile = z.infer<typeof configSchema>;
/** One `sources` entry as written. */
export type SourceEntry = z.infer<typeof sourceSchema>;
/** The `catalogue` section as written, after defaults. */
export type CatalogueSection = z.infer<typeof catalogueSchema>;
/** Include/exclude rules as written. */
export type FilterSection = z.infer<typeof filterSchema>;
/** Which images go through the proxy (defined in core/, which the content step reads; resolve-config checks the schema gives it). */
export type { ProxyMode } from '../core/image-proxy-target.js';
