import type { SourceConfig } from '../config/resolve-config.js';

/** What refreshing one source did. */
export interface SourceOutcome {
  source: SourceConfig;
  /** The one-line reason the source failed, or null. */
  error: string | null;
  /** The server answered 304: nothing was parsed or written. */
  notModified: boolean;
  /** Why the source was not fetched at all (it is backing off after failures), or null. */
  skipped: string | null;
  /** The location that served the feed (an RSSHub instance, a moved-to URL), or null. */
  servedBy: string | null;
  /** The feed moved permanently to this URL during this fetch, or null. */
  movedTo: string | null;
  /** How often the server suggests polling (Cache-Control max-age, else the feed's `<ttl>`), in seconds, or null. */
  pollHintSeconds: number | null;
  /** Which of the two gave `pollHintSeconds`, or null. */
  pollHintFrom: 'max-age' | 'ttl' | null;
  itemsNew: number;
  itemsUpdated: number;
  itemsUnchanged: number;
  /** Items still in the feed that retention already removed; they are not taken back. */
  itemsExpired: number;
  /** Items beyond the source's `limit` kept because they came out since its last fetch (`catchUp`). */
  itemsCaughtUp: number;
  /** Items the include/exclude/age filters dropped, with reasons. */
  filtered: Array<{ title: string | null; reason: string }>;
  /** Hexo posts written for the source's items (by `run`; ingest alone writes none). */
  filesWritten: number;
  /**
   * Items that could not be cleaned at ingest (their feed is then fetched whole again) or whose post
   * could not be written (the next publish retries it), each message naming the item.
   */
  itemErrors: string[];
  /** Problems the parser recovered from. */
  warnings: string[];
}

/** The outcome of a refresh before it has done anything; each step of the refresh fills in its part. */
export function emptyOutcome(source: SourceConfig): SourceOutcome {
  return {
    source,
    error: null,
    notModified: false,
    skipped: null,
    servedBy: null,
    movedTo: null,
    pollHintSeconds: null,
    pollHintFrom: null,
    itemsNew: 0,
    itemsUpdated: 0,
    itemsUnchanged: 0,
    itemsExpired: 0,
    itemsCaughtUp: 0,
    filtered: [],
    filesWritten: 0,
    itemErrors: [],
    warnings: [],
  };
}
