import type { Command } from 'commander';
import type { Config } from '../config/resolve-config.js';
import { toTerminalLine } from '../core/control-characters.js';
import { applyRetention, describeKept, describeRefused } from '../pipeline/apply-retention.js';
import {
  describeRetireKept,
  describeRetireRefused,
  describeRetireHeld,
  retireRemovedSources,
} from '../pipeline/removed-sources.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { loadCliConfig } from './cli-config.js';
import { ExitCode } from './exit-codes.js';
import { acquireInstanceLock } from './instance-lock.js';

// Titles, identities, source keys and recorded paths come from feeds, the config or a restored
// store: they must not drive the terminal (issue #18).
const out = (line: string): boolean => process.stdout.write(`${toTerminalLine(line)}\n`);
const warn = (line: string): boolean => process.stderr.write(`${toTerminalLine(line)}\n`);

/** `newsmill prune`: apply retention now, or with --dry-run list what it would remove. */
export function registerPruneCommand(program: Command): void {
  program
    .command('prune')
    .description(
      'remove items past retention and the stored items of sources dropped from the config (with the files newsmill wrote for them); --dry-run only lists them',
    )
    .option('-c, --config <file>', 'config file', 'newsmill.yaml')
    .option('--dry-run', 'list what would be removed, change nothing')
    .action(async (options: { config: string; dryRun?: boolean }) => {
      const config = await loadCliConfig(options.config);
      const lock = await acquireInstanceLock(config.store, 'newsmill prune');
      try {
        const store = await openStore(config.store);
        try {
          const dryRun = options.dryRun ?? false;
          const pruned = await pruneExpiredItems(config, store, dryRun);
          const retired = await pruneRemovedSources(config, store, dryRun);
          if (!pruned && !retired) {
            out(
              'no retention configured (retention.maxAgeDays, retention.maxItemsPerSource) and no source removed from the config: nothing to prune',
            );
          }
        } finally {
          await store.close();
        }
      } finally {
        await lock.release();
      }
    });
}

/** Applies (or lists) retention's limits; false when none is configured. */
async function pruneExpiredItems(config: Config, store: Store, dryRun: boolean): Promise<boolean> {
  const { maxAgeDays, maxItemsPerSource } = config.retention;
  if (maxAgeDays === null && maxItemsPerSource === null) return false;
  const result = await applyRetention(config, store, config.retention, { dryRun });
  for (const item of result.expired) {
    const name = item.title ?? item.identity;
    out(`${dryRun ? 'would remove' : 'removed'} ${item.sourceKey}: ${item.date.slice(0, 10)} "${name}"`);
    // A record naming a file outside the output folders is not listed as removed: it is not.
    for (const { file } of item.outputs)
      if (!result.refused.some((entry) => entry.item === item && entry.file === file)) out(`    ${file}`);
  }
  const verb = dryRun ? 'would remove' : 'removed';
  out(`${verb} ${result.expired.length} items and ${result.files.length} files`);
  // Kept items stay in the store with their file records: the next prune or run retries them.
  for (const entry of result.kept) warn(describeKept(entry));
  for (const entry of result.refused) warn(`warning: ${describeRefused(entry)}`);
  if (result.kept.length > 0) process.exitCode = ExitCode.internal;
  return true;
}

/** Deletes (or lists) what is stored of sources no longer configured; false when there is none. */
async function pruneRemovedSources(config: Config, store: Store, dryRun: boolean): Promise<boolean> {
  const result = await retireRemovedSources(config, store, { dryRun });
  for (const { source, due, purgeAt, files } of result.sources) {
    if (due) {
      const verb = dryRun ? 'would delete' : 'deleted';
      out(`${verb} removed source ${source.key}: ${source.itemCount} items, ${files.length} files`);
    } else {
      out(
        `removed source ${source.key}: ${source.itemCount} items stay stored until ${purgeAt.slice(0, 10)} (retention.removedSourceDays), left out of the site`,
      );
      if (files.length > 0) out(`  ${dryRun ? 'would delete' : 'deleted'} its ${files.length} Hexo posts`);
    }
    for (const file of files) out(`    ${file}`);
  }
  const held = describeRetireHeld(result);
  if (held !== null) warn(`warning: ${held}`);
  // A source kept stays stored with its file records: the next prune or run retries it.
  for (const entry of result.kept) warn(describeRetireKept(entry));
  for (const entry of result.refused) warn(`warning: ${describeRetireRefused(entry)}`);
  if (result.kept.length > 0) process.exitCode = ExitCode.internal;
  return result.sources.length > 0;
}
