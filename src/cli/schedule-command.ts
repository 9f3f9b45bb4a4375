import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { toTerminalLine } from '../core/control-characters.js';
import { describeError } from '../core/errors.js';
import type { SchedulePass } from '../queue/schedule-fetches.js';
import { requirePostgresTarget } from '../queue/queue-settings.js';
import { openStore } from '../store/open-store.js';
import { loadCliConfig } from './cli-config.js';
import { queueSettingsFromEnv } from './queue-env.js';
import { wholeNumberOption } from './worker-command.js';

/** `newsmill schedule`: enqueue each source when it is due, for the workers. */
export function registerScheduleCommand(program: Command): void {
  program
    .command('schedule')
    .description(
      'enqueue each source of a PostgreSQL store when it is due (its interval, server hints, backoff), ' +
        'for `newsmill worker`; several schedulers may run, each due time is enqueued once',
    )
    .option('-c, --config <file>', 'config file', 'newsmill.yaml')
    .option('--once', 'enqueue what is due within the interval, then exit (for cron)')
    .option('--interval <seconds>', 'seconds between passes', wholeNumberOption(3600), 60)
    .action(async (options: { config: string; once?: boolean; interval: number }) => {
      const config = await loadCliConfig(options.config);
      const target = requirePostgresTarget(config.store, 'schedule');
      const settings = queueSettingsFromEnv(process.env);
      const store = await openStore(config.store, {});
      try {
        const [{ openFetchQueue }, { registerConfiguredSources, scheduleDueSources }] = await Promise.all([
          import('../queue/fetch-queue.js'),
          import('../queue/schedule-fetches.js'),
        ]);
        const queue = await openFetchQueue(target, settings, {
          role: 'scheduler',
          connections: 3,
          onError: (error) => log(`queue error: ${describeError(error)}`),
        });
        const stop = stopOnSignals();
        try {
          const returned = await registerConfiguredSources(config, store);
          if (returned.length > 0) log(`back in the config: ${returned.join(', ')}`);
          const horizonMs = options.interval * 1000;
          let passes = 0;
          do {
            const pass = await scheduleDueSources(config, store, queue, { horizonMs });
            // A line when jobs went in (and for the first pass), not every quiet minute.
            if (passes++ === 0 || pass.enqueued > 0) logPass(pass);
            if (options.once) break;
            await sleep(horizonMs, undefined, { signal: stop }).catch(() => undefined);
          } while (!stop.aborted);
        } finally {
          await queue.close();
        }
      } finally {
        await store.close();
      }
    });
}

/** Aborts at the first SIGTERM or SIGINT, ending the loop after the pass in progress. */
function stopOnSignals(): AbortSignal {
  const stop = new AbortController();
  const onSignal = (signal: string): void => {
    if (stop.signal.aborted) process.exit(130);
    log(`${signal}: stopping after this pass`);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return stop.signal;
}

function logPass(pass: SchedulePass): void {
  const next = pass.nextDueAt === null ? 'none waiting' : new Date(pass.nextDueAt).toISOString();
  log(`${pass.due} due, ${pass.enqueued} newly enqueued; next due ${next}`);
}

function log(line: string): void {
  process.stderr.write(`${new Date().toISOString()} ${toTerminalLine(line)}\n`);
}
