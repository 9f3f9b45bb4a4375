import { z } from 'zod';

const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//i.test(value), { message: 'expected an http(s) URL' });

// An RSSHub instance is an http(s) base URL, or (offline) a local folder whose files mirror the routes.
const rsshubInstance = z
  .string()
  .min(1)
  .refine((value) => !/^[a-z][a-z0-9+.-]+:/i.test(value) || httpUrl.safeParse(value).success, {
    message: 'expected an http(s) URL or a local folder path',
  });

const timeZone = z.string().refine(
  (value) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an IANA time zone such as Asia/Shanghai' },
);

/** Which images go through the proxy: plain-http ones, all, none, or those on the listed hosts. */
export const proxyModeSchema = z.union([
  z.enum(['http-only', 'all', 'none']),
  z.array(z.string().min(1)).min(1, 'expected at least one host'),
]);

const proxySchema = z
  .object({
    mode: proxyModeSchema.default('http-only'),
    /** The ancestor's worker style: `{url}` is replaced by the original image URL. */
    template: z
      .string()
      .refine((value) => value.includes('{url}'), { message: 'expected a template containing {url}' })
      .optional(),
    /** newsmill's signed proxy: URLs become `<base>/i/<hmac>/<base64url(url)>`. */
    base: httpUrl.optional(),
    /** The environment variable holding the signing secret; never the secret itself. */
    secretEnv: z.string().min(1).default('NEWSMILL_PROXY_SECRET'),
  })
  .strict()
  .refine((proxy) => !(proxy.template && proxy.base), {
    message: 'set either template or base, not both',
  });

const patternList = z.array(z.string().min(1, 'expected a keyword or /regular expression/'));
const fieldPatterns = z
  .object({
    title: patternList.optional(),
    content: patternList.optional(),
    author: patternList.optional(),
    categories: patternList.optional(),
    any: patternList.optional(),
  })
  .strict();

/** Include/exclude patterns (keywords or `/regex/flags`) per field, and an age limit. */
const filterSchema = z
  .object({
    include: fieldPatterns.optional(),
    exclude: fieldPatterns.optional(),
    maxAgeDays: z.number().positive().optional(),
  })
  .strict()
  .superRefine((rules, context) => {
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
  });

const sourceSchema = z
  .object({
    url: z.string().min(1, 'expected an http(s) URL, an rsshub:/route or a file path'),
    categories: z
      .array(z.string().trim().min(1, 'expected a non-empty category name'))
      .length(3, 'expected three categories: [top category, source, channel]')
      .transform((names) => names as [string, string, string]),
    author: z.string().min(1).optional(),
    limit: z.number().int().positive().optional(),
    timezone: timeZone.optional(),
    proxy: proxyModeSchema.optional(),
    /** `newsmill watch`: minutes between fetches of this source (default: adaptive). */
    interval: z.number().positive().optional(),
    /** Fetch each article page and extract the full text (Readability, or the given CSS selector). */
    fulltext: z.union([z.boolean(), z.object({ selector: z.string().min(1) }).strict()]).optional(),
    /** This source's own filters, applied together with the global ones. */
    filters: filterSchema.optional(),
  })
  .strict();

const paramValue = z.union([z.string().min(1), z.number()]).transform(String);

/** RSSHub's route docs (or an instance's namespace API) and which of their routes become sources. */
export const catalogueSchema = z
  .object({
    /** Markdown files, folders of them, namespace-API JSON files, or http(s) URLs of either or of an instance. */
    docs: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .transform((value) => (Array.isArray(value) ? value : [value])),
    /** `top/source/channel` patterns; `*` and `?` glob within one level, missing levels mean `*`. */
    select: z.array(z.string().min(1)).default([]),
    /** Patterns removed from the selection. */
    exclude: z.array(z.string().min(1)).default([]),
    /** Values for template parameters, keyed by the full route template such as `/juejin/category/:category`. */
    params: z
      .record(z.string(), z.record(z.string(), z.union([paramValue, z.array(paramValue).min(1)])))
      .default({}),
    /** Language of category names for the namespace API (`zh` or `en`); default: from `site.language`. */
    language: z.enum(['zh', 'en']).optional(),
  })
  .strict();

