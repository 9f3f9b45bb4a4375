/**
 * Turns RSSHub's route tree into namespace data in the shape of an instance's `/api/namespace`:
 * `lib/routes/<ns>/namespace.ts` exports `namespace`, and every other `.ts`/`.tsx` file below it
 * that exports `route` adds that route (or routes, when `path` is a list) to `<ns>`. Values come
 * from the object literals as written (generate-catalogue-literal.ts); what has none is counted.
 */
import {
  evaluateLiteral,
  exportsOf,
  parseSource,
  scopeOf,
  UNKNOWN,
  type Literal,
  type LiteralScope,
} from './generate-catalogue-literal.js';

/** A namespace as RSSHub describes it, with its routes keyed by path (relative to the namespace). */
export interface RawNamespace {
  [key: string]: Literal | Record<string, RawRoute> | undefined;
  routes: Record<string, RawRoute>;
}

/** A route as RSSHub describes it: `path`, `name`, `example`, `parameters`, `features`, … */
export type RawRoute = { [key: string]: Literal };

/** What reading the tree produced, and what it had to skip. */
export interface Extraction {
  namespaces: Record<string, RawNamespace>;
  /** Route and namespace files read. */
  files: number;
  /** Files, routes or fields that had no static value, with the reason: skipped, never guessed. */
  skipped: string[];
  /** Properties of routes and namespaces left out because they are code (functions, calls, spreads). */
  unknownProperties: number;
}

const ROUTE_FILE = /^lib\/routes\/([^/]+)\/(.+)\.tsx?$/;

/** Extracts every namespace and route from the files of `lib/routes` (path → text). */
export function extractRouteTree(files: ReadonlyMap<string, string>): Extraction {
  const result: Extraction = { namespaces: {}, files: 0, skipped: [], unknownProperties: 0 };
  const routesByNamespace = new Map<string, RawRoute[]>();
  for (const [file, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const match = ROUTE_FILE.exec(file);
    if (!match?.[1] || !match[2] || file.endsWith('.d.ts')) continue;
    const [, namespace, rest] = match;
    const source = parseSource(file, text);
    const scope = scopeOf(source);
    const exported = exportsOf(source);
    if (rest === 'namespace' && exported.has('namespace')) {
      result.files++;
      const value = evaluateExport(scope, exported, 'namespace');
      if (isRecord(value)) {
        result.namespaces[namespace] = { ...value, routes: result.namespaces[namespace]?.routes ?? {} };
      } else result.skipped.push(`${file}: namespace has no static value`);
    } else if (exported.has('route')) {
      result.files++;
      const value = evaluateExport(scope, exported, 'route');
      const list = routesByNamespace.get(namespace) ?? [];
      routesByNamespace.set(namespace, list);
      const problem = routeProblem(value);
      if (problem === null) list.push(value as RawRoute);
      else result.skipped.push(`${file}: ${problem}`);
    }
    result.unknownProperties += scope.unknowns;
  }
  for (const [namespace, routes] of routesByNamespace) addRoutes(result, namespace, routes);
  return result;
}

function evaluateExport(scope: LiteralScope, exported: Map<string, string>, name: string): Literal {
  const initializer = scope.consts.get(exported.get(name) ?? name);
  return initializer ? evaluateLiteral(initializer, scope) : UNKNOWN;
}

function routeProblem(value: Literal): string | null {
  if (!isRecord(value)) return 'route has no static value';
  const path = value.path;
  const paths = Array.isArray(path) ? path : [path];
  if (paths.length === 0 || !paths.every((item) => typeof item === 'string'))
    return 'route path has no static value';
  return null;
}

function addRoutes(result: Extraction, namespace: string, routes: RawRoute[]): void {
  if (routes.length === 0) return;
  const target = result.namespaces[namespace];
  if (!target) {
    result.skipped.push(`lib/routes/${namespace}: ${routes.length} route(s) but no namespace.ts`);
    return;
  }
  for (const route of routes) {
    const paths = Array.isArray(route.path) ? (route.path as string[]) : [route.path as string];
    // RSSHub registers a route once per path; the first file in path order wins a duplicate, as here.
    for (const path of paths) target.routes[path] ??= { ...route, path };
  }
}

/** Whether a value is a plain object of literals. */
export function isRecord(value: unknown): value is { [key: string]: Literal } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
