import type { FeedItem } from '../core/model.js';
import { truncateUtf8 } from '../core/name-length.js';
import { utf8Prefix } from '../core/utf8-prefix.js';

/**
 * The longest title kept, in UTF-8 bytes. A title is shown on every list, feed and search result an
 * item is in, so a feed's megabyte of "title" would be copied into dozens of files; real headlines
 * are a few hundred bytes at most.
 */
export const MAX_TITLE_BYTES = 1024;

/** One field of an item that was over its limit. */
export interface ItemCut {
  field: 'title' | 'summary' | 'content';
  /** The field's size before the cut, in UTF-8 bytes. */
  bytes: number;
  /** The size it was cut to (at most), in UTF-8 bytes. */
  limit: number;
}

/** An item within the size limits, and what had to be cut to get it there. */
export interface CappedItem {
  item: FeedItem;
  cuts: ItemCut[];
}

/**
 * Cuts an item's summary and content to `maxHtmlBytes` of UTF-8 each and its title to
 * {@link MAX_TITLE_BYTES}. The HTML is the untrusted source, cut at a character boundary and before a
 * tag or entity the cut would split; the sanitizer, which every published copy goes through, closes
 * the elements left open.
 */
export function capItemSize(item: FeedItem, maxHtmlBytes: number): CappedItem {
  const cuts: ItemCut[] = [];
  const cap = (field: ItemCut['field'], value: string | null, limit: number): string | null => {
    // Three bytes per UTF-16 unit at most: a short field needs no counting.
    if (value === null || value.length * 3 <= limit) return value;
    const bytes = Buffer.byteLength(value);
    if (bytes <= limit) return value;
    cuts.push({ field, bytes, limit });
    return field === 'title' ? truncateUtf8(value, limit) : cutHtmlSource(value, limit);
  };
  const title = cap('title', item.title, MAX_TITLE_BYTES);
  const summary = cap('summary', item.summary, maxHtmlBytes);
  const content = cap('content', item.content, maxHtmlBytes);
  return { item: cuts.length === 0 ? item : { ...item, title, summary, content }, cuts };
}

/** The longest prefix of `html` within `maxBytes` that ends between tags and entities. */
function cutHtmlSource(html: string, maxBytes: number): string {
  const { end } = utf8Prefix(html, 0, html.length, maxBytes);
  // A tag or comment cut short would be dropped anyway; an entity cut short would show as text (`&am`).
  return html.slice(0, unfinishedTagStart(html, end)).replace(UNFINISHED_ENTITY, '');
}

/** Where a tag, comment or declaration that `end` cuts starts, else `end`; a lone `<` in text stays. */
function unfinishedTagStart(html: string, end: number): number {
  let at = html.lastIndexOf('>', end - 1) + 1;
  for (; (at = html.indexOf('<', at)) !== -1 && at < end; at++) {
    if (/[a-zA-Z/!?]/.test(html.charAt(at + 1))) return at;
  }
  return end;
}

// The longest named character reference is `&CounterClockwiseContourIntegral;`, 33 characters.
const UNFINISHED_ENTITY = /&#?[a-zA-Z0-9]{0,32}$/;

/** A one-line warning naming the item and what was cut of it, e.g. for a run's source report. */
export function describeItemCuts(title: string, cuts: readonly ItemCut[]): string {
  const parts = cuts.map(({ field, bytes, limit }) =>
    field === 'title'
      ? `its title is ${formatBytes(bytes)} bytes, cut to ${formatBytes(limit)}`
      : `its ${field} is ${formatKB(bytes)} KB, cut to content.maxItemKB (${formatKB(limit)} KB)`,
  );
  return `item "${truncateUtf8(title, 80)}": ${parts.join('; ')}`;
}

function formatBytes(bytes: number): string {
  return bytes.toLocaleString('en-US');
}

function formatKB(bytes: number): string {
  return Math.ceil(bytes / 1024).toLocaleString('en-US');
}
