import type { Catalogue, CatalogueEntry } from './catalogue-entry.js';
import { readRouteTag, RouteTagError } from './route-tag.js';

/** The page being read, for warnings and for routes that appear before any heading. */
export interface CatalogueMarkdownOptions {
  /** Shown in warnings, e.g. the file name. */
  name: string;
}

const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;

/**
 * Reads one page of RSSHub's route docs: `#` is the top category, `##` the source, `###` the channel,
 * and every `<Route>` (or v1's English `<RouteEn>`) below them is a route, in either the v1 attribute
 * form or the v2 JSON form. Fenced code and HTML comments are skipped: a `#` there is no heading.
 */
export function parseCatalogueMarkdown(text: string, options: CatalogueMarkdownOptions): Catalogue {
  const entries: CatalogueEntry[] = [];
  const warnings: string[] = [];
  const heads = { category: '', source: '', channel: '' };
  let fence: string | null = null;
  let pos = skipFrontMatter(text);
  while (pos < text.length) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(pos, lineEnd);
    const atLineStart = pos === 0 || text[pos - 1] === '\n';
    const fenceMatch = atLineStart ? FENCE.exec(line) : null;
    if (fenceMatch?.[1]) {
      const marker = fenceMatch[1];
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      pos = lineEnd + 1;
      continue;
    }
    if (fence !== null) {
      pos = lineEnd + 1;
      continue;
    }
    const heading = atLineStart ? HEADING.exec(line) : null;
    if (heading) {
      setHeading(heads, heading[1]?.length ?? 0, cleanHeading(heading[2] ?? ''));
      pos = lineEnd + 1;
      continue;
    }
    const tagAt = findTag(line);
    if (tagAt === null) {
      pos = lineEnd + 1;
      continue;
    }
    if (tagAt.comment) {
      const close = text.indexOf('-->', pos + tagAt.index);
      pos = close < 0 ? text.length : close + 3;
      continue;
    }
    try {
      const tag = readRouteTag(text, pos + tagAt.index);
      const entry = toEntry(tag.attributes, heads, options.name);
      if (typeof entry === 'string') warnings.push(`${options.name}: ${entry}`);
      else entries.push(entry);
      pos = tag.end;
    } catch (error) {
      if (!(error instanceof RouteTagError)) throw error;
      warnings.push(
        `${options.name}: ${error.message} (under "${heads.source}"); the rest of the page is skipped`,
      );
      break;
    }
  }
  return { entries, warnings };
}

function skipFrontMatter(text: string): number {
  if (!/^---\r?\n/.test(text)) return 0;
  const close = /\n---[ \t]*(\r?\n|$)/.exec(text.slice(3));
  return close ? 3 + close.index + close[0].length : 0;
}

function setHeading(
  heads: { category: string; source: string; channel: string },
  level: number,
  text: string,
): void {
  if (level === 1) Object.assign(heads, { category: text, source: '', channel: '' });
  else if (level === 2) Object.assign(heads, { source: text, channel: '' });
  else if (level === 3) heads.channel = text;
}

// A `<Route>` inside an inline code span (an odd number of backticks before it) is prose about the tag.
function findTag(line: string): { index: number; comment: boolean } | null {
  const comment = line.indexOf('<!--');
  for (const match of line.matchAll(/<Route(?:En)?(?=[\s/>])/g)) {
    if (comment >= 0 && comment < match.index) break;
    const ticks = line.slice(0, match.index).split('`').length - 1;
    if (ticks % 2 === 0) return { index: match.index, comment: false };
  }
  return comment >= 0 ? { index: comment, comment: true } : null;
}

// Emoji (with their variation selectors, joiners and keycaps), flags and other symbols before the name.
const LEADING_SYMBOLS =
  /^(?:[\s\p{Extended_Pictographic}\p{S}\p{Regional_Indicator}]|\uFE0E|\uFE0F|\u200D|\u20E3)+/u;

/**
 * Cleans a heading the way a reader sees it: inline components (`<Site …/>`, `<Badge>…</Badge>`),
 * tags, links and `{#anchor}` ids go, then leading emoji and symbols, then runs of whitespace.
 */
