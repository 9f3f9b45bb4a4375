import { hostname } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import { toTerminalLine } from '../core/control-characters.js';
import { describeError } from '../core/errors.js';
import type { FetchJobReport } from '../queue/fetch-worker.js';
import { requirePostgresTarget } from '../queue/queue-settings.js';
import { openStore } from '../store/open-store.js';
import { loadCliConfig } from './cli-config.js';
import { queueSettingsFromEnv } from './queue-env.js';

/** Reads a whole number from 1 to `max` given on the command line. */
export function wholeNumberOption(max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1 || number > max)
      throw new InvalidArgumentError(`expected a whole number from 1 to ${max}`);
    return number;
  };
}

/** `newsmill worker`: fetch the sources the scheduler enqueues, beside any number of other workers. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'fetch due sources from the job queue of a PostgreSQL store, on any number of machines; ' +
        'SIGTERM/SIGINT let the jobs in flight finish, then stop',
    )
    .option('-c, --config <file>', 'config file', 'newsmill.yaml')
    .option('--concurrency <n>', 'jobs this process runs at once', wholeNumberOption(64), 4)
    .option('--drain <seconds>', 'how long a stop waits for jobs in flight', wholeNumberOption(3600), 60)
    .action(async (options: { config: string; concurrency: number; drain: number }) => {
      const config = await loadCliConfig(options.config);
      const target = requirePostgresTarget(config.store, 'worker');
      const settings = queueSettingsFromEnv(process.env);
      const fetchedBy = `${hostname()}:${process.pid}`;
      // About one connection per job in flight: with fewer, jobs wait for one between their statements.
      const store = await openStore(config.store, { connections: options.concurrency });
      try {
        const [{ openFetchQueue }, { startFetchWorker }] = await Promise.all([
          import('../queue/fetch-queue.js'),
          import('../queue/fetch-worker.js'),
        ]);
        // pg-boss claims, settles, beats and supervises on connections of its own, beside the
        // jobs': one claim at a time for the whole process (claim-loop.ts), and short settles.
        const queue = await openFetchQueue(target, settings, {
          role: 'worker',
          connections: 4,
          onError: (error) => log(`queue error: ${describeError(error)}`),
        });
        const stopped = waitForStop(options.drain);
        try {
          const worker = { config, store, queue, concurrency: options.concurrency, fetchedBy, onJob: logJob };
          await startFetchWorker(worker);
          log(`worker ${fetchedBy}: ${options.concurrency} at a time, ${config.fetch.perHost} per host`);
          await stopped;
        } finally {
          // Jobs in flight get the drain time; those still running then go back to the queue.
          await queue.close(options.drain * 1000);
        }
        log('stopped cleanly');
      } finally {
        await store.close();
      }
    });
}

/** Resolves at the first SIGTERM or SIGINT; a second one exits at once (store writes are transactions). */
function waitForStop(drainSeconds: number): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) process.exit(130);
      stopping = true;
      log(`${signal}: taking no more jobs; those in flight get up to ${drainSeconds} s to finish`);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function logJob(report: FetchJobReport): void {
  const items = report.result === 'ok' ? `: ${report.itemsNew} new, ${report.itemsUpdated} updated` : '';
  const detail = report.detail === '' ? '' : `: ${report.detail}`;
  log(`${report.result} ${report.sourceKey} in ${report.durationMs} ms${items}${detail}`);
}

/** One line on stderr; keys, errors and reasons come from configs, feeds and servers. */
function log(line: string): void {
  process.stderr.write(`${new Date().toISOString()} ${toTerminalLine(line)}\n`);
}
