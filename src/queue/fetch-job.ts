import { createHash } from 'node:crypto';
import { FetchJobDataError } from './queue-errors.js';

/**
 * What one fetch job carries: which source, for which due time, and which stored attempt that due
 * time was computed from. Everything else (the location, the validators, the backoff) is read from
 * the config and the store when the job runs, so a job never acts on stale state.
 */
export interface FetchJobData {
  /** The source's key, as in the config and the store. */
  sourceKey: string;
  /** The due time this job fetches for, ISO 8601 UTC. */
  dueAt: string;
  /**
   * The source's last attempt when the job was scheduled (ISO 8601), or null for a source never
   * fetched. A job finding another attempt stored was overtaken (another job, a `run`) and fetches
   * nothing: one fetch per due time however many schedulers raced.
   */
  after: string | null;
}

/**
 * The job id of a source's fetch for one due time: a UUID (RFC 9562 version 8, from SHA-256) of the
 * key and the time. Every scheduler derives the same id from the same stored state, and the queue
 * refuses an id it already holds, so a second enqueue of one due time is a no-op.
 */
export function fetchJobId(sourceKey: string, dueAt: string): string {
  const bytes = createHash('sha256').update(`newsmill-fetch\0${sourceKey}\0${dueAt}`).digest();
  // Version 8 (custom) in the high nibble of byte 6, variant 10 in the top bits of byte 8.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * Reads a job's data back from the queue. Anyone who can write to the database can write a job,
 * so its shape is checked before a worker acts on it; the error names the job.
 */
export function readFetchJob(jobId: string, data: unknown): FetchJobData {
  const fail = (what: string): never => {
    throw new FetchJobDataError(`fetch job ${jobId}: ${what}`);
  };
  if (typeof data !== 'object' || data === null) return fail('its data is not an object');
  const { sourceKey, dueAt, after } = data as Record<string, unknown>;
  if (typeof sourceKey !== 'string' || sourceKey === '') return fail('sourceKey is not a non-empty string');
  if (typeof dueAt !== 'string' || !isInstant(dueAt)) return fail('dueAt is not an ISO 8601 UTC time');
  if (after !== null && (typeof after !== 'string' || !isInstant(after)))
    return fail('after is neither null nor an ISO 8601 UTC time');
  return { sourceKey, dueAt, after };
}

function isInstant(value: string): boolean {
  return ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}
