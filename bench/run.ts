/**
 * Benchmark runner: `npm run bench -- <name>` runs `bench/<name>.bench.ts`. Each benchmark compares
 * newsmill with the library or tool a user would otherwise pick, in the same run, and prints ratios.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
for (const name of names) {
  const module = (await import(path.join(here, `${name}.bench.ts`))) as { default: () => Promise<void> };
  await module.default();
}
