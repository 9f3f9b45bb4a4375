// Preloaded into the `newsmill watch` process of bench/watch-soak.mjs (node --import): appends the
// process's memory to $SOAK_MEMLOG as one JSON line per $SOAK_SAMPLE_MS (default a minute).
import { appendFileSync } from 'node:fs';
import { setInterval } from 'node:timers';

const file = process.env.SOAK_MEMLOG;
const every = Number(process.env.SOAK_SAMPLE_MS ?? 60_000);
if (file) {
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
