/**
 * Keeps only the facts a catalogue needs from RSSHub's namespace data: names (both languages),
 * url, categories, and per route its name, example, parameters (shortened) and the flags that are
 * set. Descriptions, maintainers, radar rules and handlers are dropped: newsmill never shows them,
 * and they are most of the bytes (and of the authors' creative text, which is not ours to copy).
 */
import { isRecord, type RawNamespace, type RawRoute } from './generate-catalogue-extract.js';
import type { Literal } from './generate-catalogue-literal.js';

/** A catalogue namespace as written to the bundled file (the `/api/namespace` shape, minus what is not needed). */
export interface CompactNamespace {
  name: string;
  zh?: { name: string };
  url?: string;
  categories?: string[];
  routes: Record<string, CompactRoute>;
}

/** A catalogue route; its key is its path, `categories` is left out when it equals the namespace's. */
export interface CompactRoute {
  name: string;
  zh?: { name: string };
  example?: string;
  categories?: string[];
  parameters?: Record<string, string>;
  features?: Record<string, true>;
}

/** Parameter descriptions longer than this are cut: the catalogue lists them, the docs explain them. */
export const PARAMETER_MAX_CHARS = 80;

// The flags that tell whether a route can work on a given instance (and nsfw, whether to want it); the
// others (supportRadar, supportBT…) describe what RSSHub does with it.
const FLAGS = ['requireConfig', 'requirePuppeteer', 'antiCrawler', 'nsfw'] as const;

/** Compacts every namespace that has at least one route, in key order; returns them and how many routes they hold. */
export function compactNamespaces(namespaces: Record<string, RawNamespace>): {
  namespaces: Record<string, CompactNamespace>;
  routes: number;
} {
  const out: Record<string, CompactNamespace> = {};
  let routes = 0;
  for (const key of Object.keys(namespaces).sort()) {
    const raw = namespaces[key];
    if (!raw || Object.keys(raw.routes).length === 0) continue;
    const categories = stringList(raw.categories);
    const compact: CompactNamespace = { name: text(raw.name) || key, routes: {} };
    const zhName = isRecord(raw.zh) ? text(raw.zh.name) : '';
    if (zhName && zhName !== compact.name) compact.zh = { name: zhName };
    if (text(raw.url)) compact.url = text(raw.url);
    if (categories.length > 0) compact.categories = categories;
    for (const path of Object.keys(raw.routes)) {
      const route = raw.routes[path];
      if (route) compact.routes[path] = compactRoute(route, categories);
    }
    routes += Object.keys(compact.routes).length;
    out[key] = compact;
  }
  return { namespaces: out, routes };
}

function compactRoute(route: RawRoute, namespaceCategories: string[]): CompactRoute {
  const out: CompactRoute = { name: text(route.name) };
  const zhName = isRecord(route.zh) ? text(route.zh.name) : '';
  if (zhName && zhName !== out.name) out.zh = { name: zhName };
  if (text(route.example)) out.example = text(route.example);
  const categories = stringList(route.categories);
  if (categories.length > 0 && categories.join() !== namespaceCategories.join()) out.categories = categories;
  const parameters = compactParameters(route.parameters);
  if (parameters) out.parameters = parameters;
  const features = isRecord(route.features) ? route.features : {};
  const flags: Record<string, true> = {};
  for (const flag of FLAGS) {
    const value = features[flag];
    // requireConfig is `false` or the list of settings the instance needs.
    if (value === true || (Array.isArray(value) && value.length > 0)) flags[flag] = true;
  }
  if (Object.keys(flags).length > 0) out.features = flags;
  return out;
}

function compactParameters(value: Literal | undefined): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [name, parameter] of Object.entries(value)) {
    const description =
      typeof parameter === 'string' ? parameter : isRecord(parameter) ? parameter.description : '';
    out[name] = shorten(typeof description === 'string' ? description : '');
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Collapses whitespace and cuts to PARAMETER_MAX_CHARS code points, marking the cut with `…`. */
export function shorten(description: string): string {
  const flat = description.replace(/\s+/g, ' ').trim();
  const points = [...flat];
  return points.length <= PARAMETER_MAX_CHARS
    ? flat
    : `${points.slice(0, PARAMETER_MAX_CHARS - 1).join('')}…`;
}

function text(value: Literal | Record<string, RawRoute> | undefined): string {
  return typeof value === 'string' ? value.trim() : '';
}

function stringList(value: Literal | Record<string, RawRoute> | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
