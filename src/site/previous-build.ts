import { openBuildJournal, type BuildJournal } from './build-journal.js';
import type { EarlierFiles, PlannedFile } from './output-writer.js';
import { removeStaleSiteTemps, type SiteOutput } from './site-file-writer.js';
import {
  previousKey,
  readSiteManifest,
  type ManifestSearchBlock,
  type SiteManifest,
} from './site-manifest.js';

/**
 * What a build finds of the one before it, read before planning: the manifest that build wrote
 * last, and this build's journal, which says whether a build was killed since and what it wrote.
 */
export interface FoundBuild {
  manifest: SiteManifest | null;
  /** Null for a staging folder: it is new and renamed into place whole, so nothing needs a journal. */
  journal: BuildJournal | null;
}

/** Reads the previous build's manifest and opens this build's journal, sweeping temps a killed build left. */
export async function findPreviousBuild(output: SiteOutput): Promise<FoundBuild> {
  if (output.staged) return { manifest: null, journal: null };
  const manifest = await readSiteManifest(output.root);
  const journal = await openBuildJournal(output.root);
  if (journal.interrupted || !manifest) await removeStaleSiteTemps(output.root);
  return { manifest, journal };
}

/**
 * How far a build may rely on the previous one, from least to most:
 * - `files`: only its list of files, so that what it wrote and this build does not plan is deleted
 *   (a full build, a changed configuration: the keys hold no configuration, so none compares);
 * - `covers`: also its cached covers (same configuration, not a full build);
 * - `keys`: also its file keys and search blocks, so unchanged files are skipped unrendered. Only
 *   when no build was killed since: an interrupted build's keys say nothing of what is on disk.
 */
export type PreviousTrust = 'files' | 'covers' | 'keys';

const NO_COVERS: ReadonlyMap<string, readonly [string, string]> = new Map();

/** The previous build, as this build may use it: the one place that applies the trust rules. */
export class PreviousBuild {
  /** How far it is trusted. */
  readonly trust: PreviousTrust;
  /** Every file it wrote, and an interrupted build after it: those not planned any more are deleted. */
  readonly files: EarlierFiles;

  constructor(
    private readonly found: FoundBuild,
    configKey: string,
    full: boolean,
  ) {
    const sameConfig = !full && found.manifest?.config === configKey;
    this.trust = !sameConfig ? 'files' : found.journal?.interrupted ? 'covers' : 'keys';
    this.files = {
      paths: [...(found.manifest?.files.keys() ?? []), ...(found.journal?.interrupted?.files ?? [])],
      postDigests: found.manifest?.posts ?? new Map(),
    };
  }

  /** Post digest → [fingerprint, cover] of the covers it cleaned, when they may be reused. */
  get covers(): ReadonlyMap<string, readonly [string, string]> {
    return (this.trust !== 'files' && this.found.manifest?.posts) || NO_COVERS;
  }

  /** Its search blocks by start, when they may be reused. */
  get searchBlocks(): Record<string, ManifestSearchBlock> {
    return (this.trust === 'keys' && this.found.manifest?.search) || {};
  }

  /** The key `file` had, when keys are trusted: a file whose key is unchanged is skipped. */
  keyOf(file: PlannedFile): string | undefined {
    const { manifest } = this.found;
    return this.trust === 'keys' && manifest ? previousKey(manifest, file) : undefined;
  }

  /**
   * Notes in the journal the files of `files` its manifest does not list (whatever the trust), before
   * they are written, so that if this build is killed the next one knows to delete them.
   */
  async recordNewFiles(files: readonly PlannedFile[]): Promise<void> {
    const { manifest, journal } = this.found;
    if (!journal) return;
    await journal.record(
      files.filter((file) => !manifest || previousKey(manifest, file) === undefined).map((file) => file.path),
    );
  }

  /** Its post records and the segment files they were read from, which the next manifest may keep. */
  get records(): Pick<SiteManifest, 'posts' | 'segments'> | null {
    return this.found.manifest;
  }

  /** Removes the journal once the manifest is written: the build was not interrupted. */
  async finish(): Promise<void> {
    await this.found.journal?.finish();
  }
}
