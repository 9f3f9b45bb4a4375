import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runHostLimited } from './host-limited-pool.js';

describe('runHostLimited', () => {
  it('never exceeds the global or per-host limit, and runs everything', async () => {
    const tasks = Array.from({ length: 30 }, (_, i) => ({ id: i, host: `h${i % 3}` }));
    let active = 0;
    let peak = 0;
    const activeByHost = new Map<string, number>();
    const peakByHost = new Map<string, number>();
    const done: number[] = [];
    await runHostLimited(tasks, { global: 4, perHost: 2 }, async (task) => {
      active++;
      peak = Math.max(peak, active);
      const busy = (activeByHost.get(task.host) ?? 0) + 1;
      activeByHost.set(task.host, busy);
      peakByHost.set(task.host, Math.max(peakByHost.get(task.host) ?? 0, busy));
      await sleep(2);
      activeByHost.set(task.host, busy - 1);
      active--;
      done.push(task.id);
    });
    expect(done.sort((a, b) => a - b)).toEqual(tasks.map((t) => t.id));
    expect(peak).toBe(4);
    expect(Math.max(...peakByHost.values())).toBe(2);
  });

  it('lets other hosts through while one host is saturated', async () => {
    const order: string[] = [];
    const tasks = [
      { host: 'slow', name: 's1' },
      { host: 'slow', name: 's2' },
      { host: 'fast', name: 'f1' },
    ];
    await runHostLimited(tasks, { global: 2, perHost: 1 }, async (task) => {
      order.push(`start ${task.name}`);
      await sleep(task.host === 'slow' ? 20 : 1);
      order.push(`end ${task.name}`);
    });
    expect(order.slice(0, 2)).toEqual(['start s1', 'start f1']);
  });

  it('starts nothing new after an abort', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const tasks = Array.from({ length: 10 }, (_, i) => ({ id: i, host: 'h' }));
    await runHostLimited(
      tasks,
      { global: 1, perHost: 1 },
      async (task) => {
        started.push(task.id);
        if (task.id === 2) controller.abort();
        await sleep(1);
      },
      controller.signal,
    );
    expect(started).toEqual([0, 1, 2]);
  });
});
