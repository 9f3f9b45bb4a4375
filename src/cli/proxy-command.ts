import type { Server } from 'node:http';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { ConfigError } from '../core/errors.js';
import { parseUpstreamEntry } from '../proxy/address-policy.js';
import type { NodeProxy, NodeProxyOptions } from '../proxy/node-proxy.js';
import { defaultReferers, parseRefererEntry } from '../proxy/upstream-policy.js';
import {
  leaveCluster,
  proxyWorkerSlot,
  serveAsWorker,
  startProxyWorkers,
  workerCacheShare,
} from './proxy-workers.js';

/** Options of `newsmill proxy`, as commander parses them. */
export interface ProxyCommandOptions {
  host: string;
  port: string;
  cacheDir?: string;
  cacheMaxMb: string;
  memoryCacheMb?: string;
  maxMb: string;
  referer: string[];
  defaultReferers: boolean;
  allowVideo?: boolean;
  allowAudio?: boolean;
  allowSvg?: boolean;
  allowUnsigned?: boolean;
  allowHost: string[];
  allowUpstream: string[];
  workers: string;
  logLevel: string;
}

/** Lets a test learn where the server listens and stop it. */
export interface ProxyCommandHooks {
  onListening?(url: string, close: () => Promise<void>): void;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function parseList<T>(entries: string[], parse: (entry: string) => T, flag: string): T[] {
  return entries.map((entry) => {
    try {
      return parse(entry);
    } catch (error) {
      throw new ConfigError(`${flag}: ${(error as Error).message}`);
    }
  });
}

function positive(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0)
    throw new ConfigError(`${flag}: expected a number, got "${value}"`);
  return number;
}

/** `newsmill proxy`: run the signed image proxy (secret from NEWSMILL_PROXY_SECRET). */
export function registerProxyCommand(program: Command, hooks: ProxyCommandHooks = {}): void {
  const command = program
    .command('proxy')
    .description(
      'run the image proxy that serves /i/<hmac>/<base64url(url)> (secret: NEWSMILL_PROXY_SECRET)',
    );
  addProxyOptions(command).action((options: ProxyCommandOptions) => runProxy(options, hooks));
}

function addProxyOptions(command: Command): Command {
  return command
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '8787')
    .option('--cache-dir <dir>', 'keep fetched images on disk here (default: memory only)')
    .option(
      '--cache-max-mb <mb>',
      'upper bound of the cache folder, .tmp files included (or of memory)',
      '512',
    )
    .option(
      '--memory-cache-mb <mb>',
      'hot copy of the disk cache kept in memory (default: a quarter of --cache-max-mb, at most 64)',
    )
    .option('--max-mb <mb>', 'largest upstream file accepted', '15')
    .option('--referer <host=url>', 'send this Referer to host and its subdomains (repeatable)', collect, [])
    .option('--no-default-referers', 'drop the built-in Referer table (sinaimg.cn, sspai.com)')
    .option('--allow-video', 'also proxy video/*')
    .option('--allow-audio', 'also proxy audio/*')
    .option('--allow-svg', 'also proxy image/svg+xml (served sandboxed)')
    .option('--allow-unsigned', 'legacy /?<url> mode; requires --allow-host')
    .option('--allow-host <host>', 'host (and subdomains) allowed in unsigned mode (repeatable)', collect, [])
    .option(
      '--allow-upstream <host:port>',
      'TESTS ONLY: exempt exactly this host:port from SSRF checks',
      collect,
      [],
    )
    .option(
      '--workers <n>',
      'processes serving the port (node:cluster); each keeps its own cache folder and a 1/n share of the bounds',
      '1',
    )
    .option('--log-level <level>', 'pino log level', 'info');
}

/**
 * Checks the flags, then runs the proxy: in this process, or with `--workers n` as n worker
 * processes on the shared port, which this one starts, restarts and stops. Stops on SIGINT or
 * SIGTERM.
 */
async function runProxy(options: ProxyCommandOptions, hooks: ProxyCommandHooks): Promise<void> {
  const secret = process.env.NEWSMILL_PROXY_SECRET ?? '';
  checkProxyFlags(options, secret);
  // Read before the proxy is built: a bad port must not leave a cache folder or an open proxy behind.
  const port = positive(options.port, '--port');
  const workers = workerCount(options.workers);
  const referers = refererTable(options);
  // Loaded on demand: other commands need none of the proxy's modules.
  const [{ pino }, { createNodeProxy, listenProxy }] = await Promise.all([
    import('pino'),
    import('../proxy/node-proxy.js'),
  ]);
  const slot = proxyWorkerSlot();
  const base = slot === null ? { service: 'newsmill-proxy' } : { service: 'newsmill-proxy', worker: slot };
  const logger = pino({ level: options.logLevel, base }, pino.destination(2));
  if (secret.length < 16 && slot === null)
    logger.warn('NEWSMILL_PROXY_SECRET is shorter than 16 characters; use a long random secret');
  if (workers > 1 && slot === null) return superviseWorkers(workers, options, logger, hooks);
  const settings = nodeProxyOptions(options, secret, referers, logger);
  const started = createNodeProxy(
    slot === null ? settings : { ...settings, ...workerCacheShare(slot, workers, settings) },
  ).then(async (proxy) => ({ proxy, ...(await listenProxy(proxy.app, options.host, port)) }));
  // A worker that cannot start leaves the cluster, whose channel would keep it alive: it exits with
  // its error and the primary restarts it, or gives up.
  if (slot !== null) started.catch(leaveCluster);
  const { proxy, url, server } = await started;
  if (slot === null) {
    logger.info({ url, cacheDir: options.cacheDir ?? null }, 'image proxy listening');
    stopOnSignals(url, server, proxy, logger, hooks);
  } else serveAsWorker(url, () => closeProxy(server, proxy));
}

