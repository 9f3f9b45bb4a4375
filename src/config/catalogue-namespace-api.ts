import {
  categoryDisplayName,
  type Catalogue,
  type CatalogueEntry,
  type CatalogueLanguage,
} from './catalogue-entry.js';
import { joinRoute, routeFeatures, type RouteData } from './catalogue-markdown.js';

interface NamespaceData {
  name?: string;
  categories?: string[];
  routes?: Record<string, RouteData>;
}

/**
 * Reads the JSON of an RSSHub instance's `/api/namespace`: the source is the namespace's name, the
 * channel the route's name, and the top category the route's (else the namespace's) first category
 * slug shown in `language`. `popular` is a cross-listing, so it counts only for a route with no other category.
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
  for (const [namespace, raw] of Object.entries(value as Record<string, NamespaceData>)) {
    if (typeof raw !== 'object' || raw === null || typeof raw.routes !== 'object' || raw.routes === null) {
      warnings.push(`${name}: namespace "${namespace}" has no routes; skipped`);
      continue;
    }
    for (const [key, route] of Object.entries(raw.routes)) {
      const relative = typeof route.path === 'string' ? route.path : key;
      const category = pickCategory(route.categories ?? raw.categories ?? []);
      entries.push({
        category: categoryDisplayName(category, language),
        source: (raw.name ?? '').trim() || namespace,
        channel: (route.name ?? '').trim() || relative,
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
