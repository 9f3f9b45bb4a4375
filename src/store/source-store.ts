import type { OutputKind } from './output-store.js';

/** How a configured source is registered in the store. */
export interface SourceRegistration {
  key: string;
  location: string;
  categories: readonly string[];
}

/** HTTP validators remembered per source for conditional GET. */
export interface SourceValidators {
  etag: string | null;
  lastModified: string | null;
}

/** What the next fetch of a source needs to know from earlier ones. */
export interface SourceFetchState extends SourceValidators {
  /** Failing sources are not fetched again before this instant (ISO 8601), unless forced. */
  nextAttemptAt: string | null;
  /** Where the feed moved permanently (301/308), used instead of the configured URL. */
  movedTo: string | null;
  /** Consecutive failed fetches. */
  errorStreak: number;
  /** The last fetch attempt (ISO 8601 UTC), or null: a fetch job names the one it was scheduled after. */
  lastAttemptAt: string | null;
}

/** How often a source's server asks to be polled, and which field said so. */
export interface PollHint {
  seconds: number;
  /** `max-age`: the response's Cache-Control; `ttl`: the feed's `<ttl>` or `sy:updatePeriod`. */
  from: 'max-age' | 'ttl';
}

/** What `watch` decided about a source's next fetch, kept so an operator (and a restart) sees it. */
export interface SourceSchedule {
  /** When the source is next due, ISO 8601 UTC. */
  dueAt: string;
  /** Why then, e.g. `hint: ttl 60 min`, `backoff after 3 failures`, `adaptive interval 72 min`. */
  reason: string;
}

/** One fetch attempt of one source, for the fetch log and source health. */
export interface FetchRecord {
  sourceKey: string;
  startedAt: string;
  durationMs: number;
  /** HTTP status, 200 for local files, null when no response came back. */
  status: number | null;
  /** The short, human error message when the attempt failed. */
  error: string | null;
  itemsSeen: number;
  itemsNew: number;
  itemsUpdated: number;
  validators?: SourceValidators;
  /** When a failing source may be tried again; null clears the backoff. */
  nextAttemptAt?: string | null;
  /** A permanent redirect target to remember, when the fetch followed one. */
  movedTo?: string | null;
  /** Which URL (e.g. which RSSHub instance) served the feed. */
  servedBy?: string | null;
  /**
   * The polling hint the fetch brought: null clears it (a feed that no longer declares one), absent
   * keeps the last one (a 304 without Cache-Control, a failure).
   */
  pollHint?: PollHint | null;
  /** Which worker made the attempt (`<hostname>:<pid>`); absent or null when no worker did (`run`, `watch`). */
  fetchedBy?: string | null;
}

/** A registered source and its health, as `newsmill sources` shows it. */
export interface SourceRecord {
  key: string;
  location: string;
  categories: string[];
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  errorStreak: number;
  itemCount: number;
  nextAttemptAt: string | null;
  movedTo: string | null;
  servedBy: string | null;
  /** New items per day, averaged over the fetch log (its last 30 days). */
  newItemsPerDay: number;
  /** The last polling hint the source's server gave, or null. */
  pollHint: PollHint | null;
  /** When `watch` last decided the source is next due (ISO 8601), as stored: not checked against the clock. */
  nextDueAt: string | null;
  /** Why `watch` chose `nextDueAt`, or null. */
  dueReason: string | null;
  /** Which worker (`<hostname>:<pid>`) made the last attempt, or null when no worker did. */
  lastFetchedBy: string | null;
}

/** A source the store holds that is no longer in the config (hand-written or selected). */
export interface RemovedSource {
  key: string;
  /** When a run first found it gone (ISO 8601 UTC); now, when none has yet. */
  removedAt: string;
  itemCount: number;
  /** Every file newsmill recorded writing for its items. */
  outputs: Array<{ kind: OutputKind; file: string }>;
}

/** Sources and their fetch state: registration, the fetch log, schedules, and sources gone from the config. */
export interface SourceStore {
  /**
   * Creates or refreshes the row of a configured source, and gives its fetch state as
   * `getFetchState` would read it next: a fetch needs both, in one round trip.
   */
  registerSource(source: SourceRegistration): Promise<SourceFetchState>;
  /** `registerSource` for many sources at once (a scheduler's every pass): one transaction. */
  registerSources(sources: readonly SourceRegistration[]): Promise<void>;
  /** Validators, backoff and redirect state of a source. */
  getFetchState(sourceKey: string): Promise<SourceFetchState>;
  /** Appends to the fetch log and updates the source's health. */
  recordFetch(record: FetchRecord): Promise<void>;
  /** Remembers `watch`'s decision about a source's next fetch. */
  recordSchedule(sourceKey: string, schedule: SourceSchedule): Promise<void>;
  /** `recordSchedule` for many sources at once, in one transaction; every source must be registered. */
  recordSchedules(entries: ReadonlyArray<{ sourceKey: string; schedule: SourceSchedule }>): Promise<void>;
  /** Every registered source with its health, in registration order. */
  listSources(): Promise<SourceRecord[]>;
  /** One registered source with its health, as `listSources` gives it, or null. */
  getSource(sourceKey: string): Promise<SourceRecord | null>;
  /**
   * Marks stored sources missing from `activeKeys` as removed from `now` (ISO 8601 UTC), and
   * unmarks those back in it; returns the keys of those added back.
   */
  noteRemovedSources(activeKeys: readonly string[], now: string): Promise<string[]>;
  /** Stored sources missing from `activeKeys`, with when they were found gone, their items and files. */
  listRemovedSources(activeKeys: readonly string[], now: string): Promise<RemovedSource[]>;
  /** Deletes a source with all it stored: items, fetch log, file records; re-added, it starts fresh. */
  purgeSource(sourceKey: string): Promise<void>;
}
