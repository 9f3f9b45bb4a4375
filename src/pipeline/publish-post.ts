import type { Config, SourceConfig } from '../config/resolve-config.js';
import { processItemContent } from '../content/process-content.js';
import { describeError } from '../core/errors.js';
import type { HexoWriter, PostWriteResult } from '../posts/hexo-writer.js';
import { StoreUnusableError } from '../store/store-faults.js';
import type { Store, StoredItem } from '../store/store.js';
import type { SourceOutcome } from './source-outcome.js';

/** Writes the Hexo post of one stored item of `source`, its content processed as every post's is. */
export function publishPost(
  item: StoredItem,
  source: SourceConfig,
  config: Config,
  hexo: HexoWriter,
): Promise<PostWriteResult> {
  const content = processItemContent(item, {
    images: { mode: source.proxyMode, target: config.proxy.target },
    coverFallback: config.cover.fallback,
    sourceKey: source.key,
    identity: item.identity,
    iframeHosts: config.content.iframeHosts,
  });
  return hexo.writePost(item, source, content);
}

/**
 * The publish half of a refresh: writes the Hexo posts of the items a fetch stored, counting into
 * the outcome. A failing item only fails that item; a store that cannot be used is thrown.
 */
export async function publishItems(
  items: readonly StoredItem[],
  source: SourceConfig,
  config: Config,
  hexo: HexoWriter,
  outcome: SourceOutcome,
): Promise<void> {
  let unusable: StoreUnusableError | null = null;
  // Posts are written concurrently: file creation is I/O-bound and the thread pool overlaps it.
  await Promise.all(
    items.map(async (item) => {
      try {
        const written = await publishPost(item, source, config, hexo);
        if (written.status === 'written') outcome.filesWritten++;
        outcome.warnings.push(...written.warnings);
      } catch (error) {
        if (error instanceof StoreUnusableError) unusable ??= error;
        else outcome.itemErrors.push(`item "${item.title ?? item.identity}": ${describeError(error)}`);
      }
    }),
  );
  // Raised once every write has settled, so that none is still using the store when it closes.
  if (unusable) throw unusable;
}

/**
 * Writes again the Hexo posts of sources added back to the config before their grace period
 * ended: their posts were deleted when they were removed, and a fetch only writes the items its
 * feed still lists, while the site shows every stored one. Items with a recorded post are left.
 */
export async function restoreHexoPosts(
  config: Config,
  store: Store,
  hexo: HexoWriter,
  sourceKeys: readonly string[],
): Promise<{ written: number; failures: string[] }> {
  const result = { written: 0, failures: [] as string[] };
  for (const source of config.sources.filter((entry) => sourceKeys.includes(entry.key))) {
    for (const item of await store.listItems(source.key)) {
      if ((await store.getOutputFile('hexo', source.key, item.identity)) !== null) continue;
      try {
        const written = await publishPost(item, source, config, hexo);
        if (written.status === 'written') result.written++;
      } catch (error) {
        if (error instanceof StoreUnusableError) throw error;
        result.failures.push(`${source.key}: item "${item.title ?? item.identity}": ${describeError(error)}`);
      }
    }
  }
  return result;
}
