import { describe, expect, it } from 'vitest';
import { addressRefusal, parseUpstreamEntry } from './address-policy.js';
import { checkUpstreamUrl, refererFor, defaultReferers } from './upstream-policy.js';

const policy = { allowUpstream: new Set<string>(), referers: defaultReferers };

describe('addressRefusal', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.0.8', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'ipv4Mapped'],
    ['::ffff:8.8.8.8', 'ipv4Mapped'],
    ['fd00::1', 'uniqueLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['ff02::1', 'multicast'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['64:ff9b:1::a00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
    ['2002:a00:1::1', '6to4'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
    ['::127.0.0.1', 'ipv4Mapped'],
    ['::7f00:1', 'nonGlobalV6'],
    ['100::1', 'discard'],
    ['2001:db8::1', 'reserved'],
    ['not-an-ip', 'invalidAddress'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(addressRefusal(address)).toBe(reason);
  });

  it.each(['8.8.8.8', '93.184.215.14', '2606:4700::1111', '[2a00:1450:4001::200e]'])(
    'allows public %s',
    (address) => {
      expect(addressRefusal(address)).toBeNull();
    },
  );
});

describe('checkUpstreamUrl', () => {
  it.each([
    ['file:///etc/passwd', 'scheme'],
    ['gopher://127.0.0.1:70/_GET', 'scheme'],
    ['data:image/png;base64,iVBORw0KGgo=', 'scheme'],
    ['ftp://example.com/a.jpg', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['//example.com/a.jpg', 'invalid-url'],
    ['http://user:pass@example.com/a.jpg', 'credentials'],
    ['http://user@example.com/a.jpg', 'credentials'],
    ['http://localhost/a.jpg', 'blocked-host'],
    ['http://LOCALHOST./a.jpg', 'blocked-host'],
    ['http://img.localhost/a.jpg', 'blocked-host'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'blocked-host'],
    ['http://printer.local/a.jpg', 'blocked-host'],
    ['http://intranet/a.jpg', 'blocked-host'],
    ['http://127.0.0.1/a.jpg', 'blocked-address'],
    ['http://127.1/a.jpg', 'blocked-address'],
    ['http://2130706433/a.jpg', 'blocked-address'],
    ['http://0x7f000001/a.jpg', 'blocked-address'],
    ['http://017700000001/a.jpg', 'blocked-address'],
    ['http://0/a.jpg', 'blocked-address'],
    ['http://[::1]/a.jpg', 'blocked-address'],
    ['http://[::ffff:127.0.0.1]/a.jpg', 'blocked-address'],
    ['http://[::ffff:a9fe:a9fe]/a.jpg', 'blocked-address'],
    ['http://169.254.169.254/latest/meta-data/', 'blocked-address'],
    ['http://[fd00:ec2::254]/', 'blocked-address'],
    ['https://10.0.0.1/a.jpg', 'blocked-address'],
  ])('refuses %s', (url, reason) => {
    expect(() => checkUpstreamUrl(url, policy)).toThrow(expect.objectContaining({ reason }));
  });

  it('accepts public http(s) URLs and the exact test exemption only', () => {
    expect(checkUpstreamUrl('https://wx1.sinaimg.cn/large/a.jpg', policy).hostname).toBe('wx1.sinaimg.cn');
    const exempt = { ...policy, allowUpstream: new Set([parseUpstreamEntry('127.0.0.1:45678')]) };
    expect(checkUpstreamUrl('http://127.0.0.1:45678/a.jpg', exempt).port).toBe('45678');
    expect(() => checkUpstreamUrl('http://127.0.0.1:45679/a.jpg', exempt)).toThrow(/127.0.0.1/);
    expect(() => checkUpstreamUrl('http://localhost:45678/a.jpg', exempt)).toThrow(/local/);
  });

  it('parses allowlist entries strictly', () => {
    expect(parseUpstreamEntry('[::1]:8080')).toBe('[::1]:8080');
    expect(parseUpstreamEntry('Example.COM:80')).toBe('example.com:80');
    for (const bad of ['127.0.0.1', '127.0.0.1:0', '127.0.0.1:99999', ':80', 'a:b']) {
      expect(() => parseUpstreamEntry(bad)).toThrow(/HOST:PORT/);
    }
  });
});

describe('refererFor', () => {
  it('sends a Referer only to the listed hosts and their subdomains', () => {
    expect(refererFor('wx3.sinaimg.cn', defaultReferers)).toBe('https://weibo.com/');
    expect(refererFor('cdn.sspai.com', defaultReferers)).toBe('https://sspai.com/');
    expect(refererFor('evilsinaimg.cn', defaultReferers)).toBeNull();
    expect(refererFor('example.com', defaultReferers)).toBeNull();
  });
});
