import type { Command } from 'commander';
import type { Config } from '../config/resolve-config.js';
import { ConfigError, describeError } from '../core/errors.js';
import type { RequestHandler } from '../site/static-server.js';
import { loadCliConfig } from './cli-config.js';

/** Supplies the image proxy's request handler for a config, or null when there is none to mount. */
export type ImageProxyFactory = (config: Config) => RequestHandler | null | Promise<RequestHandler | null>;

/** What `serve` can be given by the program that registers it. */
export interface ServeCommandOptions {
  /** The image proxy to mount at `/i/` (newsmill's signed proxy URLs); none by default. */
  imageProxy?: ImageProxyFactory;
}

/** `newsmill serve`: preview the built site on a local port, with the image proxy when configured. */
export function registerServeCommand(program: Command, serveOptions: ServeCommandOptions = {}): void {
  program
    .command('serve')
    .description('serve the built site (output.site) locally for preview')
    .option('-c, --config <file>', 'config file', 'newsmill.yaml')
    .option('-p, --port <port>', 'port to listen on', '4000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (options: { config: string; port: string; host: string }) => {
      const config = await loadCliConfig(options.config);
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new ConfigError(`--port: not a port: ${options.port}`);
      const proxy = (await serveOptions.imageProxy?.(config)) ?? null;
      const { createStaticSiteHandler } = await import('../site/static-server.js');
      const handler = createStaticSiteHandler({
        root: config.output.site,
        basePath: new URL(config.site.url).pathname,
        mounts: proxy ? [{ prefix: '/i/', handler: proxy }] : [],
      });
      // Imported here, not at the top: on Node 22, importing node:http into an ES module reads every
      // export, and its WebSocket getter loads Node's bundled undici: ~0.1 s on every command.
      const { createServer } = await import('node:http');
      const server = createServer((request, response) => {
        // The handler answers its own failures; this is the last guard, against a mount that throws
        // (even synchronously): one request's error must never stop the server.
        new Promise<void>((resolve) => resolve(handler(request, response))).catch(() => {
          if (response.headersSent) return void response.destroy();
          response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal error\n');
        });
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, options.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      // After listening, an error of the server itself (EMFILE on accept…) is reported, not fatal.
      server.on('error', (error) => process.stderr.write(`newsmill serve: ${describeError(error)}\n`));
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      process.stdout.write(
        `serving ${config.output.site} at http://${options.host}:${actualPort}/${proxy ? ' (image proxy at /i/)' : ''}\n`,
      );
      const stop = (): void => {
        server.closeAllConnections();
        server.close();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise<void>((resolve) => server.once('close', resolve));
    });
}