/** The schema of `newsmill.yaml`. Every key is documented in the README's config reference. */
export const configSchema = z
  .object({
    site: z
      .object({
        title: z.string().min(1).default('newsmill'),
        url: httpUrl.default('http://localhost:4000/'),
        /** BCP 47 language of the site, for `<html lang>` and the search tokenizer. */
        language: z.string().min(2).default('zh-CN'),
        /** Posts per page on the home and category lists. */
        perPage: z.number().int().positive().max(500).default(20),
      })
      .strict()
      .default({ title: 'newsmill', url: 'http://localhost:4000/', language: 'zh-CN', perPage: 20 }),
    output: z
      .object({
        hexo: z.string().min(1).optional(),
        site: z.string().min(1).default('public'),
      })
      .strict()
      .default({ site: 'public' }),
    store: z.string().min(1).default('.newsmill/newsmill.db'),
    /** One RSSHub instance, or several tried in order when one fails; a local folder serves routes offline. */
    rsshub: z
      .union([rsshubInstance, z.array(rsshubInstance).min(1, 'expected at least one RSSHub instance')])
      .default('https://rsshub.app')
      .transform((value) => (Array.isArray(value) ? value : [value])),
    timezone: timeZone.default('Asia/Shanghai'),
    proxy: proxySchema.default({ mode: 'http-only', secretEnv: 'NEWSMILL_PROXY_SECRET' }),
    content: z
      .object({
        /** Hosts whose `<iframe>` players are kept (sandboxed); every other iframe is removed. */
        iframeHosts: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .default({}),
    cover: z
      .object({
        fallback: z.string().min(1).default('https://picsum.photos/400/300?random={n}'),
      })
      .strict()
      .default({ fallback: 'https://picsum.photos/400/300?random={n}' }),
    defaults: z
      .object({
        limit: z.number().int().positive().default(15),
      })
      .strict()
      .default({ limit: 15 }),
    fetch: z
      .object({
        concurrency: z.number().int().positive().max(64).default(8),
        /** Fetches at once against one host; an RSSHub instance is one host. */
        perHost: z.number().int().positive().max(16).default(2),
        /** Attempts per fetch on network errors, timeouts, 5xx and 429 (1 = no retry). */
        retries: z.number().int().min(1).max(10).default(3),
        /** First retry delay (doubling, with jitter); `Retry-After` overrides it up to 30 s. */
        retryDelayMs: z.number().int().min(0).default(1000),
        /** First backoff of a failing source, doubling per consecutive failure. */
        backoffMinutes: z.number().positive().default(15),
        /** Longest backoff of a failing source. */
        maxBackoffHours: z.number().positive().default(24),
        timeoutMs: z.number().int().positive().default(20_000),
        maxBytes: z
          .number()
          .int()
          .positive()
          .default(20 * 1024 * 1024),
        userAgent: z.string().min(1).default('newsmill/0.1 (+https://github.com/newsmill/newsmill)'),
      })
      .strict()
      .default({
        concurrency: 8,
        perHost: 2,
        retries: 3,
        retryDelayMs: 1000,
        backoffMinutes: 15,
        maxBackoffHours: 24,
        timeoutMs: 20_000,
        maxBytes: 20 * 1024 * 1024,
        userAgent: 'newsmill/0.1 (+https://github.com/newsmill/newsmill)',
      }),
    /** `newsmill watch`: bounds of the adaptive interval, and the rebuild debounce. */
    watch: z
      .object({
        minIntervalMinutes: z.number().positive().default(10),
        maxIntervalMinutes: z.number().positive().default(720),
        rebuildDelaySeconds: z.number().min(0).default(30),
      })
      .strict()
      .refine((w) => w.minIntervalMinutes <= w.maxIntervalMinutes, {
        message: 'minIntervalMinutes must not exceed maxIntervalMinutes',
      })
      .default({ minIntervalMinutes: 10, maxIntervalMinutes: 720, rebuildDelaySeconds: 30 }),
    catalogue: catalogueSchema.optional(),
    /** Filters applied to every source's items. */
    filters: filterSchema.optional(),
    /** How long items stay in the store (and their posts and pages on disk). */
    retention: z
      .object({
        maxAgeDays: z.number().positive().optional(),
        maxItemsPerSource: z.number().int().positive().optional(),
      })
      .strict()
      .default({}),
    // `sources:` with nothing under it (a fresh project) reads as an empty list.
    sources: z
      .array(sourceSchema)
      .nullable()
      .default([])
      .transform((list) => list ?? []),
  })
  .strict();

/** The config as written in the file, after defaults. */
export type ConfigFile = z.infer<typeof configSchema>;
/** One `sources` entry as written. */
export type SourceEntry = z.infer<typeof sourceSchema>;
/** The `catalogue` section as written, after defaults. */
export type CatalogueSection = z.infer<typeof catalogueSchema>;
/** Include/exclude rules as written. */
export type FilterSection = z.infer<typeof filterSchema>;
/** Which images go through the proxy. */
export type ProxyMode = z.infer<typeof proxyModeSchema>;
