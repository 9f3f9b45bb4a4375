// Preloaded into the `newsmill watch` process of bench/watch-soak.mjs (node --import): appends the
// process's memory to $SOAK_MEMLOG as one JSON line per $SOAK_SAMPLE_MS (default a minute).
import { appendFileSync } from 'node:fs';
import { setInterval } from 'node:timers';
import { isMainThread } from 'node:worker_threads';

const file = process.env.SOAK_MEMLOG;
const every = Number(process.env.SOAK_SAMPLE_MS ?? 60_000);
// Worker threads inherit --import: without this check each rebuild's pool added a line with its
// fresh isolate's heap (about 5.5 MB), which reads like a second process.
if (file && isMainThread) {
  const sample = () => {
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    appendFileSync(
      file,
      `${JSON.stringify({ at: Date.now(), rss, heapUsed, heapTotal, external, arrayBuffers })}\n`,
    );
  };
  sample();
  setInterval(sample, every).unref();
}
