/** Work a build starts now and awaits later, while it renders and writes other files meanwhile. */
export interface BackgroundTask<T> {
  /** The work's value, or its failure: the build awaits this before it may report success. */
  result(): Promise<T>;
}

/**
 * Starts tracking `work`. Its failure is kept for `result()` rather than reported by Node as an
 * unhandled rejection while nothing awaits it yet; whoever awaits `result()` gets it.
 */
export function startBackgroundTask<T>(work: Promise<T>): BackgroundTask<T> {
  const settled = work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return {
    async result() {
      const outcome = await settled;
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    },
  };
}
