import type { Command } from 'commander';
import type { Config } from '../config/resolve-config.js';
import { escapeJsonControls, toTerminalLine } from '../core/control-characters.js';
import { backoffEndsAt } from '../pipeline/fetch-backoff.js';
import { formatAttentionLine, judgeSources, type SourceVerdict } from '../pipeline/source-verdict.js';
import { nextFetchOf, type NextFetch } from '../pipeline/watch-schedule.js';
import { openStore } from '../store/open-store.js';
import type { SourceRecord } from '../store/store.js';
import { loadCliConfig } from './cli-config.js';
import { ExitCode } from './exit-codes.js';

/** One row of `newsmill sources`: a configured or remembered source and its health. */
export interface SourceHealth {
  key: string;
  categories: string[];
  /** ok, failing, backing-off, never-fetched, or removed (in the store, no longer configured). */
  status: 'ok' | 'failing' | 'backing-off' | 'never-fetched' | 'removed';
  lastSuccess: string | null;
  lastError: string | null;
  errorStreak: number;
  /** When `watch` fetches the source next (now when it is due), or null for a removed source. */
  nextAttempt: string | null;
  /** Why then: `hint: ttl 60 min`, `backoff after 3 failures`, `adaptive interval 72 min`, `due now: …`. */
  nextAttemptReason: string | null;
  itemsStored: number;
  newItemsPerDay: number;
  servedBy: string | null;
  movedTo: string | null;
  /** Which worker (`<hostname>:<pid>`) made the last attempt, or null when no worker did (`run`, `watch`). */
  lastFetchedBy: string | null;
  /** The next due time `schedule` (or `watch`) stored, ISO 8601: what the workers' queue was told. */
  nextDueAt: string | null;
  /** Whether `run --strict` fails for this source: its last attempt failed, or it never succeeded. */
  needsAttention: boolean;
  /** Why it needs attention, in a few words (`HTTP 500 …, backing off until 10:40 UTC`), or null. */
  reason: string | null;
}

/** `newsmill sources`: list every source with its health. */
export function registerSourcesCommand(program: Command): Command {
  const sources = program
    .command('sources')
    .description(
      'list sources and their health (`sources --json`, `sources --strict`: see `sources list --help`)',
    );
  sources
    .command('list', { isDefault: true })
    .description('list every source with status, last success, last error, backoff and item counts')
    .option('-c, --config <file>', 'config file', 'newsmill.yaml')
    .option(
      '--json',
      'print JSON: { ok, attention, sources: [...] }, ok false exactly when run --strict fails',
    )
    .option(
      '--strict',
      'exit with code 3 when a source needs attention, as run --strict does (for a check job)',
    )
    .action(async (options: { config: string; json?: boolean; strict?: boolean }) => {
      const config = await loadCliConfig(options.config);
      const store = await openStore(config.store, { readonly: true });
      try {
        const records = await store.listSources();
        const now = new Date();
        const verdict = judgeSources(config, records, now);
        const rows = describeSourceHealth(config, records, now, verdict);
        process.stdout.write(
          options.json ? formatHealthJson(rows, verdict) : formatHealthTable(rows, verdict),
        );
        if (options.strict && !verdict.ok) process.exitCode = ExitCode.sourcesFailed;
      } finally {
        await store.close();
      }
    });
  return sources;
}

/**
 * Joins the configured sources with what the store knows about them, in config order, each with
 * its part of `verdict` (by default judged here from the same records).
 */
