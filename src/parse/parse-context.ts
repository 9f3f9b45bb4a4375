import type { Enclosure } from '../core/model.js';
import { readFeedDate } from './date.js';
import { collapseText } from '../core/plain-text.js';
import { resolveFeedUrl } from './resolve-url.js';
import type { XmlElement } from './xml-node.js';

/** What every format adapter needs: the options, plus the warnings list it appends to. */
export interface ParseContext {
  /** The feed's own URL, the base of last resort for relative URLs. */
  url: string | null;
  /** IANA zone for dates written without an offset. */
  timezone: string;
  /** The latest instant a date may name (ms), or null when no date is too late. */
  latestDate?: number | null;
  /** Recovered problems, reported on `Feed.warnings`. */
  warnings: string[];
}

/** The base URL in effect at an element: its `xml:base` chain, else the feed URL. */
export function baseAt(context: ParseContext, element: XmlElement | null): string | null {
  return element?.base ?? context.url;
}

/**
 * Parses the first date text that gives an instant, warning (with `where` for context) about each
 * one that cannot be read, is out of range or too late, and about an offset that had to be ignored.
 */
export function readDate(context: ParseContext, where: string, ...texts: (string | null)[]): string | null {
  for (const text of texts) {
    if (text == null) continue;
    const { iso, problem } = readFeedDate(text, context.timezone);
    if (problem !== null) context.warnings.push(`${where}: ${problem}`);
    if (iso === null) continue;
    if (context.latestDate == null || Date.parse(iso) <= context.latestDate) return iso;
    context.warnings.push(`${where}: date "${text.trim()}" is more than two days after the fetch, dropped`);
  }
  return null;
}

/** Appends an enclosure unless its URL is empty or already listed (Media RSS often repeats `<enclosure>`). */
export function addEnclosure(
  enclosures: Enclosure[],
  url: string | null | undefined,
  base: string | null,
  type: string | null | undefined,
  length: string | number | null | undefined,
): void {
  const resolved = resolveFeedUrl(url, base);
  if (resolved === null || enclosures.some((enclosure) => enclosure.url === resolved)) return;
  const lengthText = length == null ? '' : String(length).trim();
  const size = lengthText === '' ? Number.NaN : Number(lengthText);
  enclosures.push({
    url: resolved,
    type: type?.trim() || null,
    length: Number.isFinite(size) && size >= 0 ? size : null,
  });
}

/** Cleans category labels: whitespace collapsed, empties dropped, duplicates removed, order kept. */
export function uniqueLabels(labels: Iterable<string | null | undefined>): string[] {
  // Items carry a handful of labels, where a linear search beats building a Set; a Set takes over
  // for the odd item with hundreds, so the work stays linear.
  const unique: string[] = [];
  let seen: Set<string> | null = null;
  for (const label of labels) {
    const clean = collapseText(label);
    if (clean === null) continue;
    if (seen === null && unique.length > 16) seen = new Set(unique);
    if (seen ? seen.has(clean) : unique.includes(clean)) continue;
    unique.push(clean);
    seen?.add(clean);
  }
  return unique;
}

/** A short description of an item for warnings: its position and title. */
export function describeItem(index: number, title: string | null): string {
  return title ? `item ${index + 1} ("${title.slice(0, 60)}")` : `item ${index + 1}`;
}
