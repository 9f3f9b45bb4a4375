import { toTerminalLine } from '../core/control-characters.js';
import type { CatalogueEntry } from './catalogue-entry.js';
import { describeUnmatchedSelection } from './catalogue-hint.js';
import { compileCataloguePattern } from './catalogue-pattern.js';
import { fillRouteTemplate } from './route-template.js';
import type { CatalogueSection } from './schema.js';
import { rsshubRouteProblem } from './source-url.js';

/** A catalogue route chosen by the config's `catalogue.select`, ready to become a source. */
export interface SelectedRoute {
  /** `rsshub:<route>`. */
  url: string;
  categories: [string, string, string];
  entry: CatalogueEntry;
}

/**
 * Applies `select`, `exclude` and `params` to the catalogue: each selected route becomes one source
 * per combination of parameter values, first match wins on duplicates, and every route that cannot
 * work as configured (needs instance config or a browser, no example and no values) yields a warning;
 * `unmatched` lists the patterns that selected nothing.
 * The docs may come from anywhere: a route that would leave the RSSHub instance or folder is skipped
 * with a warning, and names lose terminal controls, as they become categories and are printed.
 */
export function selectCatalogueRoutes(
  entries: readonly CatalogueEntry[],
  section: Pick<CatalogueSection, 'select' | 'exclude' | 'params'>,
): { routes: SelectedRoute[]; warnings: string[]; unmatched: string[] } {
  const warnings: string[] = [];
  const unmatched: string[] = [];
  const excludes = section.exclude.map(compileCataloguePattern);
  const routes: SelectedRoute[] = [];
  const seen = new Set<string>();
  const handled = new Set<CatalogueEntry>();
  const cleaned = entries.map(cleanNames);
  for (const pattern of section.select) {
    const matches = compileCataloguePattern(pattern);
    const hits = cleaned.filter((entry) => matches(entry) && !excludes.some((exclude) => exclude(entry)));
    if (hits.length === 0) {
      unmatched.push(pattern);
      warnings.push(describeUnmatchedSelection(pattern, cleaned));
    }
    for (const entry of hits) {
      if (handled.has(entry)) continue;
      handled.add(entry);
      const label = `${entry.category}/${entry.source}/${entry.channel} (${entry.path})`;
      const expanded = expandRoute(entry, section.params[entry.path]);
      if (typeof expanded === 'string') {
        warnings.push(`catalogue route ${label}: ${expanded}; skipped`);
        continue;
      }
      if (entry.requiresConfig)
        warnings.push(`catalogue route ${label} needs configuration on the RSSHub instance`);
      if (entry.requiresPuppeteer)
        warnings.push(`catalogue route ${label} needs a browser (Puppeteer) on the RSSHub instance`);
      for (const { route, suffix } of expanded) {
        const url = `rsshub:${route}`;
        const problem = rsshubRouteProblem(route);
        if (problem !== null) {
          warnings.push(`catalogue route ${label}: ${problem}; skipped`);
          continue;
        }
        if (seen.has(url)) continue;
        seen.add(url);
        const channel = suffix ? `${entry.channel} ${suffix}` : entry.channel;
        routes.push({ url, categories: [entry.category, entry.source, channel], entry });
      }
    }
  }
  return { routes, warnings, unmatched };
}

function cleanNames(entry: CatalogueEntry): CatalogueEntry {
  const category = toTerminalLine(entry.category).trim();
  const source = toTerminalLine(entry.source).trim();
  const channel = toTerminalLine(entry.channel).trim();
  const path = toTerminalLine(entry.path);
  return { ...entry, category, source, channel, path };
}

type ParamValues = CatalogueSection['params'][string] | undefined;

function expandRoute(
  entry: CatalogueEntry,
  values: ParamValues,
): { route: string; suffix: string }[] | string {
  if (values === undefined) {
    if (entry.route) return [{ route: entry.route, suffix: '' }];
    const filled = fillRouteTemplate(entry.path, {});
    if (filled.route !== null) return [{ route: filled.route, suffix: '' }];
    return `no example and no values for :${filled.missing.join(', :')}; set catalogue.params["${entry.path}"]`;
  }
  const lists = Object.entries(values).map(([name, value]) => ({
    name,
    list: Array.isArray(value) ? value : [value],
  }));
  // A list of values gives one source per value; the channel names the value so the posts stay apart.
  const listed = lists.filter((item) => Array.isArray(values[item.name]));
  const out: { route: string; suffix: string }[] = [];
  for (const combination of cartesian(lists)) {
    const filled = fillRouteTemplate(entry.path, combination);
    if (filled.route === null)
      return `no value for :${filled.missing.join(', :')} in catalogue.params["${entry.path}"]`;
    out.push({ route: filled.route, suffix: listed.map((item) => combination[item.name]).join(' ') });
  }
  return out;
}

function cartesian(lists: { name: string; list: string[] }[]): Record<string, string>[] {
  return lists.reduce<Record<string, string>[]>(
    (acc, { name, list }) => acc.flatMap((partial) => list.map((value) => ({ ...partial, [name]: value }))),
    [{}],
  );
}
