import { openBuildJournal, type BuildJournal } from './build-journal.js';
import type { EarlierFiles, EarlierKeys, PlannedFile } from './output-writer.js';
import { removeStaleSiteTemps, type SiteOutput } from './site-file-writer.js';
import {
  NO_RECORDS,
  planSegments,
  PreviousPostRecords,
  type CachedRecords,
  type PlannedSegment,
} from './post-records.js';
import type { SitePost } from './site-posts.js';
import { readSiteManifest, type ManifestSearchBlock, type SiteManifest } from './site-manifest.js';

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

/** What writing files needs of the build before: its keys, its files, and a journal of new ones. */
export interface EarlierBuild extends EarlierKeys {
  /** Every file it wrote, and an interrupted build after it: those not planned any more are deleted. */
  readonly files: EarlierFiles;
  /** Notes in the journal the files of `files` it did not write, before they are written. */
  recordNewFiles(files: readonly PlannedFile[]): Promise<void>;
}

/** The previous build, as this build may use it: the one place that applies the trust rules. */
export class PreviousBuild implements EarlierBuild {
  /** How far it is trusted. */
  readonly trust: PreviousTrust;
  /** This build's posts in segments (post-records.ts), as its manifest will record them. */
  readonly segments: readonly PlannedSegment[];
  private records: PreviousPostRecords | null = null;

  constructor(
    private readonly found: FoundBuild,
    configKey: string,
    full: boolean,
    posts: readonly SitePost[],
  ) {
    const sameConfig = !full && found.manifest?.config === configKey;
    this.trust = !sameConfig ? 'files' : found.journal?.interrupted ? 'covers' : 'keys';
    this.segments = planSegments(posts, configKey);
  }

  /** Reads the post records this build needs: those of every segment it does not plan again unchanged. */
  async readRecords(root: string): Promise<void> {
    const { manifest } = this.found;
    const previous = { names: manifest?.segments ?? [], inline: manifest?.inline ?? null };
    this.records = await PreviousPostRecords.read(root, previous, this.segments, this.trust === 'keys');
  }

  /** Reads the covers of the given posts (those the files to render show) where still unread. */
  async readCoversOf(posts: Iterable<SitePost>): Promise<void> {
    await this.records?.loadFor(posts);
  }

  /** Every file it wrote, and an interrupted build after it: those not planned any more are deleted. */
  get files(): EarlierFiles {
    return {
      paths: [
        ...(this.found.manifest?.files.keys() ?? []),
        ...(this.found.journal?.interrupted?.files ?? []),
      ],
      postDigests: this.records?.digests ?? new Map<string, unknown>(),
    };
  }

  /** Its post records ([page key, cover] by digest), when its covers may be reused. */
  get covers(): CachedRecords {
    return (this.trust !== 'files' && this.records) || NO_RECORDS;
  }

  /**
   * Whether the segment of this name may be named again without being written: the previous build
   * wrote it, and it was not found unreadable.
   */
  keeps(name: string): boolean {
    return !!this.records?.names.has(name) && !this.records.unreadable.has(name);
  }

  /** Its search blocks by start, when they may be reused. */
  get searchBlocks(): Record<string, ManifestSearchBlock> {
    return (this.trust === 'keys' && this.found.manifest?.search) || {};
  }

  /** The key `file` had, when keys are trusted: a file whose key is unchanged is skipped. */
  keyOf(file: PlannedFile): string | undefined {
    return this.trust === 'keys' ? this.knownKey(file) : undefined;
  }

  private knownKey(file: PlannedFile): string | undefined {
    return file.postDigest === undefined
      ? this.found.manifest?.files.get(file.path)
      : this.records?.keyOf(file.postDigest, file.key);
  }

  /**
   * Notes in the journal the files of `files` its manifest does not list (whatever the trust), before
   * they are written, so that if this build is killed the next one knows to delete them.
   */
  async recordNewFiles(files: readonly PlannedFile[]): Promise<void> {
    const { manifest, journal } = this.found;
    if (!journal) return;
    await journal.record(
      files.filter((file) => !manifest || this.knownKey(file) === undefined).map((file) => file.path),
    );
  }

  /** Removes the journal once the manifest is written: the build was not interrupted. */
  async finish(): Promise<void> {
    await this.found.journal?.finish();
  }
}
