import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRebuildThrottle } from './watch-rebuild.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createRebuildThrottle', () => {
  it('rebuilds at least once per delay while changes keep arriving', async () => {
    const starts: number[] = [];
    const throttle = createRebuildThrottle(async () => {
      starts.push(Date.now());
    }, 1000);
    const begin = Date.now();
    // A change every 100 ms for 10 s: a debounce that restarts on each one never fires.
    for (let t = 0; t < 10_000; t += 100) {
      throttle.schedule();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(starts.length).toBeGreaterThanOrEqual(9);
    expect(starts[0]! - begin).toBeLessThanOrEqual(1000);
    await throttle.flush();
  });

  it('rebuilds at most once per delay, and a burst only once', async () => {
    const starts: number[] = [];
    const throttle = createRebuildThrottle(async () => {
      starts.push(Date.now());
    }, 1000);
    for (let i = 0; i < 50; i++) throttle.schedule();
    await vi.advanceTimersByTimeAsync(5000);
    expect(starts).toHaveLength(1);
    for (let t = 0; t < 5000; t += 10) {
      throttle.schedule();
      await vi.advanceTimersByTimeAsync(10);
    }
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(1000);
    await throttle.flush();
  });

  it('never runs two rebuilds at once, and flush runs the pending one and waits for it', async () => {
    let running = 0;
    let overlap = false;
    let done = 0;
    const throttle = createRebuildThrottle(async () => {
      running++;
      if (running > 1) overlap = true;
      await new Promise((resolve) => setTimeout(resolve, 2500));
      running--;
      done++;
    }, 1000);
    for (let t = 0; t < 8000; t += 100) {
      throttle.schedule();
      await vi.advanceTimersByTimeAsync(100);
    }
    const flushed = throttle.flush();
    await vi.advanceTimersByTimeAsync(10_000);
    await flushed;
    expect(overlap).toBe(false);
    expect(done).toBeGreaterThanOrEqual(3);
    expect(running).toBe(0);
  });

  it('does nothing without changes or without a rebuild', async () => {
    const rebuild = vi.fn(async () => undefined);
    const throttle = createRebuildThrottle(rebuild, 1000);
    await vi.advanceTimersByTimeAsync(5000);
    await throttle.flush();
    expect(rebuild).not.toHaveBeenCalled();
    const none = createRebuildThrottle(undefined, 1000);
    none.schedule();
    await none.flush();
  });
});
