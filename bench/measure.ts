/** One contender's timings, in milliseconds per operation. */
export interface Measurement {
  name: string;
  medianMs: number;
  minMs: number;
}

/** Runs `work` a few times to warm up, then `rounds` times, and reports median and minimum. */
export async function measure(name: string, work: () => unknown, rounds = 15): Promise<Measurement> {
  for (let i = 0; i < 3; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { name, medianMs: times[Math.floor(times.length / 2)] ?? 0, minMs: times[0] ?? 0 };
}

/** Prints a table with each contender's time relative to the first (newsmill). */
export function report(title: string, results: Measurement[]): void {
  const base = results[0];
  if (!base) return;
  console.log(`\n${title}`);
  for (const result of results) {
    const ratio = result.medianMs / base.medianMs;
    console.log(
      `  ${result.name.padEnd(31)} median ${result.medianMs.toFixed(2).padStart(9)} ms  min ${result.minMs.toFixed(2).padStart(9)} ms  ${ratio.toFixed(2)}× newsmill`,
    );
  }
}
