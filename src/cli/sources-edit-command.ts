import path from 'node:path';
import type { Command } from 'commander';
import { splitCategoryPath } from '../config/category-path.js';
import { checkSourceUrl } from '../config/source-url.js';
import { toTerminalLine } from '../core/control-characters.js';
import { ConfigError } from '../core/errors.js';

// Discovery runs before any config is read (the file may not exist yet), so it uses the config defaults.
const DISCOVERY_FETCH = {
  timeoutMs: 20_000,
  maxBytes: 20 * 1024 * 1024,
  userAgent: 'newsmill/0.1 (+https://github.com/newsmill/newsmill)',
};

/** Adds `add` and `remove` to the `sources` command; both edit the YAML config in place, keeping its comments. */
export function registerSourcesEditCommands(sources: Command): void {
  sources
    .command('add')
    .description('add a source to the config; a web page URL is searched for its feed')
    .argument('<url>', 'a feed or web page URL, an rsshub:/route, or a feed file path')
    .requiredOption('--categories <top/source/channel>', 'the three categories, e.g. 新媒体/ZAKER/source')
    .option('-c, --config <file>', 'config file', 'newsmill.yaml')
    .option('--no-discover', 'add an http(s) URL as it is, without checking it is a feed')
    .action(async (url: string, options: { categories: string; config: string; discover: boolean }) => {
      const categories = parseCategories(options.categories);
      // Any kind the config takes, a local file too: the user named it here.
      const { kind, problem } = checkSourceUrl(url);
      if (problem !== null) throw new ConfigError(`${url}: ${problem}`);
      let feedUrl = url;
      if (kind === 'file') {
        // Written relative to the config's folder, as the config reads it, once it reads as a feed.
        const { checkLocalSource } = await import('./local-source-check.js');
        const local = await checkLocalSource(url, options.config, DISCOVERY_FETCH);
        feedUrl = local.url;
        const title = local.title ? ` "${local.title}"` : '';
        process.stdout.write(`${toTerminalLine(`found feed${title}: ${local.file} (a local file)`)}\n`);
      }
      if (/^https?:\/\//i.test(url) && options.discover) {
        const { discoverFeed } = await import('../pipeline/feed-discovery.js');
        const found = await discoverFeed(url, DISCOVERY_FETCH);
        feedUrl = found.feedUrl;
        const how = {
          direct: 'the URL is a feed',
          link: 'from the page\'s <link rel="alternate">',
          path: 'at a usual feed path',
        }[found.via];
        // The title is the feed's own: it may carry terminal controls.
        const title = found.title ? ` "${found.title}"` : '';
        process.stdout.write(`${toTerminalLine(`found feed${title}: ${feedUrl} (${how})`)}\n`);
      }
      const { addSourcesToYaml, editConfigFile } = await import('../config/config-editor.js');
      const edit = editConfigFile(options.config, (text) =>
        addSourcesToYaml(text, [{ url: feedUrl, categories }], {
          configDir: path.dirname(path.resolve(options.config)),
        }),
      );
      process.stdout.write(
        edit.added.length > 0
          ? `added ${feedUrl} as ${categories.join(' / ')} to ${options.config}\n`
          : `${feedUrl} is already in ${options.config}; nothing changed\n`,
      );
    });
  sources
    .command('remove')
    .description('remove a hand-written source from the config')
    .argument('<id|url>', 'the url as written, its position in sources (1 = first), or top/source/channel')
    .option('-c, --config <file>', 'config file', 'newsmill.yaml')
    .action(async (id: string, options: { config: string }) => {
      const { editConfigFile, removeSourceFromYaml } = await import('../config/config-editor.js');
      const edit = editConfigFile(options.config, (text) => removeSourceFromYaml(text, id));
      const { describeRemoval } = await import('./removal-note.js');
      for (const removed of edit.removed) {
        process.stdout.write(
          `removed ${removed.url} (${removed.categories.join(' / ')}) from ${options.config}\n`,
        );
        const note = await describeRemoval(options.config, removed.url);
        if (note !== null) process.stdout.write(`${toTerminalLine(note)}\n`);
      }
    });
}

/** Splits `top/source/channel` (`\/` is a literal slash) into exactly three non-empty names. */
export function parseCategories(value: string): [string, string, string] {
  const names = splitCategoryPath(value);
  const [top, source, channel] = names;
  if (names.length !== 3 || !top || !source || !channel) {
    throw new ConfigError(`--categories: expected top/source/channel (three names), not "${value}"`);
  }
  return [top, source, channel];
}
