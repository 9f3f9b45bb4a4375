import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ProxyTarget } from '../core/image-proxy-target.js';
import { articlePlainText } from './article-text.js';
import type { ContentOptions, ProcessedContent } from './process-content.js';
import { sanitizeArticleHtml } from './sanitize.js';

/**
 * Bumped whenever `processItemContent` would give other HTML, another cover or other text for the
 * same item and options (a sanitizer rule, a cover heuristic): every stored cleaning is then stale,
 * and outputs clean again until ingest stores the new one. Version 2 stores the article's text.
 */
export const CLEANER_VERSION = 2;

/** The options of a cleaning that are the same for every item of a source. */
export type CleaningSettings = Omit<ContentOptions, 'sourceKey' | 'identity'>;

/**
 * A short fingerprint of everything besides the item itself that a cleaning's output depends on:
 * the cleaner's version, the proxy mode and target, the iframe hosts and the cover fallback. A
 * stored cleaning is reused only under the same key. A signing secret enters as its hash, never
 * as itself: keys are stored, and a store (or its export) is no place for a secret.
 */
export function cleaningKey(settings: CleaningSettings): string {
  const parts = [
    CLEANER_VERSION,
    settings.images.mode,
    targetPart(settings.images.target),
    settings.iframeHosts ?? [],
    settings.coverFallback,
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

function targetPart(target: ProxyTarget | null): unknown {
  if (target === null) return null;
  if (target.kind === 'template') return ['template', target.template];
  const secret = createHash('sha256').update(target.secret, 'utf8').digest('hex');
  return ['signed', target.base, secret];
}

/** What an item carries of a stored cleaning: the shape the store reads back (see `StoredCleaning`). */
export interface CleanedItemFields {
  sourceKey: string;
  identity: string;
  changedAt: string;
  cleaned?: { html: string; cover: string; text: string; key: string; from: string } | null;
}

/**
 * The item's stored cleaning, when it was made under `key` from the item's present content: the
 * very output cleaning it again would give. Otherwise null, and the caller cleans.
 */
export function storedCleaningOf(item: CleanedItemFields, key: string): ProcessedContent | null {
  const stored = item.cleaned;
  if (!stored || stored.from !== item.changedAt) return null;
  if (stored.key !== key && !stored.key.startsWith(`${key}.`)) return null;
  return { html: stored.html, cover: stored.cover, text: stored.text };
}

/** What a seal covers: the item it belongs to, and everything an output takes from its cleaning. */
export interface SealedCleaning {
  sourceKey: string;
  identity: string;
  html: string;
  cover: string;
  text: string;
  from: string;
}

/**
 * The key a cleaning is stored under: the settings' `key`, and with a secret, after a dot, its
 * seal (an HMAC-SHA256 of the key, the item's source and identity, the content's time, the cover,
 * the text and the HTML). A cleaning whose seal matches was made by a newsmill that holds the
 * secret, so outputs use it without sanitizing it again; any other (edited, imported, made without
 * the secret) is sanitized again.
 */
export function storedCleaningKey(key: string, secret: string | null, cleaning: SealedCleaning): string {
  return secret === null ? key : `${key}.${sealOf(key, secret, cleaning)}`;
}

function sealOf(key: string, secret: string, sealed: SealedCleaning): string {
  const { sourceKey, identity, html, cover, text, from } = sealed;
  // Byte lengths first, so that no two different cleanings give the same bytes to the MAC.
  const lengths = [key, sourceKey, identity, from, cover, text, html].map((part) => Buffer.byteLength(part));
  return createHmac('sha256', secret)
    .update(`${lengths.join(':')}:`)
    .update(key)
    .update(sourceKey)
    .update(identity)
    .update(from)
    .update(cover)
    .update(text)
    .update(html)
    .digest('base64url');
}

function isSealed(stored: SealedCleaning & { key: string }, key: string, secret: string | null): boolean {
  if (secret === null || stored.key.length !== key.length + 44) return false;
  const actual = Buffer.from(stored.key);
  const expected = Buffer.from(storedCleaningKey(key, secret, stored));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// Only web addresses: a stored cover is written into pages and front matter as an image source.
const COVER_URL = /^https?:\/\/[^\s"'<>`]+$/i;

/**
 * The item's stored cleaning when it is sealed with `secret` under `key` (`storedCleaningKey`) and
 * made from the item's present content, else null. Nothing but the seal is checked, so the item's
 * bodies need not be read: a build reads them only for the items this gives null for.
 */
export function sealedStoredCleaning(
  item: CleanedItemFields,
  key: string,
  secret: string | null,
): ProcessedContent | null {
  const stored = usableStoredCleaning(item, key);
  return stored && isSealedFor(item, key, secret) ? stored : null;
}

/** The stored cleaning under `key` of the present content, unless its cover is no web address. */
function usableStoredCleaning(item: CleanedItemFields, key: string): ProcessedContent | null {
  const stored = storedCleaningOf(item, key);
  return stored === null || (stored.cover !== '' && !COVER_URL.test(stored.cover)) ? null : stored;
}

function isSealedFor(item: CleanedItemFields, key: string, secret: string | null): boolean {
  const cleaned = item.cleaned as NonNullable<CleanedItemFields['cleaned']>;
  return isSealed({ ...cleaned, sourceKey: item.sourceKey, identity: item.identity }, key, secret);
}

/**
 * The item's stored cleaning for an output, or null (then the output cleans the item itself). The
 * store is not trusted: a cleaning sealed with `secret` (`storedCleaningKey`) is used as stored,
 * and any other passes the sanitizer again, which on the sanitizer's own output gives the same
 * bytes, while anything written into the store by hand comes out clean; its text is taken from the
 * item's content again. URLs were resolved and proxied at ingest, so this pass only sanitizes (no
 * base, no proxy); the rewriting is what is done once. A cover that is not a web address is not
 * reused.
 */
export function reuseStoredCleaning(
  item: CleanedItemFields & { content: string | null; summary: string | null },
  key: string,
  iframeHosts: readonly string[] | undefined,
  secret: string | null,
): ProcessedContent | null {
  const stored = usableStoredCleaning(item, key);
  if (stored === null || isSealedFor(item, key, secret)) return stored;
  const html = sanitizeArticleHtml(stored.html, {
    base: null,
    images: { mode: 'none', target: null },
    iframeHosts,
  });
  return { html, cover: stored.cover, text: articlePlainText(item) };
}