export function describeSourceHealth(
  config: Config,
  records: SourceRecord[],
  now: Date,
  verdict: SourceVerdict = judgeSources(config, records, now),
): SourceHealth[] {
  const judged = new Map(verdict.sources.map((judgement) => [judgement.key, judgement]));
  const byKey = new Map(records.map((record) => [record.key, record]));
  const configured = new Set(config.sources.map((source) => source.key));
  // Read against now: a backoff recorded while the clock ran ahead is void (see backoffEndsAt).
  const backoffOf = (record: SourceRecord | undefined): Date | null => {
    const ends = record ? backoffEndsAt(record, now, config) : null;
    return ends && ends.getTime() > now.getTime() ? ends : null;
  };
  // The decision watch makes, from the same stored state and the same function.
  const rows = config.sources.map((source) => {
    const record = byKey.get(source.key);
    const next = nextFetchOf(source, record, config, now);
    const row = toHealth(source.key, source.categories, record, backoffOf(record), next, now);
    const judgement = judged.get(source.key);
    return { ...row, needsAttention: judgement?.needsAttention ?? false, reason: judgement?.reason ?? null };
  });
  for (const record of records) {
    if (!configured.has(record.key))
      rows.push(toHealth(record.key, record.categories, record, backoffOf(record), null, now));
  }
  return rows;
}

function toHealth(
  key: string,
  categories: string[],
  record: SourceRecord | undefined,
  backoff: Date | null,
  next: NextFetch | null,
  now: Date,
): SourceHealth {
  // A removed source is not judged: nothing fetches it any more.
  const removed = next === null;
  const backingOff = backoff !== null;
  const status: SourceHealth['status'] = removed
    ? 'removed'
    : !record?.lastAttemptAt
      ? 'never-fetched'
      : record.errorStreak === 0
        ? 'ok'
        : backingOff
          ? 'backing-off'
          : 'failing';
  return {
    key,
    categories,
    status,
    lastSuccess: record?.lastSuccessAt ?? null,
    lastError: record?.errorStreak ? record.lastError : null,
    errorStreak: record?.errorStreak ?? 0,
    nextAttempt: next === null ? null : new Date(Math.max(next.dueAt, now.getTime())).toISOString(),
    nextAttemptReason: next?.reason ?? null,
    itemsStored: record?.itemCount ?? 0,
    newItemsPerDay: record?.newItemsPerDay ?? 0,
    servedBy: record?.servedBy ?? null,
    movedTo: record?.movedTo ?? null,
    lastFetchedBy: record?.lastFetchedBy ?? null,
    nextDueAt: record?.nextDueAt ?? null,
    needsAttention: false,
    reason: null,
  };
}

/**
 * A readable block per source, the counts, and the one line naming the sources that need attention;
 * text from feeds, OPML files and servers loses its control characters.
 */
export function formatHealthTable(rows: SourceHealth[], verdict: SourceVerdict): string {
  const lines = rows.map((row) => {
    const categories = row.categories.map(toTerminalLine).join(' / ');
    const head = `${row.status.padEnd(13)} ${toTerminalLine(row.key)}  [${categories}]`;
    const facts = [
      `last success ${row.lastSuccess ?? 'never'}`,
      `${row.itemsStored} items`,
      `${row.newItemsPerDay} new/day`,
      ...(row.errorStreak > 0 ? [`${row.errorStreak} errors in a row`] : []),
      ...(row.lastFetchedBy ? [`fetched by ${toTerminalLine(row.lastFetchedBy)}`] : []),
      ...(row.nextAttempt
        ? [`next attempt ${row.nextAttempt} (${toTerminalLine(row.nextAttemptReason ?? '')})`]
        : []),
    ];
    const error = row.lastError ? `\n              last error: ${toTerminalLine(row.lastError)}` : '';
    const moved = row.movedTo
      ? `\n              moved permanently to ${toTerminalLine(row.movedTo)}; update the config`
      : '';
    return `${head}\n              ${facts.join(', ')}${error}${moved}`;
  });
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
  const summary = [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
  const attention = formatAttentionLine(verdict);
  const tail = attention === null ? '' : `${toTerminalLine(attention)}\n`;
  return `${lines.join('\n')}\n${rows.length} sources: ${summary || 'none'}\n${tail}`;
}

/**
 * The verdict and the rows as JSON: `ok` (false exactly when `run --strict` fails for its sources),
 * `attention` (the one line, or null) and `sources`, with every control character written as an escape.
 */
export function formatHealthJson(rows: SourceHealth[], verdict: SourceVerdict): string {
  const report = { ok: verdict.ok, attention: formatAttentionLine(verdict), sources: rows };
  return `${escapeJsonControls(JSON.stringify(report, null, 2))}\n`;
}
