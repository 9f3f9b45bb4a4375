import type { Command } from 'commander';
import { toTerminalLine } from '../core/control-characters.js';
import { applyRetention, describeKept, describeRefused } from '../pipeline/apply-retention.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { loadCliConfig } from './cli-config.js';
import { ExitCode } from './exit-codes.js';
import { acquireInstanceLock } from './instance-lock.js';

/** `newsmill prune`: apply retention now, or with --dry-run list what it would remove. */
export function registerPruneCommand(program: Command): void {
  program
    .command('prune')
    .description(
      'remove items past retention (and the files newsmill wrote for them); --dry-run only lists them',
    )
    .option('-c, --config <file>', 'config file', 'newsmill.yaml')
    .option('--dry-run', 'list what would be removed, change nothing')
    .action(async (options: { config: string; dryRun?: boolean }) => {
      const config = await loadCliConfig(options.config);
      const { maxAgeDays, maxItemsPerSource } = config.retention;
      if (maxAgeDays === null && maxItemsPerSource === null) {
        process.stdout.write(
          'no retention configured (retention.maxAgeDays, retention.maxItemsPerSource): nothing to prune\n',
        );
        return;
      }
      const lock = await acquireInstanceLock(config.storePath, 'newsmill prune');
      try {
        const store = openSqliteStore(config.storePath);
        try {
          const dryRun = options.dryRun ?? false;
          const result = await applyRetention(config, store, config.retention, { dryRun });
          // Titles, identities and recorded paths come from feeds or a restored store: they must not
          // drive the terminal (issue #18).
          for (const item of result.expired) {
            const name = toTerminalLine(item.title ?? item.identity);
            process.stdout.write(
              `${dryRun ? 'would remove' : 'removed'} ${toTerminalLine(item.sourceKey)}: ${item.date.slice(0, 10)} "${name}"\n`,
            );
            // A record naming a file outside the output folders is not listed as removed: it is not.
            for (const { file } of item.outputs)
              if (!result.refused.some((entry) => entry.item === item && entry.file === file))
                process.stdout.write(`    ${toTerminalLine(file)}\n`);
          }
          const verb = dryRun ? 'would remove' : 'removed';
          process.stdout.write(`${verb} ${result.expired.length} items and ${result.files.length} files\n`);
          // Kept items stay in the store with their file records: the next prune or run retries them.
          for (const entry of result.kept) process.stderr.write(`${toTerminalLine(describeKept(entry))}\n`);
          for (const entry of result.refused)
            process.stderr.write(`warning: ${toTerminalLine(describeRefused(entry))}\n`);
          if (result.kept.length > 0) process.exitCode = ExitCode.internal;
        } finally {
          await store.close();
        }
      } finally {
        await lock.release();
      }
    });
}
