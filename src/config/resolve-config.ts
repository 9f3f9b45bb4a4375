import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../core/errors.js';
import type { StoreTarget } from '../core/store-target.js';
import type { ProxyTarget } from '../core/image-proxy-target.js';
import { limitCategoryName, MAX_NAME_BYTES } from '../core/name-length.js';
import type { Catalogue } from './catalogue-entry.js';
import { selectCatalogueRoutes } from './catalogue-selection.js';
import { resolveStoreTarget } from './resolve-store.js';
import type { ConfigFile, FilterSection, ProxyMode, SourceEntry } from './schema.js';

/** Where images are sent when they are proxied (defined in core/, which the content step reads). */
export type { ProxyTarget } from '../core/image-proxy-target.js';

/** One source, ready for the pipeline: location resolved, per-source defaults applied. */
export interface SourceConfig {
  /** Stable identity of the source in the store: the `url` exactly as written in the config. */
  key: string;
  /** Absolute http(s) URL or absolute file path to fetch. */
  location: string;
  /** Further locations tried in order when `location` fails (the other RSSHub instances). */
  mirrors: string[];
  /** What the per-host limit counts this source against: its URL's host, or `file` for local files. */
  host: string;
  /** `[top category, source, channel]`, as in RSSHub's docs. */
  categories: [string, string, string];
  /** The post author: the override, else the source name. */
  author: string;
  /** How many items of each fetch are kept, counted from the top of the feed. */
  limit: number;
  /**
   * Whether a fetch also keeps the items beyond `limit` that came out since the source's last
   * fetch (`catchUpItems`), so that a busy feed loses none between two fetches.
   */
  catchUp: boolean;
  /** IANA zone for feed dates without an offset. */
  timezone: string;
  /** Which images of this source are proxied. */
  proxyMode: ProxyMode;
  /** Minutes between fetches in `newsmill watch`, or null for adaptive. */
  intervalMinutes: number | null;
  /** Full-text extraction: null for none; `selector` null means Readability. */
  fullText: { selector: string | null } | null;
  /** The source's own filters (the global ones apply too). */
  filters: FilterSection | null;
}

/** The validated configuration with every path made absolute and secrets read from the environment. */
export interface Config {
  /** Absolute path of the config file. */
  file: string;
  site: ConfigFile['site'];
  output: { hexo: string | null; site: string };
  /** The store to open: the SQLite file (absolute), or the PostgreSQL URL and schema. */
  store: StoreTarget;
  /** RSSHub instances, tried in order: base URLs, or absolute paths of local route folders. */
  rsshub: string[];
  timezone: string;
  proxy: { mode: ProxyMode; target: ProxyTarget | null };
  /**
   * Where the secret that seals stored cleanings comes from (`storedCleaningKey`): the environment's
   * NEWSMILL_SEAL_SECRET, else a file beside a SQLite store that ingest creates.
   */
  seal: { secret: string | null; file: string | null };
  cover: ConfigFile['cover'];
  content: ConfigFile['content'];
  fetch: ConfigFile['fetch'];
  watch: ConfigFile['watch'];
  /** Which outputs show one copy of each story (`link`) rather than one per item (`off`). */
  dedupe: ConfigFile['dedupe'];
  /** Filters applied to every source. */
  filters: FilterSection | null;
  /**
   * Retention limits; null fields mean no limit. `removedSourceDays`: how long a source dropped from
   * the config keeps its stored items before they and its files are deleted (0: at the next run).
   */
  retention: { maxAgeDays: number | null; maxItemsPerSource: number | null; removedSourceDays: number };
  /** Hand-written sources first, then the routes selected from the catalogue. */
  sources: SourceConfig[];
  /**
   * `catalogue.select` patterns that matched no route. A pattern that stops matching is often a
   * rename in the catalogue, not the user's choice, so sources it selected are not purged meanwhile.
   */
  unmatchedSelections: string[];
  /** Problems that do not stop loading (a selected route needs instance config, a pattern matches nothing…); the CLI prints them. */
  warnings: string[];
}

/**
 * Turns a schema-valid config into the runtime Config; paths resolve against the config file's folder.
 * `catalogue` is the already-read `catalogue.docs`, when the config has a catalogue section.
 */
export function resolveConfig(
  parsed: ConfigFile,
  file: string,
  env: Record<string, string | undefined>,
  catalogue?: Catalogue,
): Config {
  const dir = path.dirname(file);
  const instances = parsed.rsshub.map((instance) =>
    isHttp(instance) ? instance : path.resolve(dir, instance),
  );
  const resolved = { ...parsed, rsshub: instances };
  const warnings = [...(catalogue?.warnings ?? [])];
  const unmatchedSelections: string[] = [];
  const sources = parsed.sources.map((entry) => resolveSource(entry, resolved, dir, warnings));
  const duplicate = sources.find((source, index) => sources.findIndex((s) => s.key === source.key) !== index);
  if (duplicate) throw new ConfigError(`${file}: sources: "${duplicate.key}" is listed twice`);
  if (parsed.catalogue && catalogue) {
    const selection = selectCatalogueRoutes(catalogue.entries, parsed.catalogue);
    warnings.push(...selection.warnings);
    unmatchedSelections.push(...selection.unmatched);
    // Hand-written sources win over selected routes with the same url or the same resolved location.
    const taken = new Set(sources.flatMap((source) => [source.key, source.location]));
    for (const route of selection.routes) {
      const entry = { url: route.url, categories: route.categories };
      const source = resolveSource(entry, resolved, dir, warnings);
      if (taken.has(source.key) || taken.has(source.location)) continue;
      taken.add(source.key).add(source.location);
      sources.push(source);
    }
  }
  const store = resolveStoreTarget(parsed.store, file, env, warnings);
  return {
    file,
    // Percent-encoded once here (`/新闻/` → `/%E6%96%B0%E9%97%BB/`), so absolute URLs in feeds and
    // the sitemap are encoded alike in their base and in their category paths.
    site: { ...parsed.site, url: new URL(parsed.site.url).href },
    output: {
      hexo: parsed.output.hexo === undefined ? null : path.resolve(dir, parsed.output.hexo),
      site: path.resolve(dir, parsed.output.site),
    },
    store,
    rsshub: instances,
    timezone: parsed.timezone,
    proxy: { mode: parsed.proxy.mode, target: resolveProxyTarget(parsed.proxy, file, env) },
    seal: resolveSeal(store, file, env),
    cover: parsed.cover,
    content: parsed.content,
    fetch: parsed.fetch,
    watch: parsed.watch,
    dedupe: parsed.dedupe,
    filters: parsed.filters ?? null,
    retention: {
      maxAgeDays: parsed.retention.maxAgeDays ?? null,
      maxItemsPerSource: parsed.retention.maxItemsPerSource ?? null,
      removedSourceDays: parsed.retention.removedSourceDays ?? 0,
    },
    sources,
    unmatchedSelections,
    warnings,
  };
}

