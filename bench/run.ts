/**
 * Benchmark runner: `npm run bench -- <name>` runs `bench/<name>.bench.ts`. Each benchmark compares
 * newsmill with the library or tool a user would otherwise pick, in the same run, and prints ratios.
 * The runner applies the measurement protocol (protocol.ts): one benchmark at a time, on a quiet
 * machine, and says under which conditions the numbers were taken.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireBenchLock, checkConditionsFromEnv } from './protocol.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.slice(0, -'.bench.ts'.length))
  .sort();

const names = process.argv.slice(2);
if (names.length === 0 || names.some((name) => !available.includes(name))) {
  console.error(`usage: npm run bench -- <${available.join('|')}>`);
  process.exit(2);
}
let release: () => void;
try {
  release = acquireBenchLock();
} catch (error) {
  console.error(`bench: ${(error as Error).message}`);
  process.exit(3);
}
try {
  // Checked before each benchmark: one that ends by deleting its files (fetch's 60,000 posts) leaves
  // the file system busy for minutes, which the next one must not be measured in.
  for (const name of names) {
    const conditions = await checkConditionsFromEnv(path.dirname(here));
    console.log(`${name}: ${conditions.label}`);
    const module = (await import(path.join(here, `${name}.bench.ts`))) as { default: () => Promise<void> };
    await module.default();
    console.log(`\n${name}: ${conditions.label}`);
  }
} catch (error) {
  console.error(`bench: ${(error as Error).message}`);
  process.exitCode = 3;
} finally {
  release();
}
