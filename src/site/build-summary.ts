/** What a build did. */
export interface BuildSummary {
  posts: number;
  /** Files the site consists of. */
  files: number;
  /** Files rendered and written because their bytes changed. */
  written: number;
  /** Files rendered whose bytes turned out identical, so they were left alone. */
  unchanged: number;
  /** Files skipped without rendering because nothing they depend on changed. */
  skipped: number;
  /** Files of an earlier build that are gone from this one and were deleted. */
  deleted: number;
  /**
   * True when the build found the store's items, the sources and the configuration as the last
   * build recorded them, and stopped without planning anything: the site is up to date.
   */
  upToDate: boolean;
  /**
   * True when the build found only items newer than every post, and planned from the site's head
   * only what they change (an append build), carrying every other file over.
   */
  appended: boolean;
  /**
   * Paths refused because they are not safely inside the site folder (from an edited manifest or
   * journal, or through a folder that is a symlink out of it), each naming the path and why.
   */
  warnings: string[];
}
