import type { Command } from 'commander';
import { toTerminalLine } from '../core/control-characters.js';
import type { CatalogueEntry, CatalogueLanguage } from '../config/catalogue-entry.js';
import { ConfigError } from '../core/errors.js';
import { fetchCatalogueDoc } from './cli-config.js';

/** Options of `newsmill catalogue`. */
export interface CatalogueFilter {
  category?: string;
  search?: string;
}

/** `newsmill catalogue`: read RSSHub's route docs and show them as top category / source / channel. */
export function registerCatalogueCommand(program: Command): void {
  program
    .command('catalogue')
    .description("list the routes of RSSHub's docs as top category / source / channel")
    .argument('<docs...>', 'route-docs markdown files, folders of them, /api/namespace JSON files, or URLs')
    .option('--json', 'print JSON')
    .option('--category <name>', 'only this top category')
    .option('--search <word>', 'only routes whose names, route or template contain this word')
    .option('--language <zh|en>', 'language of category names from the namespace API', 'zh')
    .action(async (docs: string[], options: CatalogueFilter & { json?: boolean; language: string }) => {
      if (options.language !== 'zh' && options.language !== 'en') {
        throw new ConfigError(`--language: expected zh or en, not "${options.language}"`);
      }
      const language: CatalogueLanguage = options.language;
      const { readCatalogue } = await import('../config/read-catalogue.js');
      const catalogue = await readCatalogue(docs, { dir: process.cwd(), language }, fetchCatalogueDoc);
      for (const warning of catalogue.warnings) process.stderr.write(`warning: ${toTerminalLine(warning)}\n`);
      const entries = filterCatalogue(catalogue.entries, options);
      process.stdout.write(
        options.json
          ? `${JSON.stringify(entries.map(toCatalogueJson), null, 2)}\n`
          : formatCatalogueTree(entries),
      );
    });
}

/** Keeps the routes of one top category (ignoring case) and/or containing a word anywhere in their names or routes. */
export function filterCatalogue(
  entries: readonly CatalogueEntry[],
  filter: CatalogueFilter,
): CatalogueEntry[] {
  const category = filter.category?.toLowerCase();
  const word = filter.search?.toLowerCase();
  return entries.filter(
    (entry) =>
      (category === undefined || entry.category.toLowerCase() === category) &&
      (word === undefined ||
        [entry.category, entry.source, entry.channel, entry.path, entry.route ?? ''].some((text) =>
          text.toLowerCase().includes(word),
        )),
  );
}

/** The documented JSON shape of one route: exactly these keys, in this order. */
export function toCatalogueJson(entry: CatalogueEntry): object {
  return {
    category: entry.category,
    source: entry.source,
    channel: entry.channel,
    route: entry.route,
    path: entry.path,
    requiresConfig: entry.requiresConfig,
    requiresPuppeteer: entry.requiresPuppeteer,
    antiCrawler: entry.antiCrawler,
  };
}

/** A readable tree: categories and sources with their route counts, one line per channel. */
export function formatCatalogueTree(entries: readonly CatalogueEntry[]): string {
  const tree = new Map<string, Map<string, CatalogueEntry[]>>();
  for (const entry of entries) {
    const sources = tree.get(entry.category) ?? new Map<string, CatalogueEntry[]>();
    tree.set(entry.category, sources);
    sources.set(entry.source, [...(sources.get(entry.source) ?? []), entry]);
  }
  const lines: string[] = [];
  let sourceCount = 0;
  for (const [category, sources] of tree) {
    const total = [...sources.values()].reduce((sum, list) => sum + list.length, 0);
    lines.push(`${category} (${plural(sources.size, 'source')}, ${plural(total, 'route')})`);
    sourceCount += sources.size;
    for (const [source, list] of sources) {
      lines.push(`  ${source} (${plural(list.length, 'route')})`);
      for (const entry of list) lines.push(`    ${entry.channel}  ${describeRoute(entry)}`);
    }
  }
  lines.push(
    `${plural(entries.length, 'route')} in ${plural(tree.size, 'category', 'categories')}, ${plural(sourceCount, 'source')}`,
  );
  return `${lines.join('\n')}\n`;
}

function describeRoute(entry: CatalogueEntry): string {
  const route = entry.route ?? `${entry.path} (template, no example)`;
  const flags = [
    entry.requiresConfig ? '[needs config]' : '',
    entry.requiresPuppeteer ? '[needs browser]' : '',
    entry.antiCrawler ? '[anti-crawler]' : '',
  ].filter(Boolean);
  return [route, ...flags].join(' ');
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
