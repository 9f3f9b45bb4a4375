/** Schedules rebuilds of the outputs after changes; see `createRebuildThrottle`. */
export interface RebuildThrottle {
  /** Notes that the store changed: a rebuild follows within the delay. */
  schedule(): void;
  /** Starts a pending rebuild at once and waits for every rebuild to end (on shutdown). */
  flush(): Promise<void>;
}

/**
 * Rebuilds after changes at most once per `delayMs` and, while changes are pending, at least that
 * often: a change waits for the delay since the last rebuild started, never for a quiet period.
 * (A debounce restarted by every change never fired while sources kept publishing, issue #19.)
 * Rebuilds never overlap; a change during one is picked up by the next.
 */
export function createRebuildThrottle(
  rebuild: (() => Promise<void>) | undefined,
  delayMs: number,
): RebuildThrottle {
  let timer: NodeJS.Timeout | null = null;
  let lastStartedAt = -Infinity;
  let busy: Promise<void> | null = null;
  // Changes that came while a rebuild ran: one more rebuild follows, however many there were.
  let pending = false;
  let flushing = false;
  const run = (): void => {
    timer = null;
    if (busy) {
      pending = true;
      return;
    }
    lastStartedAt = Date.now();
    busy = Promise.resolve()
      .then(() => rebuild?.())
      // The rebuild reports its own failures; the next change tries again.
      .catch(() => undefined)
      .then(() => {
        busy = null;
        if (pending && !flushing) {
          pending = false;
          schedule();
        }
      });
  };
  const schedule = (): void => {
    if (!rebuild || timer) return;
    // Capped at the delay, so a clock set back cannot postpone the rebuild.
    const wait = Math.min(delayMs, Math.max(0, lastStartedAt + delayMs - Date.now()));
    timer = setTimeout(run, wait);
  };
  return {
    schedule,
    async flush() {
      flushing = true;
      if (timer) {
        clearTimeout(timer);
        timer = null;
        pending = true;
      }
      for (;;) {
        if (busy) await busy;
        else if (pending) {
          pending = false;
          run();
        } else break;
      }
      flushing = false;
    },
  };
}
