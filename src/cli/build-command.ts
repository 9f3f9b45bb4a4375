import path from 'node:path';
import type { Command } from 'commander';
import { mixedContentWarnings } from '../config/mixed-content-warning.js';
import { toTerminalLine } from '../core/control-characters.js';
import { openStore } from '../store/open-store.js';
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
      const { buildSite } = await import('../site/build-site.js');
      const store = await openStore(config.store, { readonly: true });
      const started = process.hrtime.bigint();
      try {
        const summary = await buildSite({ config, store, full: options.full });
        for (const warning of summary.warnings) process.stderr.write(`warning: ${toTerminalLine(warning)}\n`);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        process.stdout.write(
          `posts: ${summary.posts}\nfiles: ${summary.files} (${summary.written} written, ${summary.unchanged} unchanged, ` +
            `${summary.skipped} skipped, ${summary.deleted} deleted)\nsite: ${config.output.site} in ${seconds.toFixed(2)} s\n`,
        );
        const configFlag = options.config === 'newsmill.yaml' ? '' : ` --config ${options.config}`;
        process.stdout.write(
          `open: ${path.join(config.output.site, 'index.html')}, or preview it with: newsmill serve${configFlag}\n`,
        );
      } finally {
        await store.close();
      }
    });
}
