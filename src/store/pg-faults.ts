import { StoreError } from '../core/errors.js';
import { StoreValueError } from './store-values.js';
import { StoreUnusableError, type StoreFault } from './store-faults.js';

// SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html) that make the
// whole store unusable; a class such as 08 (connection exception) is matched by its first two digits.
const SQLSTATES: ReadonlyArray<[code: string, fault: StoreFault]> = [
  ['08', 'unopenable'],
  ['28', 'unopenable'],
  ['3D000', 'unopenable'],
  ['53300', 'unopenable'],
  ['57P01', 'unopenable'],
  ['57P02', 'unopenable'],
  ['57P03', 'unopenable'],
  ['53100', 'full'],
  ['58030', 'io'],
  ['XX001', 'damaged'],
  ['XX002', 'damaged'],
  ['25006', 'read-only'],
  ['42501', 'read-only'],
];

// Socket errors node-postgres passes on when the server cannot be reached or goes away.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
]);

// node-postgres raises these as plain errors, with no code.
const CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /^timeout expired/,
  /^Client has encountered a connection error/,
];
const CLOSED_MESSAGE = /^Cannot use a pool after calling end on the pool/;

function codeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  // Connecting to a name with several addresses fails with an AggregateError of each attempt.
  const first = (error as { errors?: unknown[] } | null)?.errors?.[0];
  return first === undefined ? null : codeOf(first);
}

/** Which store fault `error` (thrown by node-postgres) is, or null when it concerns one statement. */
export function postgresFaultOf(error: unknown): StoreFault | null {
  const code = codeOf(error);
  if (code !== null) {
    if (NETWORK_CODES.has(code)) return 'unopenable';
    const match = SQLSTATES.find(
      ([prefix]) => code === prefix || (prefix.length === 2 && code.startsWith(prefix)),
    );
    if (match) return match[1];
  }
  const message = error instanceof Error ? error.message : '';
  if (CLOSED_MESSAGE.test(message)) return 'closed';
  if (CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return 'unopenable';
  return null;
}

/** A short reason for `error`; an AggregateError's own message is empty, so its parts speak. */
function postgresReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts = (error as { errors?: unknown[] }).errors;
  if (error.message === '' && Array.isArray(parts) && parts.length > 0)
    return parts.map((part) => postgresReason(part)).join('; ');
  const code = codeOf(error);
  return error.message || code || error.name;
}

/**
 * The StoreUnusableError for `error` met while using the PostgreSQL store `where` (a redacted URL
 * and schema), or null when the error concerns one statement and the store itself is fine.
 */
export function postgresUnusableError(error: unknown, where: string): StoreUnusableError | null {
  if (error instanceof StoreUnusableError) return error;
  const fault = postgresFaultOf(error);
  if (fault === null) return null;
  const reason = postgresReason(error);
  const advice: Record<StoreFault, string> = {
    damaged:
      `the PostgreSQL store ${where} is damaged (${reason}). Restore the database from a backup, or ` +
      `import a file written by \`newsmill export\` into an empty schema`,
    full: `the PostgreSQL server of the store ${where} is out of disk space (${reason}); free space there and run again`,
    io: `the PostgreSQL server of the store ${where} cannot read or write its disk (${reason}); check the server`,
    'read-only':
      `the PostgreSQL store ${where} cannot be written (${reason}); grant this database user the right ` +
      `to write the schema, or use a server that is not a read-only standby`,
    unopenable:
      `cannot use the PostgreSQL store ${where} (${reason}); check that the server runs, that this ` +
      `machine may connect, and that the URL's user, password and database are right`,
    closed: `the PostgreSQL store ${where} was closed while newsmill still used it (${reason}); run again`,
  };
  return new StoreUnusableError(`${advice[fault]}.`, fault, where, { cause: error });
}

/**
 * Wraps a failure of one store call: a fault of the whole store becomes its StoreUnusableError,
 * anything else a StoreError naming the action and what it was for.
 */
export function postgresCallError(
  error: unknown,
  action: string,
  subject: string,
  where: string,
): StoreError {
  const unusable = postgresUnusableError(error, where);
  if (unusable) return unusable;
  // A bad value says what it is but not where it came from.
  if (error instanceof StoreValueError)
    return new StoreError(`cannot ${action} for ${subject} in ${where}: ${error.message}`, { cause: error });
  if (error instanceof StoreError) return error;
  return new StoreError(`cannot ${action} for ${subject} in ${where}`, { cause: error });
}
