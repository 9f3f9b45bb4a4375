import type { FetchRecord, Store } from '../store/store.js';

/**
 * The store as one worker sees it: every fetch it records names the worker (`<hostname>:<pid>`),
 * so `newsmill sources` shows which machine last fetched each source. The ingest code stays the
 * one `newsmill run` uses, unaware of workers.
 */
export function withFetcher(store: Store, fetchedBy: string): Store {
  const recordFetch = (record: FetchRecord): Promise<void> => store.recordFetch({ ...record, fetchedBy });
  return new Proxy(store, {
    get(target, property) {
      if (property === 'recordFetch') return recordFetch;
      const value: unknown = Reflect.get(target, property, target);
      // Methods keep their own store as `this`, whatever class implements it.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
