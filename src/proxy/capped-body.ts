import { ProxyError } from '../core/errors.js';

/** The limits on reading one upstream body, from its first byte to its last. */
export interface BodyLimits {
  maxBytes: number;
  /** Longest wait for the next chunk. */
  idleTimeoutMs: number;
  /** The whole body must arrive within this time after the response head: a drip can't pass it. */
  bodyTimeoutMs: number;
  /** Average rate the body must keep once `rateWindowMs` has passed; 0 turns the check off. */
  minBytesPerSecond: number;
  /** How long a body may take to get up to speed before its rate is judged. */
  rateWindowMs: number;
}

/** The source of a body: the hop's chunks, and how to drop the rest (which closes the connection). */
export interface BodySource {
  body: AsyncIterable<Uint8Array>;
  cancel(): void;
}

/**
 * Reads a whole body, giving up past the size cap, when no chunk comes for the idle time, when the body
 * is not complete by its deadline, or when it arrives slower than the minimum rate; giving up cancels
 * the source, so the upstream connection is closed rather than left to drip.
 */
export async function readCappedBody(
  source: BodySource,
  limits: BodyLimits,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const started = Date.now();
  const iterator = source.body[Symbol.asyncIterator]();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const aborted = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
  aborted.catch(() => undefined);
  try {
    for (;;) {
      const { waitMs, failure } = nextChunkDue(total, Date.now() - started, limits);
      const overdue = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(failure()), Math.max(0, waitMs));
      });
      const next = await Promise.race([iterator.next(), overdue, aborted]);
      clearTimeout(timer);
      if (next.done) break;
      total += next.value.byteLength;
      if (total > limits.maxBytes)
        throw new ProxyError(`body exceeds ${limits.maxBytes} bytes`, 'too-large', 502);
      chunks.push(next.value);
    }
  } catch (error) {
    clearTimeout(timer);
    source.cancel();
    throw error;
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * How long the next chunk may take, and what to report if it doesn't come: the earliest of the idle
 * timeout, the body deadline, and the moment the bytes so far fall below the minimum average rate.
 */
function nextChunkDue(
  total: number,
  elapsedMs: number,
  limits: BodyLimits,
): { waitMs: number; failure: () => ProxyError } {
  const due = [
    {
      waitMs: limits.idleTimeoutMs,
      failure: () => new ProxyError('upstream body stalled', 'idle-timeout', 504),
    },
    {
      waitMs: limits.bodyTimeoutMs - elapsedMs,
      failure: () =>
        new ProxyError(`upstream body took longer than ${limits.bodyTimeoutMs} ms`, 'body-timeout', 504),
    },
  ];
  if (limits.minBytesPerSecond > 0) {
    // With no further byte, the average since the head drops below the minimum at this moment.
    const belowAtMs = Math.max(limits.rateWindowMs, (total * 1000) / limits.minBytesPerSecond);
    due.push({
      waitMs: belowAtMs - elapsedMs,
      failure: () => {
        const rate = Math.round((total * 1000) / Math.max(1, belowAtMs));
        const message = `upstream body arrives at ${rate} bytes/s, below ${limits.minBytesPerSecond} bytes/s`;
        return new ProxyError(message, 'too-slow', 504);
      },
    });
  }
  return due.reduce((first, next) => (next.waitMs < first.waitMs ? next : first));
}
