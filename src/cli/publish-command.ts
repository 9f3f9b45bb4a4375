import type { Command } from 'commander';
import { mixedContentWarnings } from '../config/mixed-content-warning.js';
import type { Config } from '../config/resolve-config.js';
import { toTerminalLine } from '../core/control-characters.js';
import { ConfigError } from '../core/errors.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { buildAndReport } from './build-command.js';
import { loadCliConfig } from './cli-config.js';
import { ExitCode } from './exit-codes.js';

/** The flags of `newsmill publish`. */
interface PublishFlags {
  config: string;
  hexo?: boolean;
  site?: boolean;
  full?: boolean;
}

/**
 * `newsmill publish`: write the outputs from the store alone, where they live: the Hexo posts that
 * are due and the site. It fetches nothing, so it runs beside `worker`s on other machines, and
 * beside a `run` or `watch` on this one: it takes the outputs' locks, not the store's.
 */
export function registerPublishCommand(program: Command): void {
  program
    .command('publish')
    .description(
      'write the Hexo posts and build the site from the store, fetching nothing (default: every output the config has)',
    )
    .option('-c, --config <file>', 'config file', 'newsmill.yaml')
    .option(
      '--hexo',
      'write the Hexo posts that are missing or stale (new or changed items, changed settings)',
    )
    .option('--site', 'build the static site into output.site')
    .option('--full', 'with the site: render every file, not only those whose inputs changed')
    .action(async (options: PublishFlags) => {
      const config = await loadCliConfig(options.config);
      for (const warning of mixedContentWarnings(config)) process.stderr.write(`warning: ${warning}\n`);
      const everything = !options.hexo && !options.site;
      if (options.hexo && !config.output.hexo)
        throw new ConfigError(
          `${config.file}: --hexo needs output.hexo, the Hexo folder to write posts into`,
        );
      const hexo = Boolean(options.hexo) || (everything && config.output.hexo !== null);
      const site = Boolean(options.site) || everything;
      // Posts are recorded in the store (which file, written from what); the site only reads it.
      const store = await openStore(config.store, { readonly: !hexo });
      try {
        if (hexo) await publishPosts(config, store);
        if (site) await buildAndReport(config, store, { full: options.full, configFile: options.config });
      } finally {
        await store.close();
      }
    });
}

/** Writes the due Hexo posts and prints what it did; a post that failed sets exit code 3. */
async function publishPosts(config: Config, store: Store): Promise<void> {
  const { openHexoOutput, publishHexo, postsWritten } = await import('../pipeline/publish-hexo.js');
  const output = await openHexoOutput(config, store, 'newsmill publish');
  if (!output) return;
  try {
    const published = await publishHexo(config, store, output.hexo);
    const failures: string[] = [];
    for (const [key, entry] of published) {
      for (const warning of entry.warnings)
        process.stderr.write(`warning ${toTerminalLine(`${key}: ${warning}`)}\n`);
      failures.push(...entry.itemErrors.map((line) => `${key}: ${line}`));
    }
    for (const line of failures) process.stderr.write(`failed ${toTerminalLine(line)}\n`);
    process.stdout.write(
      `posts: ${postsWritten(published)} written${failures.length > 0 ? `, ${failures.length} failed` : ''}\n`,
    );
    if (failures.length > 0) process.exitCode = ExitCode.sourcesFailed;
  } finally {
    await output.release();
  }
}
