import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/resolve-config.js';
import { describeError } from '../core/errors.js';
import type { ExpiredItem, OutputKind, RetentionPolicy, Store } from '../store/store.js';

/** What retention removed, or with `dryRun` would remove. */
export interface RetentionResult {
  expired: ExpiredItem[];
  /** Absolute paths of the files newsmill wrote for those items. */
  files: string[];
  /** Items past retention kept for now because one of their files could not be deleted. */
  kept: Array<{ item: ExpiredItem; file: string; reason: string }>;
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
  const found = await store.findExpiredItems(policy, now);
  const roots: Record<OutputKind, string | null> = {
    hexo: config.output.hexo ? path.join(config.output.hexo, 'source', '_posts') : null,
    site: config.output.site,
  };
  const filesOf = (item: ExpiredItem): string[] =>
    item.outputs.flatMap(({ kind, file }) => {
      const root = roots[kind];
      const absolute = root ? path.resolve(root, file) : null;
      // A recorded path that escapes its output root was not written by this config: leave it.
      return absolute && root && absolute.startsWith(path.resolve(root) + path.sep) ? [absolute] : [];
    });
  if (options.dryRun) return { expired: found, files: found.flatMap(filesOf), kept: [] };
  const outcomes = await Promise.all(
    found.map(async (item) => {
      const own = filesOf(item);
      const failures = await Promise.all(
        own.map((file) =>
          rm(file, { force: true }).then(
            () => null,
            (error: unknown) => ({ item, file, reason: describeError(error) }),
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
      files.push(...own);
    }
  }
  await store.removeExpiredItems(expired, now);
  return { expired, files, kept };
}

/** One line on an item retention had to keep: which item, which file, and why. */
export function describeKept({ item, file, reason }: RetentionResult['kept'][number]): string {
  return `kept ${item.sourceKey}: "${item.title ?? item.identity}" until ${file} can be deleted: ${reason}`;
}
