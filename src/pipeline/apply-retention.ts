import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/resolve-config.js';
import type { ExpiredItem, OutputKind, RetentionPolicy, Store } from '../store/store.js';

/** What retention removed, or with `dryRun` would remove. */
export interface RetentionResult {
  expired: ExpiredItem[];
  /** Absolute paths of the files newsmill wrote for those items. */
  files: string[];
}

/**
 * Applies retention: items past it leave the store, and so do the files newsmill recorded writing
 * for them. Only recorded files are touched, so a file newsmill did not write is never deleted.
 */
export async function applyRetention(
  config: Config,
  store: Store,
  policy: RetentionPolicy,
  options: { dryRun: boolean; now?: Date },
): Promise<RetentionResult> {
  const expired = await store.expireItems(policy, options.now ?? new Date(), !options.dryRun);
  const roots: Record<OutputKind, string | null> = {
    hexo: config.output.hexo ? path.join(config.output.hexo, 'source', '_posts') : null,
    site: config.output.site,
  };
  const files = expired.flatMap((item) =>
    item.outputs.flatMap(({ kind, file }) => {
      const root = roots[kind];
      const absolute = root ? path.resolve(root, file) : null;
      // A recorded path that escapes its output root was not written by this config: leave it.
      return absolute && root && absolute.startsWith(path.resolve(root) + path.sep) ? [absolute] : [];
    }),
  );
  if (!options.dryRun) await Promise.all(files.map((file) => rm(file, { force: true })));
  return { expired, files };
}
