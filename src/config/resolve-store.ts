import path from 'node:path';
import { ConfigError } from '../core/errors.js';
import type { StoreTarget } from '../core/store-target.js';
import {
  DEFAULT_STORE_SCHEMA,
  isPostgresUrl,
  postgresUrlProblem,
  type StoreSection,
} from './store-schema.js';

/**
 * Turns `store:` into the store to open: a SQLite path resolved against the config's folder, or a
 * PostgreSQL URL (from the config or the environment) and schema. A password written into the
 * config is a secret in the repository: it still works, with a warning naming the key, never the
 * password.
 */
export function resolveStoreTarget(
  store: StoreSection,
  file: string,
  env: Record<string, string | undefined>,
  warnings: string[],
): StoreTarget {
  if (typeof store === 'string') {
    if (!isPostgresUrl(store)) return { kind: 'sqlite', path: path.resolve(path.dirname(file), store) };
    warnAboutPassword(store, 'store', file, warnings);
    return { kind: 'postgres', url: store, schema: DEFAULT_STORE_SCHEMA };
  }
  if (store.url !== undefined) {
    warnAboutPassword(store.url, 'store.url', file, warnings);
    return { kind: 'postgres', url: store.url, schema: store.schema };
  }
  const name = store.urlEnv ?? '';
  const url = env[name];
  if (!url) {
    throw new ConfigError(
      `${file}: store.urlEnv: the environment variable ${name} is empty; set it to the store's postgres:// URL`,
    );
  }
  // The value is not quoted: it holds the password this indirection keeps out of the config.
  const problem = postgresUrlProblem(url);
  if (problem !== null)
    throw new ConfigError(`${file}: store.urlEnv: the environment variable ${name}: ${problem}`);
  return { kind: 'postgres', url, schema: store.schema };
}

function warnAboutPassword(url: string, key: string, file: string, warnings: string[]): void {
  const parsed = new URL(url);
  if (parsed.password === '' && !parsed.searchParams.has('password')) return;
  warnings.push(
    `${file}: ${key}: the URL carries a password, which does not belong in a config file: ` +
      'give it in PGPASSWORD, or the whole URL in an environment variable named by store.urlEnv',
  );
}
