import ipaddr from 'ipaddr.js';
import { ConfigError } from '../core/errors.js';

// Only globally routable unicast is allowed; ipaddr.js names every special-purpose block (RFC 6890
// registries), so anything it does not call 'unicast' is refused under that name.
const globalUnicastV6 = ipaddr.IPv6.parseCIDR('2000::/3');

// Transition prefixes that embed an IPv4 address (6to4, Teredo, NAT64 well-known and local-use):
// routers may translate them to that IPv4 address, so a public-looking v6 can reach a private v4.
const localUseNat64 = ipaddr.IPv6.parseCIDR('64:ff9b:1::/48');

/**
 * Why an IP address must not be contacted ('loopback', 'private', 'ipv4Mapped', ...), or null when it
 * is a public unicast address.
 */
export function addressRefusal(address: string): string | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  // Zone ids (fe80::1%eth0) only exist on link-local addresses.
  if (bare.includes('%')) return 'linkLocal';
  if (!ipaddr.isValid(bare)) return 'invalidAddress';
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv4') {
    const range = parsed.range();
    return range === 'unicast' ? null : range;
  }
  const v6 = parsed as ipaddr.IPv6;
  const range = v6.range();
  if (range !== 'unicast') return range;
  if (v6.match(localUseNat64)) return 'rfc8215';
  // Everything outside 2000::/3 is unassigned or special (IPv4-compatible ::a.b.c.d, fec0::, 100::...).
  if (!v6.match(globalUnicastV6)) return 'nonGlobalV6';
  return null;
}

/** True when the string is an IPv4 or IPv6 literal (IPv6 with or without brackets). */
export function isIpLiteral(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return ipaddr.isValid(bare) && (bare.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(bare));
}

/** Normalizes `host:port` (IPv6 in brackets, lower case) so allowlist entries compare exactly. */
export function upstreamKey(host: string, port: number): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.includes(':') && ipaddr.IPv6.isValid(bare))
    return `[${ipaddr.IPv6.parse(bare).toString()}]:${port}`;
  return `${bare.toLowerCase()}:${port}`;
}

/** Parses a `HOST:PORT` allowlist entry (`127.0.0.1:45678`, `[::1]:8080`) into its normalized key. */
export function parseUpstreamEntry(entry: string): string {
  const match = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(entry.trim());
  const port = match ? Number(match[2]) : 0;
  if (!match?.[1] || port < 1 || port > 65535) throw new ConfigError(`expected HOST:PORT, got "${entry}"`);
  return upstreamKey(match[1], port);
}