function resolveProxyTarget(
  proxy: ConfigFile['proxy'],
  file: string,
  env: Record<string, string | undefined>,
): ProxyTarget | null {
  if (proxy.template) return { kind: 'template', template: proxy.template };
  if (!proxy.base) return null;
  const secret = env[proxy.secretEnv];
  if (!secret) {
    throw new ConfigError(
      `${file}: proxy.base is set, so the signing secret must be in the environment variable ${proxy.secretEnv}; it is empty`,
    );
  }
  return { kind: 'signed', base: proxy.base, secret };
}

// An HMAC key this short could be guessed from the seals it made.
const MIN_SEAL_SECRET = 32;

function resolveSeal(
  store: StoreTarget,
  file: string,
  env: Record<string, string | undefined>,
): Config['seal'] {
  const secret = env.NEWSMILL_SEAL_SECRET || null;
  if (secret !== null && secret.length < MIN_SEAL_SECRET)
    throw new ConfigError(
      `${file}: NEWSMILL_SEAL_SECRET must be at least ${MIN_SEAL_SECRET} characters long (it has ${secret.length})`,
    );
  return { secret, file: store.kind === 'sqlite' ? `${store.path}.seal` : null };
}

function resolveSource(
  entry: SourceEntry,
  parsed: ConfigFile,
  dir: string,
  warnings: string[],
): SourceConfig {
  const [location = '', ...mirrors] = parsed.rsshub.map((instance) =>
    resolveSourceLocation(entry.url, instance, dir),
  );
  const categories = limitCategoryNames(entry, warnings);
  return {
    key: entry.url,
    location,
    mirrors: mirrors.filter((mirror) => mirror !== location),
    host: hostOf(location),
    categories,
    author: entry.author ?? categories[1],
    limit: entry.limit ?? parsed.defaults.limit,
    catchUp: entry.catchUp ?? parsed.defaults.catchUp,
    timezone: entry.timezone ?? parsed.timezone,
    proxyMode: entry.proxy ?? parsed.proxy.mode,
    intervalMinutes: entry.interval ?? null,
    fullText:
      entry.fulltext === undefined || entry.fulltext === false
        ? null
        : { selector: entry.fulltext === true ? null : entry.fulltext.selector },
    filters: entry.filters ?? null,
  };
}

/**
 * Cuts category names to what every file system takes as a folder name: the post folders and the
 * site's category folders are made from them, and so are Hexo's own (from the front matter), so the
 * one cut here holds for all of them. Feed titles, OPML outlines and catalogue pages are all read
 * into the config, so this is the one place every category passes.
 */
function limitCategoryNames(entry: SourceEntry, warnings: string[]): [string, string, string] {
  const limited = entry.categories.map((name) => {
    const cut = limitCategoryName(name);
    if (cut !== name) {
      warnings.push(
        `source "${entry.url}": category "${cut}…" is ${Buffer.byteLength(name)} bytes long; it is cut to ${MAX_NAME_BYTES} bytes, the longest folder name newsmill writes`,
      );
    }
    return cut;
  });
  return limited as [string, string, string];
}

/** What per-host limits count a location against: its URL's host, or `file` for local files. */
export function hostOf(location: string): string {
  return isHttp(location) ? new URL(location).host.toLowerCase() : 'file';
}

function isHttp(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

// Offline RSSHub: a folder where `/zaker/channel/1` is the file `zaker/channel/1.xml` (or .json, .atom).
const ROUTE_FILE_EXTENSIONS = ['.xml', '.json', '.atom'];

/**
 * Expands `rsshub:/route` against the RSSHub base (an http(s) URL, or a local folder where the route is
 * a file: the first of `<route>.xml`, `.json`, `.atom` that exists) and makes file paths absolute; URLs pass through.
 */
export function resolveSourceLocation(url: string, rsshub: string, dir: string): string {
  if (isHttp(url)) return url;
  if (/^file:\/\//i.test(url)) return url;
  const route = /^rsshub:(.*)$/i.exec(url)?.[1];
  if (route !== undefined) {
    const normalizedRoute = route.startsWith('/') ? route : `/${route}`;
    if (isHttp(rsshub)) return rsshub.replace(/\/+$/, '') + normalizedRoute;
    const base = path.join(
      path.resolve(dir, rsshub),
      normalizedRoute.replace(/[?#].*$/, '').replace(/\/+$/, ''),
    );
    const candidates = ROUTE_FILE_EXTENSIONS.map((extension) => base + extension);
    return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0] ?? base;
  }
  return path.resolve(dir, url);
}
