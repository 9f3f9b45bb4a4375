import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { toTerminalLine } from '../core/control-characters.js';
import { describeStoreTarget, type StoreTarget } from '../core/store-target.js';
import { openStore } from '../store/open-store.js';
import { checkpointStore } from '../store/sqlite-checkpoint.js';
import { loadCliConfig } from './cli-config.js';
import { ExitCode } from './exit-codes.js';
import { acquireInstanceLock } from './instance-lock.js';

/**
 * `newsmill checkpoint`: make the store one consistent file before it is copied (the workflow runs
 * it with `if: always()` before saving the Actions cache), and say whether it is intact.
 */
export function registerCheckpointCommand(program: Command): void {
  program
    .command('checkpoint')
    .description(
      "write the SQLite store's log back into its file and check its integrity (exit 5: damaged); run it before copying the store. With PostgreSQL: check that the store can be reached and read",
    )
    .option('-c, --config <file>', 'config file', 'newsmill.yaml')
    .action(async (options: { config: string }) => {
      const config = await loadCliConfig(options.config);
      if (config.store.kind === 'postgres') {
        await checkPostgresStore(config.store);
        return;
      }
      const file = config.store.path;
      // A run that failed before its first write leaves nothing to check, which is no failure.
      if (!existsSync(file)) {
        process.stdout.write(`no store at ${file} yet: nothing to checkpoint\n`);
        return;
      }
      // A writer would refill the log at once; a lock left by a cancelled run is taken over here,
      // and released (deleted) before the cache is saved.
      const lock = await acquireInstanceLock({ kind: 'sqlite', path: file }, 'newsmill checkpoint');
      try {
        const { problems, pagesWrittenBack, bytes } = checkpointStore(file);
        const size = `${formatMegabytes(bytes)}${pagesWrittenBack > 0 ? ` (${pagesWrittenBack} log pages written back)` : ''}`;
        if (problems.length === 0) {
          process.stdout.write(`store ${file}: integrity ok, ${size}\n`);
          return;
        }
        const found = problems.length === 1 ? problems[0] : `${problems[0]}, and ${problems.length - 1} more`;
        // SQLite's findings name tables and indexes of a file that may come from anywhere.
        const line = toTerminalLine(
          `store ${file} is damaged (${found}), ${size}: restore a saved copy of it, or ` +
            '`newsmill import` a file written by `newsmill export`',
        );
        process.stderr.write(`${line}\n`);
        process.exitCode = ExitCode.storeDamaged;
      } finally {
        await lock.release();
      }
    });
}

/**
 * PostgreSQL writes its own log back and checks its own pages, and a copy of it is `pg_dump`'s (or
 * `newsmill export`'s) job, so there is nothing to fold: the check left is that this machine reaches
 * the store and can read its schema, which is what a workflow's last step wants to know.
 */
async function checkPostgresStore(target: Extract<StoreTarget, { kind: 'postgres' }>): Promise<void> {
  const store = await openStore(target, { readonly: true });
  try {
    const sources = (await store.listSources()).length;
    process.stdout.write(
      `store ${describeStoreTarget(target)}: PostgreSQL keeps its own log, nothing to checkpoint; ` +
        `connection ok, ${sources} sources\n`,
    );
  } finally {
    await store.close();
  }
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}
