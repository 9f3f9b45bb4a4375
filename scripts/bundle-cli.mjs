/**
 * Bundles the CLI into dist/bundle/ after `tsc` has type-checked and emitted the library. Loading
 * one bundle instead of many separate modules (newsmill's and its pure-JS dependencies') takes about
 * 0.15 s off every command, a quarter of an incremental site build. The worker entry is
 * bundled beside the chunks, where `new URL('./content-worker.js', import.meta.url)` finds them.
 * better-sqlite3 (native) and pino (loads transports by file) stay in node_modules, and the search
 * tokenizer stays tsc's module in dist/ (see below).
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

// The search page embeds the tokenizer's source text (Function.prototype.toString), and the asset's
// hash is part of every page's key. Bundled, the source would be reformatted, so a site built by
// the library and then by the CLI would re-render every page: the bundle imports tsc's copy instead.
const sharedWithLibrary = {
  name: 'shared-with-library',
  setup(build) {
    build.onResolve({ filter: /[/\\]search-tokens\.js$/ }, () => ({
      path: '../site/search/search-tokens.js',
      external: true,
    }));
  },
};

// Chunk names carry content hashes, so each build starts from an empty folder. It is built aside and
// swapped in with two renames: a CLI started meanwhile (a second test run) finds a whole bundle,
// never a half-deleted one.
const staging = `dist/bundle.${process.pid}.tmp`;
const retired = `dist/bundle.${process.pid}.old`;
rmSync(new URL(`../${staging}`, import.meta.url), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts', 'src/site/content-worker.ts'],
  outdir: staging,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'pino'],
  // CommonJS dependencies call require(); ES modules have none of their own.
  banner: {
    js: "import { createRequire as newsmillRequire } from 'node:module';\nconst require = newsmillRequire(import.meta.url);",
  },
  plugins: [sharedWithLibrary],
  logLevel: 'warning',
  // Less source to parse on every start (about 40 ms); names stay, and the maps serve
  // NODE_OPTIONS=--enable-source-maps when a stack trace must point at the sources.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
});

// The chunks' own package scope: Node looks up the nearest package.json of every module it loads
// to learn its type, and without one here it searched dist/ and the package root for each of the
// 60-odd chunks a build loads (`getPackageScopeConfig` 12 ms of `--version` in 5 profiles, 2 ms
// with this file; an up-to-date build of 1,000 posts 0.23 s against 0.245 s, medians of 10
// alternating runs). It has no name, so it is not taken for newsmill's own (`findNewsmillRoot`).
writeFileSync(new URL(`../${staging}/package.json`, import.meta.url), '{ "type": "module" }\n');

const bundle = new URL('../dist/bundle', import.meta.url);
try {
  renameSync(bundle, new URL(`../${retired}`, import.meta.url));
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
}
renameSync(new URL(`../${staging}`, import.meta.url), bundle);
rmSync(new URL(`../${retired}`, import.meta.url), { recursive: true, force: true });
