import { execFileSync } from 'node:child_process';

/**
 * CLI tests run the real `bin/newsmill.js` (the bundle), so the build must match the sources under
 * test. A type
 * error fails `npm run check` and `npm ci` (prepare) on its own; here it only warns, so that the
 * unit tests still run while someone is mid-change.
 */
export default function setup(): void {
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
      stdio: 'pipe',
    });
    execFileSync(process.execPath, ['scripts/bundle-cli.mjs'], { stdio: 'pipe' });
  } catch (error) {
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
    console.warn(`newsmill build failed; CLI tests will use a stale or missing dist/:\n${output}`);
  }
}
