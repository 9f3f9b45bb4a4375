import {
  categoryDisplayName,
  type Catalogue,
  type CatalogueEntry,
  type CatalogueLanguage,
} from './catalogue-entry.js';
import { joinRoute, routeFeatures, type RouteData } from './catalogue-markdown.js';

interface NamespaceData {
  name?: string;
  /** The Chinese name, when the namespace's own name is in another language. */
  zh?: { name?: string };
  categories?: string[];
  routes?: Record<string, RouteData & { zh?: { name?: string } }>;
}

/**
 * The entry a generated catalogue (scripts/generate-catalogue.ts) puts beside the namespaces: where
 * its facts came from, and the docs' category names in both languages. RSSHub's namespace keys are
 * folder names, so `$meta` can never be one.
 */
export const CATALOGUE_META_KEY = '$meta';

type CategoryNames = Record<string, Partial<Record<CatalogueLanguage, string>>>;

/**
 * Reads the JSON of an RSSHub instance's `/api/namespace` (or the bundled catalogue, its compact
 * form with a `$meta` entry): the source is the namespace's name, the channel the route's name, and
 * the top category the route's (else the namespace's) first category slug shown in `language`, by
 * the catalogue's own category names when it has them. In `zh`, a namespace's or route's `zh.name`
 * wins over its name. `popular` is a cross-listing, so it counts only for a route with no other category.
 */
export function parseNamespaceApi(json: string, language: CatalogueLanguage, name: string): Catalogue {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return {
      entries: [],
      warnings: [`${name}: not JSON; expected the output of an RSSHub instance's /api/namespace`],
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { entries: [], warnings: [`${name}: expected an object of namespaces (RSSHub's /api/namespace)`] };
  }
  const entries: CatalogueEntry[] = [];
  const warnings: string[] = [];
  const names = categoryNamesOf((value as Record<string, unknown>)[CATALOGUE_META_KEY]);
  const categoryName = (slug: string): string =>
    names[slug]?.[language] ?? categoryDisplayName(slug, language);
  for (const [namespace, raw] of Object.entries(value as Record<string, NamespaceData>)) {
    if (namespace === CATALOGUE_META_KEY) continue;
    if (typeof raw !== 'object' || raw === null || typeof raw.routes !== 'object' || raw.routes === null) {
      warnings.push(`${name}: namespace "${namespace}" has no routes; skipped`);
      continue;
    }
    for (const [key, route] of Object.entries(raw.routes)) {
      const relative = typeof route.path === 'string' ? route.path : key;
      const category = pickCategory(route.categories ?? raw.categories ?? []);
      entries.push({
        category: categoryName(category),
        source: localName(raw, language) || namespace,
        channel: localName(route, language) || relative,
        route: typeof route.example === 'string' && route.example.trim() ? route.example.trim() : null,
        path: joinRoute(namespace, relative),
        ...routeFeatures(route.features),
      });
    }
  }
  return { entries, warnings };
}

function pickCategory(categories: string[]): string {
  return categories.find((slug) => slug !== 'popular') ?? categories[0] ?? 'other';
}

function localName(named: { name?: string; zh?: { name?: string } }, language: CatalogueLanguage): string {
  const zh = language === 'zh' && typeof named.zh?.name === 'string' ? named.zh.name.trim() : '';
  return zh || (typeof named.name === 'string' ? named.name.trim() : '');
}

function categoryNamesOf(meta: unknown): CategoryNames {
  if (typeof meta !== 'object' || meta === null) return {};
  const categories = (meta as { categories?: unknown }).categories;
  return typeof categories === 'object' && categories !== null ? (categories as CategoryNames) : {};
}
