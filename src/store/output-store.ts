/** Which output a recorded file belongs to. */
export type OutputKind = 'hexo' | 'site';

/**
 * The files newsmill wrote per item and output: retention and source removal delete only these,
 * and a rewritten post keeps its name.
 */
export interface OutputStore {
  /** The file recorded for an item's output of `kind` (relative to that output's root), or null. */
  getOutputFile(kind: OutputKind, sourceKey: string, identity: string): Promise<string | null>;
  /** Records which file holds an item's output of `kind`, replacing an earlier record. */
  recordOutputFile(kind: OutputKind, sourceKey: string, identity: string, file: string): Promise<void>;
  /** Forgets recorded files of a source, once deleted, so that nothing deletes them again. */
  forgetOutputFiles(kind: OutputKind, sourceKey: string, files: readonly string[]): Promise<void>;
}
