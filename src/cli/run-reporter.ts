import { SingleBar, Presets } from 'cli-progress';
import { toTerminalLine } from '../core/control-characters.js';
import type { SourceOutcome } from '../pipeline/refresh-source.js';
import type { RunEvent, RunSummary } from '../pipeline/run-all.js';
import { formatAttentionLine, type SourceVerdict } from '../pipeline/source-verdict.js';

/** Something that shows run progress: a bar on a terminal, log lines elsewhere. */
export interface RunReporter {
  onEvent(event: RunEvent): void;
  /** Prints the summary, closed by the line naming the sources that need attention, if any. */
  finish(summary: RunSummary, verdict?: SourceVerdict): void;
  /** Ends the display of a run that stopped on an error: the cursor comes back, problems are shown. */
  abandon(): void;
}

/** Picks the progress bar for an interactive terminal and plain lines for logs and CI. */
export function createRunReporter(stream: NodeJS.WriteStream, out: NodeJS.WritableStream): RunReporter {
  const bar = stream.isTTY
    ? new SingleBar(
        { stream, format: ' {bar} {value}/{total} sources  {last}', hideCursor: true },
        Presets.shades_classic,
      )
    : null;
  const problems: string[] = [];
  const abandon = (): void => {
    if (!bar) return;
    bar.stop();
    for (const line of problems.splice(0)) stream.write(`${line}\n`);
  };
  return {
    onEvent(event) {
      if (event.type === 'start') {
        bar?.start(event.total, 0, { last: '' });
        return;
      }
      const lines = describeOutcome(event.outcome);
      if (bar) {
        bar.update(event.done, { last: event.outcome.source.key });
        problems.push(...lines.filter((line) => !line.startsWith('ok ')));
      } else {
        for (const line of lines) stream.write(`${line}\n`);
      }
    },
    finish(summary, verdict) {
      abandon();
      out.write(`${formatSummary(summary, verdict)}\n`);
    },
    abandon,
  };
}

/**
 * One line per source, then one per failed item or parser warning, each naming the source. Titles,
 * errors and redirect targets come from feeds and servers: their control characters are removed, so
 * that they can neither drive the terminal nor forge a line.
 */
export function describeOutcome(outcome: SourceOutcome): string[] {
  return outcomeLines(outcome).map(toTerminalLine);
}

function outcomeLines(outcome: SourceOutcome): string[] {
  const key = outcome.source.key;
  if (outcome.skipped !== null) return [`skipped ${key}: ${outcome.skipped}`];
  if (outcome.error !== null) return [`failed ${key}: ${outcome.error}`];
  const head = outcome.notModified
    ? `ok ${key}: not modified`
    : `ok ${key}: ${outcome.itemsNew} new, ${outcome.itemsUpdated} updated, ${outcome.itemsUnchanged} unchanged, ${outcome.filesWritten} files written`;
  return [
    head,
    ...(outcome.movedTo
      ? [`moved ${key}: permanently redirected to ${outcome.movedTo}; update the config`]
      : []),
    ...(outcome.itemsCaughtUp > 0
      ? [
          `caught up ${key}: kept ${outcome.itemsCaughtUp} items beyond the limit of ${outcome.source.limit}, ` +
            'which came out since the last fetch',
        ]
      : []),
    ...outcome.itemErrors.map((message) => `failed ${key}: ${message}`),
    ...outcome.filtered.map(({ title, reason }) => `filtered ${key}: "${title ?? '(untitled)'}" ${reason}`),
    ...outcome.warnings.map((message) => `warning ${key}: ${message}`),
  ];
}

/**
 * The closing summary of a run, ending with the one line that names the sources needing attention
 * when `verdict` finds any.
 */
export function formatSummary(summary: RunSummary, verdict?: SourceVerdict): string {
  const attention = verdict ? formatAttentionLine(verdict) : null;
  return [
    `sources: ${summary.sourcesOk} ok, ${summary.sourcesFailed} failed` +
      (summary.sourcesSkipped > 0 ? `, ${summary.sourcesSkipped} backing off` : ''),
    `items: ${summary.itemsNew} new, ${summary.itemsUpdated} updated, ${summary.itemsUnchanged} unchanged` +
      (summary.itemsFiltered > 0 ? `, ${summary.itemsFiltered} filtered` : '') +
      (summary.itemsFailed > 0 ? `, ${summary.itemsFailed} failed` : ''),
    `files written: ${summary.filesWritten}`,
    ...(summary.itemsPruned > 0
      ? [`retention: ${summary.itemsPruned} items removed, ${summary.filesRemoved} files deleted`]
      : []),
    ...summary.pruneFailures.map((line) => `retention: ${toTerminalLine(line)}`),
    ...(summary.retireHeld ? [`retention: ${toTerminalLine(summary.retireHeld)}`] : []),
    ...(summary.publishFailures ?? []).map((line) => `posts: ${toTerminalLine(line)}`),
    ...(attention === null ? [] : [toTerminalLine(attention)]),
  ].join('\n');
}
