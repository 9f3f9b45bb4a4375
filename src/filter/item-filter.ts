import type { FeedItem } from '../core/model.js';

/** Patterns per item field; a pattern is a keyword (case-insensitive) or a `/regular expression/flags`. */
export interface FieldPatterns {
  title?: string[];
  content?: string[];
  author?: string[];
  categories?: string[];
  /** Matched against every field above. */
  any?: string[];
}

/** Include/exclude rules and an age limit, as written in the config (globally or per source). */
export interface FilterRules {
  /** When any include pattern is given, an item must match at least one of them. */
  include?: FieldPatterns;
  /** An item matching any exclude pattern is dropped. */
  exclude?: FieldPatterns;
  /** Items published longer ago than this are dropped; items without a date are kept. */
  maxAgeDays?: number;
}

/** An item the filters dropped, with the rule that dropped it. */
export interface FilteredItem {
  item: FeedItem;
  reason: string;
}

type Field = keyof Omit<FieldPatterns, 'any'>;
const FIELDS: readonly Field[] = ['title', 'content', 'author', 'categories'];

interface CompiledPattern {
  field: Field | 'any';
  source: string;
  test(text: string): boolean;
}

/** A compiled rule set, applied to many items. */
export interface ItemFilter {
  /** Splits items into those kept and those dropped (with reasons), keeping order. */
  apply(items: readonly FeedItem[], now: Date): { kept: FeedItem[]; filtered: FilteredItem[] };
}

/** Compiles rule sets (e.g. the global one and a source's own); an item must pass all of them. */
export function createItemFilter(ruleSets: ReadonlyArray<FilterRules | undefined>): ItemFilter {
  const compiled = ruleSets.filter((rules): rules is FilterRules => rules !== undefined).map(compileRules);
  return {
    apply(items, now) {
      const kept: FeedItem[] = [];
      const filtered: FilteredItem[] = [];
      for (const item of items) {
        const reason = compiled.map((rules) => rules(item, now)).find((r) => r !== null) ?? null;
        if (reason === null) kept.push(item);
        else filtered.push({ item, reason });
      }
      return { kept, filtered };
    },
  };
}

function compileRules(rules: FilterRules): (item: FeedItem, now: Date) => string | null {
  const include = compilePatterns(rules.include);
  const exclude = compilePatterns(rules.exclude);
  const maxAgeMs = rules.maxAgeDays === undefined ? null : rules.maxAgeDays * 86_400_000;
  return (item, now) => {
    const date = item.published ?? item.updated;
    if (maxAgeMs !== null && date !== null && now.getTime() - Date.parse(date) > maxAgeMs) {
      return `older than ${rules.maxAgeDays} days`;
    }
    const texts = fieldTexts(item);
    const excluded = exclude.find((pattern) => matches(pattern, texts));
    if (excluded) return `excluded by ${excluded.field} pattern ${excluded.source}`;
    if (include.length > 0 && !include.some((pattern) => matches(pattern, texts)))
      return 'matched no include pattern';
    return null;
  };
}

function compilePatterns(patterns: FieldPatterns | undefined): CompiledPattern[] {
  if (!patterns) return [];
  return (Object.entries(patterns) as Array<[Field | 'any', string[] | undefined]>).flatMap(([field, list]) =>
    (list ?? []).map((source) => ({ field, source, test: compilePattern(source) })),
  );
}

/** `/expr/flags` is a regular expression; anything else a case-insensitive keyword. */
export function compilePattern(source: string): (text: string) => boolean {
  const regex = /^\/(.+)\/([dgimsuvy]*)$/s.exec(source);
  if (regex) {
    const expression = new RegExp(regex[1] ?? '', (regex[2] ?? '').replace('g', ''));
    return (text) => expression.test(text);
  }
  const keyword = source.toLowerCase();
  return (text) => text.toLowerCase().includes(keyword);
}

function fieldTexts(item: FeedItem): Record<Field, string[]> {
  return {
    title: [item.title ?? ''],
    // Tags and attribute values are not what a reader filters on: match the text only.
    content: [htmlText(item.content ?? item.summary ?? '')],
    author: [item.author ?? ''],
    categories: item.categories,
  };
}

function matches(pattern: CompiledPattern, texts: Record<Field, string[]>): boolean {
  const fields = pattern.field === 'any' ? FIELDS : [pattern.field];
  return fields.some((field) => texts[field].some((text) => pattern.test(text)));
}

function htmlText(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ');
}
