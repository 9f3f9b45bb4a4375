/** Process exit codes, documented in the README's CLI reference. */
export const ExitCode = {
  /** The command did its job (a run may still have reported failed sources). */
  ok: 0,
  /** An unexpected error: a bug, or the store or output folder could not be used. */
  internal: 1,
  /** Bad usage or a broken config file; the message names the fix. */
  usage: 2,
  /** `run`: every source failed, or with `--strict` anything failed (a source, a post, a pruning). */
  sourcesFailed: 3,
  /** `parse`/`sanitize`: the input could not be read or is not a feed. */
  badInput: 4,
} as const;
