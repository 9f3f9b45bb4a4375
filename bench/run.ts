/**
 * Benchmark runner: `npm run bench -- <name>`. Each benchmark compares newsmill with the library a
 * user would otherwise pick, in the same process and run, and prints ratios.
 */
import { parseBenchmark } from './parse.bench.js';

const benchmarks: Record<string, () => Promise<void>> = {
  parse: parseBenchmark,
};

const names = process.argv.slice(2);
if (names.length === 0 || names.some((name) => !(name in benchmarks))) {
  console.error(`usage: npm run bench -- <${Object.keys(benchmarks).join('|')}>`);
  process.exit(2);
}
for (const name of names) await benchmarks[name]?.();
