/** The base class of every error newsmill raises on purpose; it keeps the cause that led to it. */
export class NewsmillError extends Error {
  override readonly name: string = 'NewsmillError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The configuration file is missing, unreadable or invalid. */
export class ConfigError extends NewsmillError {
  override readonly name = 'ConfigError';
}

/** How a fetch failure may be retried. */
export interface FetchErrorOptions {
  cause?: unknown;
  /** A transient failure (network, timeout, 5xx, 429) that a later attempt may get past. */
  retryable?: boolean;
  /** The server's `Retry-After`, in milliseconds, when it sent one. */
  retryAfterMs?: number | null;
}

/** A source could not be fetched: network failure, HTTP error status, oversize body, missing file. */
export class FetchError extends NewsmillError {
  override readonly name = 'FetchError';
  /** Whether retrying the same request later may succeed. */
  readonly retryable: boolean;
  /** How long the server asked us to wait, in milliseconds, or null. */
  readonly retryAfterMs: number | null;

  constructor(
    message: string,
    readonly url: string,
    readonly status: number | null = null,
    options?: FetchErrorOptions,
  ) {
    super(message, { cause: options?.cause });
    this.retryable = options?.retryable ?? false;
    this.retryAfterMs = options?.retryAfterMs ?? null;
  }
}

/** A document could not be read as a feed, or a web page as an article. */
export class ParseError extends NewsmillError {
  override readonly name = 'ParseError';
}

/** The store could not be opened, migrated or written. */
export class StoreError extends NewsmillError {
  // A string, not the literal: subclasses name their own kind of store failure.
  override readonly name: string = 'StoreError';
}

/** A post or site file could not be written. */
export class OutputError extends NewsmillError {
  override readonly name = 'OutputError';
}

/** newsmill's own code broke one of its invariants: a bug to report, never a problem with the input. */
export class InternalError extends NewsmillError {
  override readonly name = 'InternalError';
}

/** A short human message for any thrown value, following the cause chain one level for context. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? error.cause.message : null;
    return cause && !error.message.includes(cause) ? `${error.message}: ${cause}` : error.message;
  }
  return String(error);
}

/** The image proxy refused a request or an upstream response; `reason` is a stable machine-readable code. */
export class ProxyError extends NewsmillError {
  override readonly name = 'ProxyError';
  constructor(
    message: string,
    readonly reason: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
