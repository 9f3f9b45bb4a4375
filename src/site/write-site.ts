import { startBackgroundTask, type BackgroundTask } from './background-task.js';
import type { BuildContext } from './build-context.js';
import {
  finishOutcome,
  pendingFiles,
  writeFiles,
  type PlannedFile,
  type WriteCounts,
  type WriteOutcome,
} from './output-writer.js';
import { renderSearchPage } from './pages/other-pages.js';
import type { SearchPlan } from './plan-search.js';
import type { SearchJob, SitePlan } from './plan-site.js';
import type { EarlierBuild } from './previous-build.js';
import type { SiteFileWriter, SiteOutput } from './site-file-writer.js';

/** What the write phase of a build needs. */
export interface WriteSiteOptions {
  output: SiteOutput;
  writer: SiteFileWriter;
  context: BuildContext;
  /** The search page's script. */
  searchScript: string;
  /** The plan; `planned` gains the search files. */
  plan: SitePlan;
  search: SearchJob;
  previous: EarlierBuild;
}

/** What the write phase did, and what the manifest must remember of it. */
export interface WrittenSite {
  outcome: WriteOutcome;
  search: SearchPlan;
  /** Planned files the writer refused, path → why: they are recorded so the next build retries them. */
  refused: ReadonlyMap<string, string>;
}

/**
 * Renders and writes the files whose keys changed, then the search index and its page once they
 * are built, and deletes the files of the previous build that are no longer planned.
 */
export async function writeSite(options: WriteSiteOptions): Promise<WrittenSite> {
  const { writer, context, plan, previous } = options;
  const counts: WriteCounts = { written: 0, unchanged: 0, refused: new Map() };
  let searching: BackgroundTask<SearchPlan> | null = null;
  const ready = (file: PlannedFile): Promise<void> | undefined =>
    file.uses && context.content.whenLoaded(file.uses.posts);
  // The search starts on this thread once every other file is written.
  await writeFiles(writer, plan.pending, counts, ready, () => {
    searching = startBackgroundTask(options.search.start());
  });
  const search = await (searching ?? startBackgroundTask(options.search.start())).result();
  const searchFiles: PlannedFile[] = [
    ...search.files,
    {
      path: 'search/index.html',
      key: context.key('search-page', search.metaPath),
      render: () => renderSearchPage(context.frame, options.searchScript, search.metaPath),
    },
  ];
  plan.planned.push(...searchFiles);
  const searchPending = pendingFiles(searchFiles, previous);
  await previous.recordNewFiles(searchPending);
  await writeFiles(writer, searchPending, counts);
  const pendingCount = plan.pending.length + searchPending.length;
  const outcome = await finishOutcome(
    options.output.root,
    plan.planned,
    pendingCount,
    previous.files,
    counts,
  );
  return { outcome, search, refused: counts.refused };
}
