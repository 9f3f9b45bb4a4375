import type { Command } from 'commander';
import { mixedContentWarnings } from '../config/mixed-content-warning.js';
import { openStore } from '../store/open-store.js';
import { loadCliConfig } from './cli-config.js';
import { ExitCode } from './exit-codes.js';
import { acquireInstanceLock } from './instance-lock.js';

/** `newsmill run`: fetch every source, store the items and write the posts. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('fetch every source, store new and changed items, and write Hexo posts')
    .option('-c, --config <file>', 'config file', 'newsmill.yaml')
    .option('--force', 'fetch every source now: ignore stored ETag/Last-Modified and failure backoff')
    .option(
      '--strict',
      'exit with code 3 when a source needs attention (failing, backing off or never succeeded; see `newsmill sources`), a post could not be written, or a pruning failed (default: only when every source fails)',
    )
    .action(async (options: { config: string; force?: boolean; strict?: boolean }) => {
      const config = await loadCliConfig(options.config);
      for (const warning of mixedContentWarnings(config)) process.stderr.write(`warning: ${warning}\n`);
      // Two runs (or a run and a watch) on one store would fetch and write the same posts twice.
      const lock = await acquireInstanceLock(config.store, 'newsmill run');
      const abort = new AbortController();
      // The first Ctrl-C lets fetches in flight finish; a second one exits at once (writes are atomic).
      const stop = (): void => (abort.signal.aborted ? process.exit(130) : abort.abort());
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      try {
        // A PostgreSQL store gets a connection per source in flight (SQLite has one).
        const store = await openStore(config.store, { connections: config.fetch.concurrency });
        try {
          const [{ createRunReporter }, { runAllSources }, { judgeSources }] = await Promise.all([
            import('./run-reporter.js'),
            import('../pipeline/run-all.js'),
            import('../pipeline/source-verdict.js'),
          ]);
          const reporter = createRunReporter(process.stderr, process.stdout);
          // A store that becomes unusable ends the run with an error: the bar must not keep the cursor.
          const summary = await runAllSources({
            config,
            store,
            force: options.force,
            signal: abort.signal,
            onEvent: (event) => reporter.onEvent(event),
          }).catch((error: unknown) => {
            reporter.abandon();
            throw error;
          });
          // Judged from the store after the run, as `newsmill sources` judges: a source skipped
          // because it is backing off failed earlier and has not recovered.
          const verdict = judgeSources(config, await store.listSources(), new Date());
          reporter.finish(summary, verdict);
          const allFailed = summary.sourcesFailed > 0 && summary.sourcesOk === 0;
          const anyFailed =
            !verdict.ok ||
            summary.itemsFailed > 0 ||
            summary.pruneFailures.length > 0 ||
            (summary.publishFailures?.length ?? 0) > 0;
          if (allFailed || (options.strict && anyFailed)) process.exitCode = ExitCode.sourcesFailed;
        } finally {
          await store.close();
        }
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await lock.release();
      }
    });
}
