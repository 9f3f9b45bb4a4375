import type { CatalogueEntry } from './catalogue-entry.js';
import { cataloguePatternLevels } from './catalogue-pattern.js';

// Enough names to recognise the one meant, without printing a whole category of a 4,000-route catalogue.
const MAX_LISTED = 12;

/**
 * The warning for a `catalogue.select` pattern that matched nothing, with the nearest names the
 * catalogue has: RSSHub renames sites, channels and categories, and a selection written against an
 * older catalogue must say what it should now read rather than go quiet.
 */
export function describeUnmatchedSelection(pattern: string, entries: readonly CatalogueEntry[]): string {
  return `catalogue.select "${pattern}" matches no route: ${hint(pattern, entries)}`;
}

function hint(pattern: string, entries: readonly CatalogueEntry[]): string {
  const { category, source, channel } = cataloguePatternLevels(pattern);
  const inCategory = entries.filter((entry) => category.regexp.test(entry.category));
  const inSource = inCategory.filter((entry) => source.regexp.test(entry.source));
  if (inSource.length > 0) {
    const where = uniq(inSource.map((entry) => `${entry.category}/${entry.source}`)).join(', ');
    return `${where} has the channels ${list(inSource.map((entry) => entry.channel))}`;
  }
  const elsewhere = entries.filter((entry) => source.regexp.test(entry.source));
  if (elsewhere.length > 0 && source.text !== '*') {
    const exact = elsewhere.filter((entry) => channel.regexp.test(entry.channel));
    if (exact.length > 0 && channel.text !== '*') {
      const first = exact[0] as CatalogueEntry;
      return `try "${first.category}/${first.source}/${channel.text}"`;
    }
    const names = uniq(elsewhere.map((entry) => entry.source)).join(', ');
    const categories = uniq(elsewhere.map((entry) => entry.category)).join(', ');
    return `${names} is under ${categories} with the channels ${list(elsewhere.map((entry) => entry.channel))}`;
  }
  if (inCategory.length === 0 && source.text === '*') {
    return `no top category "${category.text}"; the catalogue has ${list(
      entries.map((entry) => entry.category),
      ', ',
    )}`;
  }
  const similar = similarSources(source.text, entries);
  if (similar.length > 0) return `no source "${source.text}"; did you mean ${similar.join(' or ')}?`;
  return `no source "${source.text}" in any top category (RSSHub may have removed it)`;
}

// A renamed site usually keeps its old name inside the new one (cnBeta → cnBeta.COM), or the reverse.
function similarSources(written: string, entries: readonly CatalogueEntry[]): string[] {
  const needle = written.replace(/[*?]/g, '').toLowerCase();
  if (needle.length < 2) return [];
  const hits = entries.filter((entry) => {
    const name = entry.source.toLowerCase();
    return name.includes(needle) || (name.length >= 2 && needle.includes(name));
  });
  return uniq(hits.map((entry) => `${entry.category}/${entry.source}`)).slice(0, MAX_LISTED);
}

function list(names: string[], separator = '; '): string {
  const unique = uniq(names);
  const shown = unique.slice(0, MAX_LISTED).join(separator);
  return unique.length > MAX_LISTED ? `${shown}${separator}… (${unique.length} in all)` : shown;
}

function uniq(names: string[]): string[] {
  return [...new Set(names)];
}
