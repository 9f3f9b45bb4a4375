import { ConfigError, ProxyError } from '../core/errors.js';
import { addressRefusal, isIpLiteral, upstreamKey } from './address-policy.js';

/** Which upstreams the proxy may contact and what it tells them. */
export interface UpstreamPolicy {
  /** Normalized `host:port` keys (see `parseUpstreamEntry`) exempt from the address checks; for tests. */
  allowUpstream: ReadonlySet<string>;
  /** Host (matching its subdomains too) → the Referer sent to it; no other upstream gets a Referer. */
  referers: ReadonlyMap<string, string>;
}

/** The Referer overrides newsmill ships with: hosts that refuse images without their own Referer. */
export const defaultReferers: ReadonlyMap<string, string> = new Map([
  ['sinaimg.cn', 'https://weibo.com/'],
  ['sspai.com', 'https://sspai.com/'],
]);

// Names that resolve to the machine itself or the local network without asking public DNS (RFC 6761,
// RFC 6762), refused before any lookup.
const localNames = /(^|\.)(localhost|localdomain|local|internal|home\.arpa|in-addr\.arpa|ip6\.arpa)\.?$/;

/** The port a URL connects to, with the scheme's default filled in. */
export function effectivePort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** True when `host:port` of the URL is on the test allowlist. */
export function isExemptUpstream(url: URL, policy: UpstreamPolicy): boolean {
  return (
    policy.allowUpstream.size > 0 && policy.allowUpstream.has(upstreamKey(url.hostname, effectivePort(url)))
  );
}

/**
 * Parses and checks an upstream URL before any connection: absolute http(s), no credentials, not a
 * local name, not a forbidden IP literal. The connect-time check still runs for names.
 */
export function checkUpstreamUrl(raw: string, policy: UpstreamPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (error) {
    throw new ProxyError(`not an absolute URL: ${raw.slice(0, 200)}`, 'invalid-url', 400, { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxyError(`scheme ${url.protocol} is not allowed`, 'scheme', 400);
  }
  if (url.username || url.password) throw new ProxyError('credentials in URL', 'credentials', 400);
  if (isExemptUpstream(url, policy)) return url;
  const host = url.hostname.toLowerCase();
  if (!host || localNames.test(host) || (!host.includes('.') && !host.startsWith('['))) {
    throw new ProxyError(`host ${host} is local`, 'blocked-host', 403);
  }
  if (isIpLiteral(host)) {
    const refusal = addressRefusal(host);
    if (refusal) throw new ProxyError(`address ${host} is ${refusal}`, 'blocked-address', 403);
  } else if (/^[\d.]+$/.test(host) || /^0x/i.test(host)) {
    // The WHATWG parser already turns 0x7f.1 or 2130706433 into dotted quads; anything numeric left
    // over is a form some resolver might still read as an address.
    throw new ProxyError(`ambiguous numeric host ${host}`, 'blocked-host', 403);
  }
  return url;
}

/** The Referer to send to a host under the policy, or null (the default: no Referer at all). */
export function refererFor(hostname: string, referers: ReadonlyMap<string, string>): string | null {
  const host = hostname.toLowerCase();
  for (const [suffix, referer] of referers) {
    if (host === suffix || host.endsWith(`.${suffix}`)) return referer;
  }
  return null;
}

/** Parses a `host=url` Referer override from the command line. */
export function parseRefererEntry(entry: string): [string, string] {
  const at = entry.indexOf('=');
  const host = entry.slice(0, at).trim().toLowerCase();
  const referer = entry.slice(at + 1).trim();
  if (at <= 0 || !/^https?:\/\//.test(referer))
    throw new ConfigError(`expected host=https://referer/, got "${entry}"`);
  return [host, referer];
}
