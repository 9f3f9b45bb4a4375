import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { capItemSize, describeItemCuts } from '../content/item-size.js';
import { toTerminalLine } from '../core/control-characters.js';
import { describeStoreTarget } from '../core/store-target.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { ExportFormatError, parseStoreExport } from '../store/export-schema.js';
import { openStore } from '../store/open-store.js';
import type { StoreExport } from '../store/store.js';
import { loadCliConfig } from './cli-config.js';
import { acquireInstanceLock } from './instance-lock.js';

/** `newsmill export` and `newsmill import`: a JSON backup of every source and item. */
export function registerBackupCommands(program: Command): void {
  program
    .command('export')
    .description('write every stored source and item as JSON (to a file, or stdout)')
    .argument('[file]', 'output file; stdout when omitted')
    .option('-c, --config <file>', 'config file', 'newsmill.yaml')
    .option('--json', 'JSON output (the only format; accepted for clarity)')
    .action(async (file: string | undefined, options: { config: string }) => {
      const config = await loadCliConfig(options.config);
      const store = await openStore(config.store, { readonly: true });
      try {
        const text = `${JSON.stringify(await store.exportData(), null, 2)}\n`;
        if (file) await writeFileAtomic(file, text);
        else process.stdout.write(text);
      } finally {
        await store.close();
      }
    });
  program
    .command('import')
    .description('load a `newsmill export` file into an empty store')
    .argument('<file>', 'a file written by newsmill export')
    .option('-c, --config <file>', 'config file', 'newsmill.yaml')
    .action(async (file: string, options: { config: string }) => {
      const config = await loadCliConfig(options.config);
      const data = capImportedItems(await readExport(file), config.content.maxItemKB * 1024);
      const lock = await acquireInstanceLock(config.store, 'newsmill import');
      try {
        const store = await openStore(config.store);
        try {
          const counts = await store.importData(data);
          process.stdout.write(
            `imported ${counts.sources} sources and ${counts.items} items into ${describeStoreTarget(config.store)}\n`,
          );
        } finally {
          await store.close();
        }
      } finally {
        await lock.release();
      }
    });
}

// An export is as untrusted as a feed: items over content.maxItemKB are cut as a run cuts them, so
// an edited file cannot put a post page or feed entry of any size on the site.
function capImportedItems(data: StoreExport, maxBytes: number): StoreExport {
  const items = data.items.map((item) => {
    const capped = capItemSize(item, maxBytes);
    if (capped.cuts.length === 0) return item;
    const warning = describeItemCuts(item.title ?? item.identity, capped.cuts);
    process.stderr.write(`warning: ${toTerminalLine(`${item.sourceKey}: ${warning}`)}\n`);
    return { ...item, ...capped.item };
  });
  return { ...data, items };
}

// The whole file is validated before the store is opened: an invalid export creates no store and
// writes nothing, and every problem is named by its field path.
async function readExport(file: string): Promise<StoreExport> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ExportFormatError(`${file}: not a readable newsmill export`, { cause: error });
  }
  try {
    return parseStoreExport(value);
  } catch (error) {
    if (error instanceof ExportFormatError)
      throw new ExportFormatError(`${file}: ${error.message}`, { cause: error });
    throw error;
  }
}
