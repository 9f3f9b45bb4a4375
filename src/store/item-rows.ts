import { createHash } from 'node:crypto';
import type { Enclosure, FeedItem } from '../core/model.js';
import type { StoredCleaning, StoredItem } from './store.js';

/** An `items` row as SQLite returns it. */
export interface ItemRow {
  identity: string;
  guid: string | null;
  title: string | null;
  link: string | null;
  published: string | null;
  updated: string | null;
  author: string | null;
  summary: string | null;
  content: string | null;
  categories: string;
  enclosures: string;
  image: string | null;
  base_url: string | null;
  content_hash: string;
  first_seen_at: string;
  last_seen_at: string;
  changed_at: string;
  /** The cleaning columns (user_version 11): null until ingest cleans the item, absent in older reads. */
  clean_html?: string | null;
  clean_cover?: string | null;
  /** User_version 12: the cleaning's plain text; a cleaning without it is stale. */
  clean_text?: string | null;
  clean_key?: string | null;
  cleaned_from?: string | null;
}

/** The `items` columns an `ItemRow` holds, in the order statements list them. */
export const ITEM_COLUMNS = [
  'identity',
  'guid',
  'title',
  'link',
  'published',
  'updated',
  'author',
  'summary',
  'content',
  'categories',
  'enclosures',
  'image',
  'base_url',
  'content_hash',
  'first_seen_at',
  'last_seen_at',
  'changed_at',
] as const satisfies ReadonlyArray<keyof ItemRow>;

/**
 * The article as ingest cleaned it: read with the item, written only by `saveCleanings`, and kept
 * by a save that changes the item (its `cleaned_from` then no longer matches `changed_at`).
 */
export const CLEANING_COLUMNS = [
  'clean_html',
  'clean_cover',
  'clean_text',
  'clean_key',
  'cleaned_from',
] as const satisfies ReadonlyArray<keyof ItemRow>;

/** A digest of everything an item shows; equal digests mean nothing to update or rewrite. */
export function itemContentHash(item: FeedItem): string {
  const fields = [
    item.id,
    item.title,
    item.link,
    item.published,
    item.updated,
    item.author,
    item.summary,
    item.content,
    item.categories,
    item.enclosures,
    item.image,
    item.baseUrl,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** The named parameters that write an item's fields. */
export function itemParameters(
  item: FeedItem,
): Pick<
  ItemRow,
  | 'guid'
  | 'title'
  | 'link'
  | 'published'
  | 'updated'
  | 'author'
  | 'summary'
  | 'content'
  | 'categories'
  | 'enclosures'
  | 'image'
  | 'base_url'
> {
  return {
    guid: item.id,
    title: item.title,
    link: item.link,
    published: item.published,
    updated: item.updated,
    author: item.author,
    summary: item.summary,
    content: item.content,
    categories: JSON.stringify(item.categories),
    enclosures: JSON.stringify(item.enclosures),
    image: item.image,
    base_url: item.baseUrl,
  };
}

/**
 * A long text column as SQLite may hold it: text, bytes (batch reads take these columns as blobs,
 * `sqlite-item-headers.ts`), or after an edit by hand a blob or a number; each reads as its text,
 * so every read gives the same.
 */
export function storedText(value: unknown): string | null {
  if (value === null || value === undefined || typeof value === 'string') return value ?? null;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/** Maps a row back to the item model. */
export function rowToStoredItem(row: ItemRow, sourceKey: string): StoredItem {
  return {
    id: row.guid,
    title: row.title,
    link: row.link,
    published: row.published,
    updated: row.updated,
    author: row.author,
    summary: storedText(row.summary),
    content: storedText(row.content),
    categories: JSON.parse(row.categories) as string[],
    enclosures: JSON.parse(row.enclosures) as Enclosure[],
    image: row.image,
    baseUrl: row.base_url,
    sourceKey,
    identity: row.identity,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    changedAt: row.changed_at,
    cleaned: cleaningOf(row),
  };
}

/** The row's stored cleaning when every part of it is there and text; else none, and outputs clean. */
function cleaningOf(row: ItemRow): StoredCleaning | null {
  const { clean_cover: cover, clean_key: key, cleaned_from: from } = row;
  const html = storedText(row.clean_html);
  const text = storedText(row.clean_text);
  if (typeof html !== 'string' || typeof cover !== 'string' || typeof key !== 'string') return null;
  return typeof text === 'string' && typeof from === 'string' ? { html, cover, text, key, from } : null;
}
