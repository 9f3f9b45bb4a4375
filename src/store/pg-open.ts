import type pg from 'pg';
import { StoreError } from '../core/errors.js';
import {
  PostgresTargetError,
  createPostgresPool,
  describeTarget,
  type PostgresTarget,
} from './pg-connection.js';
import { postgresUnusableError } from './pg-faults.js';
import { migratePostgres, readSchemaVersion, schemaVersionError } from './pg-migrations.js';

/** A pool on a store's schema, ready for use, and how the store is named in messages. */
export interface OpenPostgresPool {
  pool: pg.Pool;
  where: string;
}

/**
 * Connects to the store in `target`'s schema. For writing, the schema is created and migrated
 * first; read-only, nothing is written: a schema that does not exist yet gives null (an empty
 * store), one this build cannot read fails with what to do.
 */
export async function openPostgresPool(
  target: PostgresTarget,
  readonly: boolean,
  connections?: number,
): Promise<OpenPostgresPool | null> {
  const where = describeTarget(target);
  if (!/^postgres(?:ql)?:\/\//.test(target.url) || !URL.canParse(target.url))
    throw new PostgresTargetError(`not a postgres:// URL: ${where}`);
  const pool = createPostgresPool(target, { readonly, connections });
  try {
    if (!readonly) await migratePostgres(pool, target.schema, where);
    else {
      const version = await readSchemaVersion(pool, target.schema);
      if (version === null) {
        await pool.end();
        return null;
      }
      const refused = schemaVersionError(version, where, true);
      if (refused) throw refused;
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw (
      postgresUnusableError(error, where) ??
      (error instanceof StoreError
        ? error
        : new StoreError(`cannot open the store ${where}`, { cause: error }))
    );
  }
  return { pool, where };
}
