import type { Config, SourceConfig } from '../config/resolve-config.js';
import { describeError, OutputError } from '../core/errors.js';
import { acquireHexoLock } from '../posts/hexo-lock.js';
import {
  createHexoWriter,
  type HexoWriter,
  type PostToWrite,
  type PostWriteResult,
} from '../posts/hexo-writer.js';
import { StoreUnusableError } from '../store/store-faults.js';
import type { ItemRef, Store, StoredItem } from '../store/store.js';
import { deleteCopyPosts, findStoryCopies, isStoryCopy } from './hexo-story-copies.js';
import { postSettingsOf, postToWrite, type PostSettings } from './publish-post.js';

/** What publishing did for one source. */
export interface SourcePublish {
  /** Post files written (new or changed); posts found identical on disk are not counted. */
  written: number;
  /** Items whose post could not be written, each message naming the item. */
  itemErrors: string[];
  /** Problems that did not stop a post, such as an old file it refused to delete. */
  warnings: string[];
}

/** What publishing the Hexo posts did, per source key (every source asked for has an entry). */
export type HexoPublish = Map<string, SourcePublish>;

/** Which sources to publish. */
export interface PublishHexoOptions {
  /** These configured sources only (default: every configured source). */
  sources?: readonly SourceConfig[];
}

// Posts written at once: enough to overlap file I/O, few enough that a first publish of 20,000
// stored items never holds every article in memory.
const BATCH = 100;

/**
 * Writes the Hexo posts the store says are due, from the store alone: every stored item of a
 * configured source whose post is missing, or was written from older content or other settings
 * (categories, author, cleaning options). A post that failed to write, or was never written on this
 * machine (ingest ran elsewhere), is written by the next publish without fetching anything. The
 * store finds the due posts itself, so a publish with nothing new reads no article. A failing item
 * only fails that item; a store that cannot be used is thrown once every write has settled. With
 * `dedupe.hexo: link`, a later copy of a story another item told first gets no post.
 */
export async function publishHexo(
  config: Config,
  store: Store,
  hexo: HexoWriter,
  options: PublishHexoOptions = {},
): Promise<HexoPublish> {
  const sources = options.sources ?? config.sources;
  const bySource = new Map(sources.map((source) => [source.key, source]));
  const settings = new Map(sources.map((source) => [source.key, postSettingsOf(source, config)]));
  const result: HexoPublish = new Map(
    sources.map((source) => [source.key, { written: 0, itemErrors: [], warnings: [] }]),
  );
  // With `dedupe.hexo: link`, a later copy of a story gets no post, and loses one written before.
  const copies = await findStoryCopies(config, store);
  if (copies) {
    const problems = await deleteCopyPosts(config, store, copies, new Set(bySource.keys()));
    for (const [key, warnings] of problems) result.get(key)?.warnings.push(...warnings);
  }
  const listed = await store.listUnpublished(
    'hexo',
    new Map([...settings].map(([key, { key: settingsKey }]) => [key, settingsKey])),
  );
  const due = copies ? listed.filter((ref) => !isStoryCopy(copies, ref)) : listed;
  for (let start = 0; start < due.length; start += BATCH) {
    const refs = due.slice(start, start + BATCH);
    const items = await store.getItems(refs);
    const batch: Array<{ item: StoredItem; target: SourcePublish; post: PostToWrite }> = [];
    items.forEach((item, index) => {
      const ref = refs[index] as ItemRef;
      const source = bySource.get(ref.sourceKey);
      const target = result.get(ref.sourceKey);
      // Gone since it was listed (retention, a purge): nothing to publish.
      if (!item || !source || !target) return;
      try {
        batch.push({
          item,
          target,
          post: postToWrite(item, source, settings.get(source.key) as PostSettings),
        });
      } catch (error) {
        target.itemErrors.push(`item "${item.title ?? item.identity}": ${describeError(error)}`);
      }
    });
    // One store call records the whole batch: a store that cannot record fails every post of it.
    const written: Array<PostWriteResult | Error> = await hexo
      .writePosts(batch.map(({ post }) => post))
      .catch((error: unknown) => {
        if (error instanceof StoreUnusableError) throw error;
        const failure = error instanceof Error ? error : new OutputError(String(error));
        return batch.map(() => failure);
      });
    let unusable: StoreUnusableError | null = null;
    batch.forEach(({ item, target }, index) => {
      const outcome = written[index] ?? new OutputError('the writer gave no result');
      if (outcome instanceof StoreUnusableError) unusable ??= outcome;
      else if (outcome instanceof Error)
        target.itemErrors.push(`item "${item.title ?? item.identity}": ${describeError(outcome)}`);
      else {
        if (outcome.status === 'written') target.written++;
        target.warnings.push(...outcome.warnings);
      }
    });
    // Raised once every write has settled, so that none is still using the store when it closes.
    if (unusable) throw unusable;
  }
  return result;
}

/** The posts written by a publish, over every source. */
export function postsWritten(publish: HexoPublish): number {
  let written = 0;
  for (const entry of publish.values()) written += entry.written;
  return written;
}

/** The Hexo output, open for writing until `release`. */
export interface HexoOutput {
  hexo: HexoWriter;
  /** Releases the posts' lock. */
  release(): Promise<void>;
}

/**
 * Opens the configured Hexo output (null when there is none) for `purpose`: takes the posts' lock,
 * so that no other process writes them meanwhile, then prepares the folder, whose leftover temp
 * files are only swept once no other writer can be making one.
 */
export async function openHexoOutput(
  config: Config,
  store: Store,
  purpose: string,
): Promise<HexoOutput | null> {
  const root = config.output.hexo;
  if (!root) return null;
  const lock = await acquireHexoLock(root, purpose);
  try {
    const hexo = createHexoWriter(root, store);
    await hexo.prepare();
    return { hexo, release: () => lock.release() };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
