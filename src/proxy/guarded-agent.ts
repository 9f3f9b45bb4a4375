import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { ProxyError } from '../core/errors.js';
import { addressRefusal, upstreamKey } from './address-policy.js';

/** Resolves a name to every address, like `dns.lookup(name, { all: true })`; injectable for tests. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

/** Options of the SSRF-safe undici agent. */
export interface GuardedAgentOptions {
  /** Normalized `host:port` keys exempt from the address checks (tests only). */
  allowUpstream: ReadonlySet<string>;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  idleTimeoutMs: number;
  /** Upper bound of the upstream's response head; bigger heads fail with UND_ERR_HEADERS_OVERFLOW. */
  maxHeaderBytes: number;
  resolve?: Resolver;
}

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

function refuse(host: string, address: string, reason: string): ProxyError {
  return new ProxyError(`${host} resolves to ${address} (${reason})`, 'blocked-address', 403);
}

/**
 * An undici Agent whose connector checks the address it actually connects to: names are resolved by a
 * lookup that refuses any forbidden address (so the socket can only open to a checked IP, which defeats
 * DNS rebinding), IP literals are checked before connecting, and the socket's peer is checked again.
 */
export function createGuardedAgent(options: GuardedAgentOptions): Agent {
  const resolve = options.resolve ?? systemResolver;
  const guardedLookup = (
    hostname: string,
    lookupOptions: { all?: boolean },
    callback: LookupCallback,
  ): void => {
    resolve(hostname).then(
      (addresses) => {
        const first = addresses[0];
        if (!first)
          return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
        // Refuse when any address is forbidden: a mixed answer is a rebinding attempt, not a mistake.
        for (const { address } of addresses) {
          const reason = addressRefusal(address);
          if (reason) return callback(refuse(hostname, address, reason), []);
        }
        if (lookupOptions.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: Error) => callback(error, []),
    );
  };
  const connectorOptions = { timeout: options.connectTimeoutMs, autoSelectFamily: true };
  const guarded = buildConnector({ ...connectorOptions, lookup: guardedLookup });
  const open = buildConnector(connectorOptions);

  const connect: buildConnector.connector = (connectOptions, callback) => {
    const host = connectOptions.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(connectOptions.port) || (connectOptions.protocol === 'https:' ? 443 : 80);
    const exempt = options.allowUpstream.has(upstreamKey(host, port));
    if (!exempt && isIP(host)) {
      const reason = addressRefusal(host);
      if (reason) return callback(refuse(host, host, reason), null);
    }
    (exempt ? open : guarded)(connectOptions, (error, socket) => {
      if (error || !socket) return callback(error ?? new Error('no socket'), null);
      // Belt and braces: whatever path opened the socket, its peer must be allowed.
      const peer = socket.remoteAddress ?? '';
      const reason = exempt ? null : addressRefusal(peer);
      if (reason) {
        socket.destroy();
        return callback(refuse(host, peer, reason), null);
      }
      callback(null, socket);
    });
  };

  return new Agent({
    connect,
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.idleTimeoutMs,
    maxHeaderSize: options.maxHeaderBytes,
    keepAliveTimeout: 10_000,
    connections: 16,
  });
}
