/** Limits of a pool: tasks at once overall, and at once per host. */
export interface PoolLimits {
  global: number;
  perHost: number;
}

/**
 * Runs every task with at most `global` in flight and at most `perHost` per host. A task whose
 * host is busy waits without holding a global slot, so one slow host cannot stall the others.
 * After `signal` aborts, no new task starts; tasks in flight finish.
 */
export async function runHostLimited<T extends { host: string }>(
  tasks: readonly T[],
  limits: PoolLimits,
  run: (task: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const pending = [...tasks];
  const activeByHost = new Map<string, number>();
  let active = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      if (signal?.aborted) pending.length = 0;
      for (let index = 0; index < pending.length && active < limits.global;) {
        const task = pending[index] as T;
        const busy = activeByHost.get(task.host) ?? 0;
        if (busy >= limits.perHost) {
          index++;
          continue;
        }
        pending.splice(index, 1);
        active++;
        activeByHost.set(task.host, busy + 1);
        run(task)
          .then(() => {
            active--;
            activeByHost.set(task.host, (activeByHost.get(task.host) ?? 1) - 1);
            pump();
          })
          .catch(reject);
      }
      if (active === 0 && pending.length === 0) resolve();
    };
    pump();
  });
}
