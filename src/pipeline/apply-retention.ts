import type { Config } from '../config/resolve-config.js';
import { describeError } from '../core/errors.js';
import type { ExpiredItem, RetentionPolicy, Store } from '../store/store.js';
import { createRecordedFileCheck, deleteRecordedFile, type OwnRecordedFile } from './recorded-outputs.js';

/** What retention removed, or with `dryRun` would remove. */
export interface RetentionResult {
  expired: ExpiredItem[];
  /** Absolute paths of the files newsmill wrote for those items. */
  files: string[];
  /** Items past retention kept for now because one of their files could not be deleted. */
  kept: Array<{ item: ExpiredItem; file: string; reason: string }>;
  /**
   * Recorded files that were not deleted because they are not safely inside their output folder
   * (an edited or restored store): the item and its records leave the store all the same.
   */
  refused: Array<{ item: ExpiredItem; file: string; reason: string }>;
}

/**
 * Applies retention: items past it leave the store, and so do the files newsmill recorded writing
 * for them. Only recorded files are touched, so a file newsmill did not write is never deleted.
 * Files go first and the store after: an item whose file cannot be deleted (or a run killed in
 * between) keeps its record, so the next run deletes the file, instead of leaving it forever.
 */
export async function applyRetention(
  config: Config,
  store: Store,
  policy: RetentionPolicy,
  options: { dryRun: boolean; now?: Date },
): Promise<RetentionResult> {
  const now = options.now ?? new Date();
  const found = await store.findExpiredItems(policy, now.toISOString());
  const check = createRecordedFileCheck(config);
  const refused: RetentionResult['refused'] = [];
  const filesOf = (item: ExpiredItem): OwnRecordedFile[] =>
    item.outputs.flatMap((output) => {
      const checked = check(output);
      if (checked?.own) return [checked];
      // A recorded path outside its output folder was not written by this config: leave it.
      if (checked) refused.push({ item, file: output.file, reason: checked.reason });
      return [];
    });
  if (options.dryRun)
    return {
      expired: found,
      files: found.flatMap((item) => filesOf(item).map(({ file }) => file)),
      kept: [],
      refused,
    };
  const outcomes = await Promise.all(
    found.map(async (item) => {
      const own = filesOf(item);
      const failures = await Promise.all(
        own.map((owned) =>
          deleteRecordedFile(owned).then(
            () => null,
            (error: unknown) => ({ item, file: owned.file, reason: describeError(error) }),
          ),
        ),
      );
      return { item, own, failure: failures.find((entry) => entry !== null) ?? null };
    }),
  );
  const kept: RetentionResult['kept'] = [];
  const expired: ExpiredItem[] = [];
  const files: string[] = [];
  for (const { item, own, failure } of outcomes) {
    if (failure) kept.push(failure);
    else {
      expired.push(item);
      files.push(...own.map(({ file }) => file));
    }
  }
  await store.removeExpiredItems(expired, now.toISOString());
  return { expired, files, kept, refused };
}

/** One line on an item retention had to keep: which item, which file, and why. */
export function describeKept({ item, file, reason }: RetentionResult['kept'][number]): string {
  return `kept ${item.sourceKey}: "${item.title ?? item.identity}" until ${file} can be deleted: ${reason}`;
}

/** One line on a recorded file retention refused to delete: whose, which, and why. */
export function describeRefused({ item, reason }: RetentionResult['refused'][number]): string {
  return `not deleting a file of ${item.sourceKey} "${item.title ?? item.identity}": ${reason}`;
}
