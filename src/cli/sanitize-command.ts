import { text } from 'node:stream/consumers';
import { InvalidArgumentError, type Command } from 'commander';
import type { ProxyTarget } from '../config/resolve-config.js';
import type { ProxyMode } from '../config/schema.js';
import type { ImageProxyPolicy } from '../content/image-proxy.js';
import { loadCliConfig } from './cli-config.js';

interface SanitizeFlags {
  base?: string;
  config?: string;
  proxyMode?: ProxyMode;
  proxyTemplate?: string;
}

/** Parses `--proxy-mode`: http-only, all, none, or a comma-separated host list, as in `proxy.mode`. */
export function parseProxyMode(value: string): ProxyMode {
  if (value === 'http-only' || value === 'all' || value === 'none') return value;
  const hosts = value
    .split(',')
    .map((host) => host.trim())
    .filter((host) => host !== '');
  if (hosts.length === 0 || hosts.some((host) => !/^[A-Za-z0-9.-]+$/.test(host))) {
    throw new InvalidArgumentError('expected http-only, all, none or a comma-separated list of hosts');
  }
  return hosts;
}

function parseTemplate(value: string): string {
  if (!value.includes('{url}')) throw new InvalidArgumentError('expected a template containing {url}');
  return value;
}

function parseBase(value: string): string {
  if (!/^https?:\/\//i.test(value)) throw new InvalidArgumentError('expected an absolute http(s) URL');
  return value;
}

/** Flags override the config file; without either, no image is proxied, as in `run`. */
function resolveImages(flags: SanitizeFlags, configured: ImageProxyPolicy | null): ImageProxyPolicy {
  const target: ProxyTarget | null = flags.proxyTemplate
    ? { kind: 'template', template: flags.proxyTemplate }
    : (configured?.target ?? null);
  return { mode: flags.proxyMode ?? configured?.mode ?? 'http-only', target };
}

/** `newsmill sanitize`: clean article HTML from stdin with the exact policy `run` uses. */
export function registerSanitizeCommand(program: Command): void {
  program
    .command('sanitize')
    .description('read article HTML on stdin and write the sanitized HTML to stdout')
    .option('--base <url>', 'base URL for relative links and images (usually the article URL)', parseBase)
    .option(
      '--proxy-mode <mode>',
      'which images to proxy: http-only, all, none or host,host,…',
      parseProxyMode,
    )
    .option(
      '--proxy-template <template>',
      'image proxy in the worker style, e.g. https://w.dev/?{url}',
      parseTemplate,
    )
    .option('-c, --config <file>', "use that config's image proxy and iframe hosts")
    .action(async (flags: SanitizeFlags) => {
      const config = flags.config ? await loadCliConfig(flags.config) : null;
      const images = resolveImages(
        flags,
        config ? { mode: config.proxy.mode, target: config.proxy.target } : null,
      );
      const html = await text(process.stdin);
      const { sanitizeArticleHtml } = await import('../content/sanitize.js');
      const clean = sanitizeArticleHtml(html, {
        base: flags.base ?? null,
        images,
        iframeHosts: config?.content.iframeHosts,
      });
      process.stdout.write(clean);
    });
}
