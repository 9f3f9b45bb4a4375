import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { OpmlDrafts } from '../config/opml-import.js';
import { toTerminalLine } from '../core/control-characters.js';
import { ConfigError, ParseError } from '../core/errors.js';
import { loadCliConfig } from './cli-config.js';

/** `newsmill opml export|import`: exchange sources with other feed readers. */
export function registerOpmlCommand(program: Command): void {
  const opml = program.command('opml').description('export or import sources as OPML');
  opml
    .command('export')
    .description('write every source as OPML 2.0, nested category / source / channel')
    .argument('[file]', 'output file (default: standard output)')
    .option('-c, --config <file>', 'config file', 'newsmill.yaml')
    .action(async (file: string | undefined, options: { config: string }) => {
      const config = await loadCliConfig(options.config);
      const { exportOpml } = await import('../config/opml-export.js');
      const text = exportOpml(config.sources, config.site.title);
      if (file) {
        writeFileSync(file, text);
        process.stdout.write(`exported ${config.sources.length} sources to ${file}\n`);
      } else {
        process.stdout.write(text);
      }
    });
  opml
    .command('import')
    .description('add the feeds of an OPML file to the config (folders become categories)')
    .argument('<file>', 'an OPML file from newsmill, Miniflux, FreshRSS, Inoreader, Feedly…')
    .option('-c, --config <file>', 'config file', 'newsmill.yaml')
    .option('--top <name>', 'top category for feeds outside any folder', '未分类')
    .action(async (file: string, options: { config: string; top: string }) => {
      const [{ opmlFeedsToDrafts, parseOpml }, { addSourcesToYaml, editConfigFile }] = await Promise.all([
        import('../config/opml-import.js'),
        import('../config/config-editor.js'),
      ]);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new ConfigError(`${file}: cannot be read`, { cause: error });
      }
      let feeds: OpmlDrafts;
      try {
        feeds = opmlFeedsToDrafts(parseOpml(text), options.top);
      } catch (error) {
        if (error instanceof ParseError) throw new ParseError(`${file}: ${error.message}`, { cause: error });
        throw error;
      }
      const edit = editConfigFile(options.config, (yaml) => addSourcesToYaml(yaml, feeds.drafts));
      // Every name and URL printed here came from the OPML file.
      const say = (line: string): boolean => process.stdout.write(`${toTerminalLine(line)}\n`);
      for (const added of edit.added) say(`added ${added.url} (${added.categories.join(' / ')})`);
      for (const skipped of edit.skipped) say(`already listed ${skipped.url}`);
      for (const refused of feeds.refused) say(`refused ${refused.url}: ${refused.reason}`);
      const counts = `${edit.added.length} added, ${edit.skipped.length} already listed`;
      say(feeds.refused.length > 0 ? `${counts}, ${feeds.refused.length} refused` : counts);
    });
}
