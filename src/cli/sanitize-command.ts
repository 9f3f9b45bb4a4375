import { text } from 'node:stream/consumers';
import type { Command } from 'commander';
import { sanitizeArticleHtml } from '../content/sanitize.js';
import type { ImageProxyPolicy } from '../content/image-proxy.js';
import { loadCliConfig } from './cli-config.js';

/** `newsmill sanitize`: clean article HTML from stdin with the exact policy `run` uses. */
export function registerSanitizeCommand(program: Command): void {
  program
    .command('sanitize')
    .description('read article HTML on stdin and write the sanitized HTML to stdout')
    .option('--base <url>', 'base URL for relative links and images (usually the article URL)')
    .option('-c, --config <file>', "also rewrite images to the config's image proxy")
    .action(async (options: { base?: string; config?: string }) => {
      const images: ImageProxyPolicy = options.config
        ? (({ mode, target }) => ({ mode, target }))(loadCliConfig(options.config).proxy)
        : { mode: 'none', target: null };
      const html = await text(process.stdin);
      process.stdout.write(sanitizeArticleHtml(html, { base: options.base ?? null, images }));
    });
}
