import type { Config, SourceConfig } from '../config/resolve-config.js';
import { describeError } from '../core/errors.js';
import type { HexoWriter } from '../posts/hexo-writer.js';
import { StoreUnusableError } from '../store/store-faults.js';
import type { Store } from '../store/store.js';
import { publishHexo, type SourcePublish } from './publish-hexo.js';
import type { SourceOutcome } from './source-outcome.js';

/**
 * Writes the Hexo posts of sources as their ingest ends, behind the fetches: a source hands its
 * posts over and frees its fetch slot, so that writing its posts (a flush each) never holds back
 * the next feed. Sources whose ingest ends while a publish is under way are published together by
 * the next one, which finds their due posts in one store query and writes them in batches.
 */
export interface TrailingPublisher {
  /**
   * Queues the source's due posts; resolves once they are written, counted into `outcome` (a post
   * that fails is one of its item errors). Rejects only when the store cannot be used.
   */
  publish(source: SourceConfig, outcome: SourceOutcome): Promise<void>;
}

interface QueuedSource {
  source: SourceConfig;
  outcome: SourceOutcome;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Creates a publisher that writes into `hexo` from `store`, one publish at a time. */
export function createTrailingPublisher(config: Config, store: Store, hexo: HexoWriter): TrailingPublisher {
  let queue: QueuedSource[] = [];
  let draining = false;

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length > 0) {
        const taken = queue;
        queue = [];
        await publishTogether(taken);
      }
    } finally {
      draining = false;
    }
  }

  async function publishTogether(taken: readonly QueuedSource[]): Promise<void> {
    try {
      const published = await publishHexo(config, store, hexo, {
        sources: taken.map((entry) => entry.source),
      });
      for (const entry of taken) {
        countPublished(entry.outcome, published.get(entry.source.key));
        entry.resolve();
      }
    } catch (error) {
      for (const entry of taken) {
        if (error instanceof StoreUnusableError) entry.reject(error);
        else {
          entry.outcome.itemErrors.push(`posts not published: ${describeError(error)}`);
          entry.resolve();
        }
      }
    }
  }

  return {
    publish(source, outcome) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ source, outcome, resolve, reject });
        if (!draining) void drain();
      });
    },
  };
}

/** Counts what publishing did for one source into its outcome. */
export function countPublished(outcome: SourceOutcome, published: SourcePublish | undefined): void {
  outcome.filesWritten += published?.written ?? 0;
  outcome.itemErrors.push(...(published?.itemErrors ?? []));
  outcome.warnings.push(...(published?.warnings ?? []));
}
