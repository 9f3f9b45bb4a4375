import type { Command } from 'commander';
import { runAllSources } from '../pipeline/run-all.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { loadCliConfig } from './cli-config.js';
import { ExitCode } from './exit-codes.js';
import { createRunReporter } from './run-reporter.js';

/** `newsmill run`: fetch every source, store the items and write the posts. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('fetch every source, store new and changed items, and write Hexo posts')
    .option('-c, --config <file>', 'config file', 'newsmill.yaml')
    .option('--force', 'ignore stored ETag/Last-Modified and fetch everything again')
    .option('--strict', 'exit with code 3 when any source fails (default: only when all fail)')
    .action(async (options: { config: string; force?: boolean; strict?: boolean }) => {
      const config = loadCliConfig(options.config);
      const store = openSqliteStore(config.storePath);
      const reporter = createRunReporter(process.stderr, process.stdout);
      const abort = new AbortController();
      const stop = (): void => abort.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const summary = await runAllSources({
          config,
          store,
          force: options.force,
          signal: abort.signal,
          onEvent: (event) => reporter.onEvent(event),
        });
        reporter.finish(summary);
        const allFailed = summary.sourcesFailed > 0 && summary.sourcesOk === 0;
        if (allFailed || (options.strict && summary.sourcesFailed > 0))
          process.exitCode = ExitCode.sourcesFailed;
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await store.close();
      }
    });
}
