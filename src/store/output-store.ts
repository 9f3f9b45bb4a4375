import type { ItemRef } from './item-store.js';

/** Which output a recorded file belongs to. */
export type OutputKind = 'hexo' | 'site';

/** What an output was written from: the item's content (its change time) and the settings' key. */
export interface OutputStamp {
  /** The item's `changedAt` when the output was rendered. */
  from: string;
  /** The key of the settings the output was rendered with (for a Hexo post: categories, author, cleaning). */
  settings: string;
}

/** One output to record: which item, which file (relative to the output's root), written from what. */
export interface OutputRecord {
  sourceKey: string;
  identity: string;
  file: string;
  stamp?: OutputStamp;
}

/**
 * The files newsmill wrote per item and output: retention and source removal delete only these,
 * and a rewritten post keeps its name.
 */
export interface OutputStore {
  /** The file recorded for an item's output of `kind` (relative to that output's root), or null. */
  getOutputFile(kind: OutputKind, sourceKey: string, identity: string): Promise<string | null>;
  /** The files recorded for several items' outputs of `kind`, in the order asked, in one store call. */
  getOutputFiles(kind: OutputKind, refs: readonly ItemRef[]): Promise<Array<string | null>>;
  /**
   * Records which file holds an item's output of `kind`, and what it was written from (unknown
   * without `stamp`: the output is then due again), replacing an earlier record.
   */
  recordOutputFile(
    kind: OutputKind,
    sourceKey: string,
    identity: string,
    file: string,
    stamp?: OutputStamp,
  ): Promise<void>;
  /**
   * Records several outputs of `kind` as `recordOutputFile` records each, in one transaction: a
   * publish records a batch of posts at once rather than committing once per post. All or none.
   */
  recordOutputFiles(kind: OutputKind, records: readonly OutputRecord[]): Promise<void>;
  /**
   * The stored items of the sources `settings` names (source key → the key of the settings their
   * outputs of `kind` are written with now) whose output of `kind` is due: none is recorded, or it
   * was recorded without a stamp, from another `changedAt`, or under another settings key. Found
   * from the index alone, reading no article body.
   */
  listUnpublished(kind: OutputKind, settings: ReadonlyMap<string, string>): Promise<ItemRef[]>;
  /** Forgets recorded files of a source, once deleted, so that nothing deletes them again. */
  forgetOutputFiles(kind: OutputKind, sourceKey: string, files: readonly string[]): Promise<void>;
}
