import type { CatalogueEntry } from './catalogue-entry.js';

/**
 * Compiles `top/source/channel` (levels split on `/`, `\/` is a literal slash, `*` and `?` glob within
 * a level, case-insensitive, missing trailing levels match anything) into a matcher.
 */
export function compileCataloguePattern(pattern: string): (entry: CatalogueEntry) => boolean {
  const { category, source, channel } = cataloguePatternLevels(pattern);
  return (entry) =>
    category.regexp.test(entry.category) &&
    source.regexp.test(entry.source) &&
    channel.regexp.test(entry.channel);
}

/** One level of a selection pattern: its text as written (`*` when missing) and its matcher. */
export interface PatternLevel {
  text: string;
  regexp: RegExp;
}

/** The three levels of a `top/source/channel` pattern, as compileCataloguePattern reads them. */
export function cataloguePatternLevels(
  pattern: string,
): Record<'category' | 'source' | 'channel', PatternLevel> {
  // A channel may itself contain `/` ("最热 / 最新主题"): only the first two separators split, and
  // the rest is the channel as written, spaces around its own slashes included.
  const parts = pattern.split(/(?<!\\)\//);
  const [category, source, channel] = [parts[0] ?? '', parts[1] ?? '', parts.slice(2).join('/')].map(
    (level) => {
      const text = level.replace(/\\\//g, '/').trim() || '*';
      return { text, regexp: globToRegExp(text) };
    },
  ) as [PatternLevel, PatternLevel, PatternLevel];
  return { category, source, channel };
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'iu');
}
