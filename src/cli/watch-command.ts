import type { Command } from 'commander';
import { mixedContentWarnings } from '../config/mixed-content-warning.js';
import type { Config } from '../config/resolve-config.js';
import { toTerminalLine } from '../core/control-characters.js';
import { describeError } from '../core/errors.js';
import type { SourceOutcome } from '../pipeline/refresh-source.js';
import type { WatchCycle } from '../pipeline/watch.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { loadCliConfig } from './cli-config.js';
import { acquireInstanceLock } from './instance-lock.js';

/** `newsmill watch`: keep every source fresh on its own schedule until stopped. */
export function registerWatchCommand(program: Command): void {
  program
    .command('watch')
    .description(
      'run continuously: fetch each source when due, rebuild after changes, stop cleanly on SIGINT/SIGTERM',
    )
    .option('-c, --config <file>', 'config file', 'newsmill.yaml')
    .action(async (options: { config: string }) => {
      const config = await loadCliConfig(options.config);
      for (const warning of mixedContentWarnings(config)) process.stderr.write(`warning: ${warning}\n`);
      const lock = await acquireInstanceLock(config.store, 'newsmill watch');
      // A PostgreSQL store gets a connection per source in flight (SQLite has one).
      const store = await openStore(config.store, { connections: config.fetch.concurrency });
      const stop = new AbortController();
      const shutdown = (signal: string): void => {
        // A second signal means "now": writes are atomic, so exiting mid-write loses nothing.
        if (stop.signal.aborted) process.exit(130);
        process.stderr.write(`${timestamp()} ${signal}: finishing the fetches in flight, then stopping\n`);
        stop.abort();
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
      process.stderr.write(`${timestamp()} watching ${config.sources.length} sources (Ctrl-C stops)\n`);
      try {
        const [{ watchSources }, { describeOutcome }] = await Promise.all([
          import('../pipeline/watch.js'),
          import('./run-reporter.js'),
        ]);
        const onCycle = (cycle: WatchCycle): void => logCycle(cycle, describeOutcome);
        const rebuild = (): Promise<void> => rebuildSite(config, store);
        await watchSources({ config, store, signal: stop.signal, onCycle, rebuild });
        process.stderr.write(`${timestamp()} stopped cleanly\n`);
      } finally {
        process.off('SIGINT', shutdown);
        process.off('SIGTERM', shutdown);
        await store.close();
        await lock.release();
      }
    });
}

/** Builds the site after changes; a failed build is logged and the next change tries again. */
async function rebuildSite(config: Config, store: Store): Promise<void> {
  try {
    const { buildSite } = await import('../site/build-site.js');
    const started = Date.now();
    const summary = await buildSite({ config, store });
    // Warnings quote category names and paths from the store and the site manifest, as build's do.
    for (const warning of summary.warnings)
      process.stderr.write(`${timestamp()} warning: ${toTerminalLine(warning)}\n`);
    process.stderr.write(
      `${timestamp()} site rebuilt: ${summary.written} files written, ${summary.deleted} deleted, ` +
        `${summary.skipped} unchanged, in ${((Date.now() - started) / 1000).toFixed(2)} s\n`,
    );
  } catch (error) {
    process.stderr.write(`${timestamp()} site rebuild failed: ${toTerminalLine(describeError(error))}\n`);
  }
}

function logCycle(cycle: WatchCycle, describeOutcome: (outcome: SourceOutcome) => string[]): void {
  const s = cycle.summary;
  for (const outcome of s.outcomes) {
    for (const line of describeOutcome(outcome))
      if (!line.startsWith('ok ')) process.stderr.write(`  ${line}\n`);
  }
  // Posts of sources not fetched this cycle, or none at all while a publish held their lock.
  for (const line of s.publishFailures ?? []) process.stderr.write(`  posts: ${toTerminalLine(line)}\n`);
  const next = Number.isFinite(cycle.nextAt) ? new Date(cycle.nextAt).toISOString() : 'never';
  process.stderr.write(
    `${timestamp()} cycle ${cycle.number}: ${cycle.due} due, ${s.sourcesOk} ok, ${s.sourcesFailed} failed, ` +
      `${s.sourcesSkipped} backing off; ${s.itemsNew} new, ${s.itemsUpdated} updated, ${s.filesWritten} files written; next at ${next}\n`,
  );
}

function timestamp(): string {
  return new Date().toISOString();
}
