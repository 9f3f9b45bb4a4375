import path from 'node:path';
import type { Command } from 'commander';
import { mixedContentWarnings } from '../config/mixed-content-warning.js';
import type { Config } from '../config/resolve-config.js';
import { toTerminalLine } from '../core/control-characters.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { loadCliConfig } from './cli-config.js';

/** `newsmill build`: build the static site from the store into `output.site`. */
export function registerBuildCommand(program: Command): void {
  program
    .command('build')
    .description(
      'build the static site (pages, feeds, sitemap, search index) from the store into output.site',
    )
    .option('-c, --config <file>', 'config file', 'newsmill.yaml')
    .option('--full', 'render every file, not only those whose inputs changed')
    .action(async (options: { config: string; full?: boolean }) => {
      const config = await loadCliConfig(options.config);
      for (const warning of mixedContentWarnings(config)) process.stderr.write(`warning: ${warning}\n`);
      const store = await openStore(config.store, { readonly: true });
      try {
        await buildAndReport(config, store, { full: options.full, configFile: options.config });
      } finally {
        await store.close();
      }
    });
}

/**
 * Builds the site from `store` and prints what `newsmill build` prints: its warnings, the summary
 * and where to open it (`configFile` as the command line named it, for the serve hint).
 */
export async function buildAndReport(
  config: Config,
  store: Store,
  options: { full?: boolean; configFile: string },
): Promise<void> {
  const { buildSite } = await import('../site/build-site.js');
  const started = process.hrtime.bigint();
  const summary = await buildSite({ config, store, full: options.full });
  for (const warning of summary.warnings) process.stderr.write(`warning: ${toTerminalLine(warning)}\n`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(
    `posts: ${summary.posts}\nfiles: ${summary.files} (${summary.written} written, ${summary.unchanged} unchanged, ` +
      `${summary.skipped} skipped, ${summary.deleted} deleted)\n` +
      (summary.upToDate
        ? 'up to date: the items, sources and configuration are as the last build found them\n'
        : '') +
      `site: ${config.output.site} in ${seconds.toFixed(2)} s\n`,
  );
  const configFlag = options.configFile === 'newsmill.yaml' ? '' : ` --config ${options.configFile}`;
  process.stdout.write(
    `open: ${path.join(config.output.site, 'index.html')}, or preview it with: newsmill serve${configFlag}\n`,
  );
}
