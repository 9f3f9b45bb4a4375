/** Limits concurrent work per host across the whole run (article pages of many sources share hosts). */
export interface HostSemaphore {
  run<T>(host: string, work: () => Promise<T>): Promise<T>;
}

/** Creates a semaphore allowing `perHost` tasks at once for each host. */
export function createHostSemaphore(perHost: number): HostSemaphore {
  const active = new Map<string, number>();
  const waiting = new Map<string, Array<() => void>>();
  const release = (host: string): void => {
    const next = waiting.get(host)?.shift();
    if (next) next();
    else active.set(host, (active.get(host) ?? 1) - 1);
  };
  return {
    async run(host, work) {
      if ((active.get(host) ?? 0) >= perHost) {
        await new Promise<void>((resolve) => waiting.set(host, [...(waiting.get(host) ?? []), resolve]));
      } else {
        active.set(host, (active.get(host) ?? 0) + 1);
      }
      try {
        return await work();
      } finally {
        release(host);
      }
    },
  };
}
