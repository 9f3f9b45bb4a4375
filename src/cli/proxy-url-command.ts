import type { Command } from 'commander';
import { ConfigError } from '../core/errors.js';
import { signImageUrl } from '../core/image-proxy-target.js';

/** Where `proxy-url` points when neither --base nor NEWSMILL_PROXY_BASE says otherwise. */
export const defaultProxyBase = 'http://127.0.0.1:8787';

/** `newsmill proxy-url <url>`: print the signed proxy URL, exactly as content rewriting builds it. */
export function registerProxyUrlCommand(program: Command): void {
  program
    .command('proxy-url')
    .description('print the signed image-proxy URL of an image (secret: NEWSMILL_PROXY_SECRET)')
    .argument('<url>', 'an absolute http(s) image URL')
    .option(
      '--base <url>',
      `the proxy's public base URL (default: NEWSMILL_PROXY_BASE or ${defaultProxyBase})`,
    )
    .action((url: string, options: { base?: string }) => {
      const secret = process.env.NEWSMILL_PROXY_SECRET ?? '';
      if (!secret) throw new ConfigError('NEWSMILL_PROXY_SECRET is not set: it is needed to sign the URL');
      if (!/^https?:\/\/[^/]/i.test(url)) throw new ConfigError(`not an absolute http(s) URL: ${url}`);
      const base = options.base ?? (process.env.NEWSMILL_PROXY_BASE || defaultProxyBase);
      if (!/^https?:\/\//i.test(base)) throw new ConfigError(`--base: not an http(s) URL: ${base}`);
      process.stdout.write(`${signImageUrl(url, base, secret)}\n`);
    });
}
