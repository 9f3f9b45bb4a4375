import * as z from 'zod/mini';

/** The schema newsmill's tables go in when `store:` names none. */
export const DEFAULT_STORE_SCHEMA = 'newsmill';

// A scheme of two or more letters: `C:\data\newsmill.db` stays a path on Windows.
const SCHEME = /^[a-z][a-z0-9+.-]+:/i;
const POSTGRES_SCHEME = /^postgres(?:ql)?:\/\//i;

/** Whether `store:` names PostgreSQL (by its URL's scheme) rather than a SQLite file. */
export function isPostgresUrl(value: string): boolean {
  return POSTGRES_SCHEME.test(value);
}

/**
 * What is wrong with a PostgreSQL connection URL, or null. The message never quotes the URL: it may
 * carry a password.
 */
export function postgresUrlProblem(value: string): string | null {
  if (!POSTGRES_SCHEME.test(value)) return 'expected a postgres:// or postgresql:// URL';
  try {
    new URL(value);
  } catch {
    return 'not a valid URL (percent-encode special characters in the user name and password)';
  }
  return null;
}

// A schema name newsmill can put in SQL without quoting surprises: PostgreSQL folds unquoted names to
// lower case, keeps 63 bytes of them, and reserves `pg_` for itself.
const schemaName = z.string().check(
  z.regex(/^[a-z_][a-z0-9_]{0,62}$/, {
    message:
      'expected a plain schema name: lower-case letters, digits and _, not starting with a digit, at most 63 characters',
  }),
  z.refine((value) => !value.startsWith('pg_'), {
    message: 'schema names starting with pg_ are reserved by PostgreSQL',
  }),
);

const envName = z.string().check(
  z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
    message: 'expected the name of an environment variable, such as NEWSMILL_STORE_URL',
  }),
);

const postgresUrl = z.string().check(
  z.superRefine((value, context) => {
    const problem = postgresUrlProblem(value);
    if (problem !== null) context.addIssue({ code: 'custom', message: problem });
  }),
);

// A path, or a URL: anything with a scheme must be PostgreSQL's, so `mysql://…` is no file name.
const storePathOrUrl = z.string().check(
  z.minLength(1, 'expected a SQLite file path or a postgres:// URL'),
  z.superRefine((value, context) => {
    if (!SCHEME.test(value)) return;
    const problem = postgresUrlProblem(value);
    if (problem !== null)
      context.addIssue({
        code: 'custom',
        message: POSTGRES_SCHEME.test(value) ? problem : 'expected a SQLite file path or a postgres:// URL',
      });
  }),
);

/**
 * `store:`: a SQLite file path (the default), a `postgres://` URL, or `{ url | urlEnv, schema }`.
 * `urlEnv` names the environment variable holding the URL, so a password stays out of the repository.
 */
export const storeSchema = z._default(
  z.union(
    [
      storePathOrUrl,
      z
        .strictObject({
          url: z.optional(postgresUrl),
          urlEnv: z.optional(envName),
          schema: z._default(schemaName, DEFAULT_STORE_SCHEMA),
        })
        .check(
          z.refine((store) => (store.url === undefined) !== (store.urlEnv === undefined), {
            message: 'set either url or urlEnv (the environment variable holding the URL)',
          }),
        ),
    ],
    'expected a SQLite file path, a postgres:// URL, or { url | urlEnv, schema }',
  ),
  '.newsmill/newsmill.db',
);

/** `store:` as written, after defaults. */
export type StoreSection = z.infer<typeof storeSchema>;
