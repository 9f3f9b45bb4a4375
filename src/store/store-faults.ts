import path from 'node:path';
import { StoreError, describeError } from '../core/errors.js';

/** What makes a store unusable as a whole, rather than one statement failing. */
export type StoreFault = 'damaged' | 'full' | 'io' | 'read-only' | 'unopenable' | 'closed';

/**
 * The store cannot be used at all: every later read or write would fail the same way, so the
 * command stops at once (exit code 1) with this one message, which says what to do.
 */
export class StoreUnusableError extends StoreError {
  override readonly name = 'StoreUnusableError';

  constructor(
    message: string,
    /** Which kind of fault, for callers that react to one. */
    readonly fault: StoreFault,
    /** The store file. */
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// SQLite's primary result codes (https://sqlite.org/rescode.html); extended codes such as
// SQLITE_IOERR_WRITE or SQLITE_READONLY_DIRECTORY start with their primary code's name.
const FAULTS: ReadonlyArray<[prefix: string, fault: StoreFault]> = [
  ['SQLITE_CORRUPT', 'damaged'],
  ['SQLITE_NOTADB', 'damaged'],
  ['SQLITE_FULL', 'full'],
  ['SQLITE_IOERR', 'io'],
  ['SQLITE_READONLY', 'read-only'],
  ['SQLITE_CANTOPEN', 'unopenable'],
];

/** better-sqlite3's message for any call on a closed database. */
const CLOSED = 'The database connection is not open';

/** Which store fault `error` (thrown by better-sqlite3) is, or null when it is not one. */
export function storeFaultOf(error: unknown): StoreFault | null {
  if (error instanceof TypeError && error.message === CLOSED) return 'closed';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  return FAULTS.find(([prefix]) => code === prefix || code.startsWith(`${prefix}_`))?.[1] ?? null;
}

/**
 * The StoreUnusableError for `error` thrown while using the store `file`, or null when the error
 * concerns one statement (a constraint, a bug) and the store itself is fine.
 */
export function unusableStoreError(error: unknown, file: string): StoreUnusableError | null {
  if (error instanceof StoreUnusableError) return error;
  const fault = storeFaultOf(error);
  if (fault === null) return null;
  const reason = describeError(error);
  const folder = path.dirname(path.resolve(file));
  const advice: Record<StoreFault, string> = {
    damaged:
      `the store ${file} is damaged (${reason}). Restore it from a backup: move it aside, then copy ` +
      `back a saved copy of it, or run \`newsmill import <file>\` with a file written by ` +
      `\`newsmill export\`. Without a backup, removing it starts an empty store: the next run ` +
      `fetches every source again`,
    full: `the disk holding the store ${file} is full (${reason}); free space in ${folder} and run again`,
    io:
      `cannot read or write the store ${file} (${reason}); check the disk holding ${folder} ` +
      `(free space, errors) and run again`,
    'read-only':
      `the store ${file} cannot be written (${reason}); make it and its folder ${folder} writable ` +
      `for this user, or run newsmill as a user who may write them`,
    unopenable:
      `cannot open the store ${file} (${reason}); check that ${folder} exists and that this user ` +
      `may read and write it`,
    closed: `the store ${file} was closed while newsmill still used it (${reason}); run again`,
  };
  return new StoreUnusableError(`${advice[fault]}.`, fault, file, { cause: error });
}
