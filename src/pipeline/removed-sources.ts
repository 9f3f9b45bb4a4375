import type { Config } from '../config/resolve-config.js';
import { describeError } from '../core/errors.js';
import type { RemovedSource, Store } from '../store/store.js';
import { createRecordedFileCheck, deleteRecordedFile, type OwnRecordedFile } from './recorded-outputs.js';

const DAY_MS = 86_400_000;
// The last instant a Date can hold: a grace period of 1e300 days means never, not an invalid date.
const LAST_DATE_MS = 8.64e15;

/** A source dropped from the config, and what its retirement does (or with `dryRun` would do) now. */
export interface RetiredSource {
  source: RemovedSource;
  /** When its items and files go (ISO 8601): the removal time plus `retention.removedSourceDays`. */
  purgeAt: string;
  /** The grace period is over: the source leaves the store with its items and every file. */
  due: boolean;
  /**
   * Absolute paths of the files deleted now: every recorded file when due, else its Hexo posts,
   * which leave the Hexo site at once as its pages leave the built-in site.
   */
  files: string[];
}

/** A recorded file of a removed source that was not deleted, and why. */
export interface RetireProblem {
  sourceKey: string;
  file: string;
  reason: string;
}

/** What retiring the removed sources did, or would do. */
export interface RetireResult {
  sources: RetiredSource[];
  /** Sources added back to the config before their purge: their items are back on the site. */
  returned: string[];
  /** Files that could not be deleted: a due source stays stored until they can, and is retried. */
  kept: RetireProblem[];
  /** Recorded paths outside their output folder, so not newsmill's to delete: only their record goes. */
  refused: RetireProblem[];
  /**
   * The `catalogue.select` patterns that matched nothing: while there are any, no removed source is
   * purged (its posts still leave, as in a grace period), since a catalogue that renamed a source
   * upstream would otherwise delete its history at the next run.
   */
  heldBy: string[];
}

/**
 * Retires the stored sources that are no longer configured (dropped by hand or from the catalogue
 * selection). The site already leaves them out; here their Hexo posts are deleted at once, and
 * once `retention.removedSourceDays` have passed since a run first found them gone, their stored
 * items and every recorded file go too. Only recorded files inside their output folder are
 * deleted, and files go before records, so a failed delete is retried by the next run.
 */
export async function retireRemovedSources(
  config: Config,
  store: Store,
  options: { dryRun: boolean; now?: Date },
): Promise<RetireResult> {
  const now = options.now ?? new Date();
  const active = config.sources.map((source) => source.key);
  const returned = options.dryRun ? [] : await store.noteRemovedSources(active, now.toISOString());
  const check = createRecordedFileCheck(config);
  const graceMs = config.retention.removedSourceDays * DAY_MS;
  const heldBy = config.unmatchedSelections;
  const result: RetireResult = { sources: [], returned, kept: [], refused: [], heldBy };
  for (const source of await store.listRemovedSources(active, now.toISOString())) {
    const purgeMs = Math.min(Date.parse(source.removedAt) + graceMs, LAST_DATE_MS);
    const due = purgeMs <= now.getTime() && heldBy.length === 0;
    const outputs = due ? source.outputs : source.outputs.filter((output) => output.kind === 'hexo');
    const own: Array<OwnRecordedFile & { record: string }> = [];
    const refused: string[] = [];
    for (const output of outputs) {
      const checked = check(output);
      if (checked?.own) own.push({ ...checked, record: output.file });
      else if (checked) {
        refused.push(output.file);
        result.refused.push({ sourceKey: source.key, file: output.file, reason: checked.reason });
      }
    }
    const retired: RetiredSource = {
      source,
      purgeAt: new Date(purgeMs).toISOString(),
      due,
      files: own.map(({ file }) => file),
    };
    result.sources.push(retired);
    if (options.dryRun) continue;
    const deleted = await deleteFiles(source.key, own, result.kept);
    retired.files = deleted.map(({ file }) => file);
    if (due && deleted.length === own.length) await store.purgeSource(source.key);
    else if (!due)
      await store.forgetOutputFiles('hexo', source.key, [...deleted.map(({ record }) => record), ...refused]);
  }
  return result;
}

/** Deletes the files, returning those gone; each failure is added to `kept`. */
async function deleteFiles<T extends OwnRecordedFile>(
  sourceKey: string,
  files: readonly T[],
  kept: RetireProblem[],
): Promise<T[]> {
  const outcomes = await Promise.all(
    files.map((entry) =>
      deleteRecordedFile(entry).then(
        () => entry,
        (error: unknown) => {
          kept.push({ sourceKey, file: entry.file, reason: describeError(error) });
          return null;
        },
      ),
    ),
  );
  return outcomes.filter((entry) => entry !== null);
}

/** The line saying that removed sources keep their items because of `heldBy`, or null. */
export function describeRetireHeld(result: RetireResult): string | null {
  if (result.heldBy.length === 0 || result.sources.length === 0) return null;
  const count = result.sources.length;
  const patterns = result.heldBy.map((pattern) => JSON.stringify(pattern)).join(', ');
  return (
    `kept the items of ${count} removed ${count === 1 ? 'source' : 'sources'}: catalogue.select ${patterns} ` +
    `${result.heldBy.length === 1 ? 'matches' : 'match'} nothing; fix or drop ${result.heldBy.length === 1 ? 'it' : 'them'} to let them go`
  );
}

/** One line on a file of a removed source that could not be deleted. */
export function describeRetireKept({ sourceKey, file, reason }: RetireProblem): string {
  return `kept removed source ${sourceKey} until ${file} can be deleted: ${reason}`;
}

/** One line on a recorded file of a removed source that is not newsmill's to delete. */
export function describeRetireRefused({ sourceKey, reason }: RetireProblem): string {
  // The reason names the recorded path: `refused "<path>": <why>`.
  return `not deleting a file of removed source ${sourceKey}: ${reason}`;
}