async function closeProxy(server: Server, proxy: NodeProxy): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await proxy.close();
}

/** The primary of `--workers n`: starts the workers, reports where they listen, stops them on a signal. */
async function superviseWorkers(
  count: number,
  options: ProxyCommandOptions,
  logger: Logger,
  hooks: ProxyCommandHooks,
): Promise<void> {
  const workers = startProxyWorkers(count, logger);
  workers.done.catch((error: unknown) => {
    logger.fatal({ err: error }, (error as Error).message);
    process.exitCode = 1;
  });
  const url = await Promise.race([workers.listening, workers.done.then(() => null)]).catch(() => null);
  if (url === null) return;
  logger.info({ url, workers: count, cacheDir: options.cacheDir ?? null }, 'image proxy listening');
  const stop = () => void workers.stop().then(() => logger.flush());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  hooks.onListening?.(url, async () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await workers.stop();
  });
}

/** `--workers`: a whole number from 1 to 64. */
function workerCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 64)
    throw new ConfigError(`--workers: expected a whole number from 1 to 64, got "${value}"`);
  return count;
}

/** Refuses to start without a secret, and refuses flags that would open the proxy or do nothing. */
function checkProxyFlags(options: ProxyCommandOptions, secret: string): void {
  if (!secret) {
    throw new ConfigError(
      'NEWSMILL_PROXY_SECRET is not set: the proxy refuses to start without the secret that signs image URLs',
    );
  }
  if (options.allowUnsigned && options.allowHost.length === 0) {
    throw new ConfigError(
      '--allow-unsigned needs at least one --allow-host: an unsigned proxy open to every host is an open proxy',
    );
  }
  if (!options.allowUnsigned && options.allowHost.length > 0) {
    throw new ConfigError('--allow-host only applies with --allow-unsigned');
  }
  if (options.memoryCacheMb !== undefined && !options.cacheDir) {
    throw new ConfigError(
      '--memory-cache-mb only applies with --cache-dir: without it the whole cache is in memory, bounded by --cache-max-mb',
    );
  }
}

/** The built-in Referer table unless dropped, with each --referer added over it. */
function refererTable(options: ProxyCommandOptions): Map<string, string> {
  const referers = new Map(options.defaultReferers ? defaultReferers : []);
  for (const [host, referer] of parseList(options.referer, parseRefererEntry, '--referer'))
    referers.set(host, referer);
  return referers;
}

/** The flags as the Node proxy takes them: sizes in bytes, media and upstream rules grouped. */
function nodeProxyOptions(
  options: ProxyCommandOptions,
  secret: string,
  referers: Map<string, string>,
  logger: Logger,
): NodeProxyOptions {
  const megabytes = (value: string, flag: string) => Math.round(positive(value, flag) * 1024 * 1024);
  return {
    secret,
    cacheDir: options.cacheDir ?? null,
    cacheMaxBytes: megabytes(options.cacheMaxMb, '--cache-max-mb'),
    memoryCacheBytes:
      options.memoryCacheMb === undefined ? undefined : megabytes(options.memoryCacheMb, '--memory-cache-mb'),
    upstream: {
      allowUpstream: new Set(parseList(options.allowUpstream, parseUpstreamEntry, '--allow-upstream')),
      referers,
    },
    limits: {
      maxBytes: megabytes(options.maxMb, '--max-mb'),
      media: { video: !!options.allowVideo, audio: !!options.allowAudio, svg: !!options.allowSvg },
    },
    unsignedHosts: options.allowUnsigned ? options.allowHost : null,
    logger,
  };
}

/**
 * Closes the server and the proxy on SIGINT or SIGTERM. A test stops it through the hook instead,
 * which also takes the signal handlers off, so none outlives the proxy it would close.
 */
function stopOnSignals(
  url: string,
  server: Server,
  proxy: NodeProxy,
  logger: Logger,
  hooks: ProxyCommandHooks,
): void {
  const close = () => closeProxy(server, proxy);
  const stop = () => void close().then(() => logger.flush());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  hooks.onListening?.(url, async () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await close();
  });
}
