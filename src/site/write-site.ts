import { startBackgroundTask, type BackgroundTask } from './background-task.js';
import type { BuildContext } from './build-context.js';
import {
  finishOutcome,
  pendingFiles,
  writeFiles,
  type EarlierFiles,
  type PlannedFile,
  type WriteCounts,
  type WriteOutcome,
} from './output-writer.js';
import { renderSearchPage } from './pages/other-pages.js';
import type { SearchPlan } from './plan-search.js';
import { createSiteFileWriter, type SiteFileWriter, type SiteOutput } from './site-file-writer.js';
import { MANIFEST_FILE, serializeSiteManifest, type SiteManifest } from './site-manifest.js';

/** What the write phase of a build needs. */
export interface WriteSiteOptions {
  output: SiteOutput;
  context: BuildContext;
  configKey: string;
  searchScript: string;
  /** Every file but the search index's, which `search` yields once its blocks are built. */
  planned: PlannedFile[];
  /** The planned files whose keys differ from `before`: the ones to render and write. */
  pending: readonly PlannedFile[];
  /** Starts building the search index, or joins a build already started; called once. */
  search(): Promise<SearchPlan>;
  /** A file's key in the previous build, when its configuration was the same: files to skip. */
  before(file: PlannedFile): string | undefined;
  /** Every file the previous build wrote: the ones not planned any more are deleted. */
  previousFiles: EarlierFiles;
  /** Notes files about to be written for the first time (the search index's), before they are. */
  record(files: readonly PlannedFile[]): Promise<void>;
}

/**
 * Writes the files whose keys changed, then the search index and its page once the workers have
 * built it, deletes stale files and writes the manifest last, so an interrupted build leaves the
 * previous manifest and redoes its work. `planned` gains the search files.
 */
export async function writeSite(options: WriteSiteOptions): Promise<WriteOutcome> {
  const { pending } = options;
  const writer = createSiteFileWriter(options.output, pending.length, options.context.frame);
  const counts: WriteCounts = { written: 0, unchanged: 0, refused: new Map() };
  try {
    return await writeAll(options, writer, counts);
  } finally {
    await writer.close();
  }
}

async function writeAll(
  options: WriteSiteOptions,
  writer: SiteFileWriter,
  counts: WriteCounts,
): Promise<WriteOutcome> {
  const { context, planned, pending, before } = options;
  const ready = (file: PlannedFile): Promise<void> | undefined =>
    file.uses && context.content.whenLoaded(file.uses.posts);
  let searching: BackgroundTask<SearchPlan> | null = null;
  await writeFiles(writer, pending, counts, ready, () => {
    searching = startBackgroundTask(options.search());
  });
  const search = await (searching ?? startBackgroundTask(options.search())).result();
  const searchFiles: PlannedFile[] = [
    ...search.files,
    {
      path: 'search/index.html',
      key: context.key('search-page', search.metaPath),
      render: () => renderSearchPage(context.frame, options.searchScript, search.metaPath),
    },
  ];
  planned.push(...searchFiles);
  const searchPending = pendingFiles(searchFiles, before);
  await options.record(searchPending);
  await writeFiles(writer, searchPending, counts);
  const pendingCount = pending.length + searchPending.length;
  const outcome = await finishOutcome(
    options.output.root,
    planned,
    pendingCount,
    options.previousFiles,
    counts,
  );
  const posts = new Map<string, readonly [string, string]>();
  for (const post of context.posts) posts.set(post.digest, context.content.coverRecord(post));
  // A post page the writer refused is recorded with no fingerprint, so the next build writes it.
  if (counts.refused.size > 0)
    for (const file of planned)
      if (file.postDigest !== undefined && counts.refused.has(file.path))
        posts.set(file.postDigest, ['', posts.get(file.postDigest)?.[1] ?? '']);
  const manifest: SiteManifest = {
    config: options.configKey,
    files: outcome.files,
    posts,
    search: search.blocks,
    zone: context.dates.offsets(),
  };
  await writer.write(MANIFEST_FILE, serializeSiteManifest(manifest));
  return outcome;
}