export function cleanHeading(raw: string): string {
  return raw
    .replace(/<([A-Z][\w-]*)\b[^>]*?(?<!\/)>[\s\S]*?<\/\1\s*>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\{#[^}]*\}\s*$/, '')
    .replace(LEADING_SYMBOLS, '')
    .replace(/\s+/g, ' ')
    .trim();
}

type Heads = { category: string; source: string; channel: string };

function toEntry(attributes: Map<string, string>, heads: Heads, page: string): CatalogueEntry | string {
  const data = attributes.get(':data') ?? attributes.get('data');
  return data === undefined
    ? fromAttributes(attributes, heads, page)
    : fromJson(data, attributes, heads, page);
}

// RSSHub v1: `path` and `example` already start with the namespace (`/zaker/:type/:id`).
function fromAttributes(
  attributes: Map<string, string>,
  heads: Heads,
  page: string,
): CatalogueEntry | string {
  const get = (name: string): string | undefined => {
    for (const [key, value] of attributes) if (key.replace(/^:/, '').toLowerCase() === name) return value;
    return undefined;
  };
  const example = get('example')?.trim() || null;
  const template = get('path')?.trim() || example;
  if (!template) return `a <Route> under "${heads.source || page}" has neither path nor example; skipped`;
  const flag = (name: string): boolean => {
    const value = get(name);
    return value !== undefined && value !== '0' && value !== 'false';
  };
  return {
    ...names(heads, get('name'), template, page),
    route: example ? withSlash(example) : null,
    path: withSlash(template),
    requiresConfig: flag('selfhost') || flag('requireconfig'),
    requiresPuppeteer: flag('supportpuppeteer') || flag('puppeteer'),
    antiCrawler: flag('anticrawler'),
  };
}

// RSSHub v2: `:data` is the route's JSON; its `path` is relative to the `namespace` attribute.
function fromJson(
  json: string,
  attributes: Map<string, string>,
  heads: Heads,
  page: string,
): CatalogueEntry | string {
  let data: RouteData;
  try {
    data = JSON.parse(json) as RouteData;
  } catch {
    return `a <Route> under "${heads.source || page}" has :data that is not JSON; skipped`;
  }
  const namespace = attributes.get('namespace') ?? '';
  const relative = Array.isArray(data.path) ? data.path[0] : data.path;
  if (typeof relative !== 'string') return `a <Route> under "${heads.source || page}" has no path; skipped`;
  const template = joinRoute(namespace, relative);
  return {
    ...names(heads, data.name, template, page),
    route: typeof data.example === 'string' && data.example.trim() ? withSlash(data.example.trim()) : null,
    ...routeFeatures(data.features),
    path: template,
  };
}

/** The route fields of RSSHub v2 that the catalogue reads (docs `:data` and the namespace API alike). */
export interface RouteData {
  path?: string | string[];
  name?: string;
  example?: string;
  categories?: string[];
  features?: { requireConfig?: boolean | unknown[]; requirePuppeteer?: boolean; antiCrawler?: boolean };
}

/** The three feature flags of a v2 route; `requireConfig` is `false` or a list of `{name, description}`. */
export function routeFeatures(
  features: RouteData['features'],
): Pick<CatalogueEntry, 'requiresConfig' | 'requiresPuppeteer' | 'antiCrawler'> {
  const config = features?.requireConfig;
  return {
    requiresConfig: Array.isArray(config) ? config.length > 0 : config === true,
    requiresPuppeteer: features?.requirePuppeteer === true,
    antiCrawler: features?.antiCrawler === true,
  };
}

/** `/<namespace><path>`, with exactly one slash between them. */
export function joinRoute(namespace: string, relative: string): string {
  const ns = namespace.replace(/^\/+|\/+$/g, '');
  const rest = relative.replace(/^\/+/, '');
  return `/${[ns, rest].filter(Boolean).join('/')}`;
}

function withSlash(route: string): string {
  return route.startsWith('/') ? route : `/${route}`;
}

// Routes above any heading still need three names: the page stands in for the category, the route for the rest.
function names(
  heads: Heads,
  name: string | undefined,
  template: string,
  page: string,
): Pick<CatalogueEntry, 'category' | 'source' | 'channel'> {
  const fallbackSource = template.split('/')[1] ?? template;
  return {
    category: heads.category || page,
    source: heads.source || fallbackSource,
    channel: heads.channel || cleanHeading(name ?? '') || template,
  };
}
