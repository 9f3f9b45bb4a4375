import { describe, expect, it } from 'vitest';
import { verifyImageUrl } from '../proxy/url-signing.js';
import { proxyImageUrl, shouldProxyImage } from './image-proxy.js';

describe('shouldProxyImage', () => {
  it.each([
    ['http-only', 'http://a.cn/x.jpg', true],
    ['http-only', 'https://a.cn/x.jpg', false],
    ['all', 'https://a.cn/x.jpg', true],
    ['none', 'http://a.cn/x.jpg', false],
    ['all', 'data:image/png;base64,AA', false],
  ] as const)('%s proxies %s: %s', (mode, url, expected) => {
    expect(shouldProxyImage(url, mode)).toBe(expected);
  });

  it('matches a host list by host and subdomain, not by substring', () => {
    const mode = ['sinaimg.cn'];
    expect(shouldProxyImage('https://wx1.sinaimg.cn/a.jpg', mode)).toBe(true);
    expect(shouldProxyImage('https://sinaimg.cn/a.jpg', mode)).toBe(true);
    expect(shouldProxyImage('https://notsinaimg.cn/a.jpg', mode)).toBe(false);
  });
});

describe('proxyImageUrl', () => {
  it('fills the ancestor worker template with the raw URL', () => {
    const target = { kind: 'template' as const, template: 'https://cors.zfour.workers.dev/?{url}' };
    expect(proxyImageUrl('http://zkres2.myzaker.com/a.jpg?x=1&y=2', { mode: 'all', target })).toBe(
      'https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/a.jpg?x=1&y=2',
    );
  });

  it('signs URLs for the newsmill proxy so that they verify with the same secret only', () => {
    const target = { kind: 'signed' as const, base: 'https://img.example.com/', secret: 's3cret' };
    const proxied = proxyImageUrl('http://a.cn/x.jpg', { mode: 'all', target });
    const match = /^https:\/\/img\.example\.com\/i\/([0-9a-f]{64})\/([A-Za-z0-9_-]+)$/.exec(proxied);
    expect(match).not.toBeNull();
    expect(verifyImageUrl(match?.[1] ?? '', match?.[2] ?? '', 's3cret')).toBe('http://a.cn/x.jpg');
    expect(verifyImageUrl(match?.[1] ?? '', match?.[2] ?? '', 'other')).toBeNull();
  });

  it('does not proxy a URL that already points at the proxy', () => {
    const target = { kind: 'template' as const, template: 'https://w.dev/?{url}' };
    expect(proxyImageUrl('https://w.dev/?http://a.cn/x.jpg', { mode: 'all', target })).toBe(
      'https://w.dev/?http://a.cn/x.jpg',
    );
    const signed = { kind: 'signed' as const, base: 'https://img.example.com', secret: 's' };
    const once = proxyImageUrl('http://a.cn/x.jpg', { mode: 'all', target: signed });
    expect(proxyImageUrl(once, { mode: 'all', target: signed })).toBe(once);
  });

  it('proxies a host that merely starts like the proxy', () => {
    const signed = { kind: 'signed' as const, base: 'https://img.example.com', secret: 's' };
    for (const url of ['https://img.example.com.evil.net/pixel.gif', 'https://img.example.comx.net/a.jpg'])
      expect(proxyImageUrl(url, { mode: 'all', target: signed })).toMatch(
        /^https:\/\/img\.example\.com\/i\//,
      );
    const template = { kind: 'template' as const, template: 'https://w.dev{url}' };
    expect(proxyImageUrl('https://w.dev.evil.net/a.jpg', { mode: 'all', target: template })).toBe(
      'https://w.devhttps://w.dev.evil.net/a.jpg',
    );
  });

  it('puts a URL holding `$` patterns into the template unchanged', () => {
    const target = { kind: 'template' as const, template: 'https://w.dev/?{url}' };
    for (const url of ['http://a.cn/x.jpg?a=$&b=1', 'http://a.cn/p$$q.jpg', "http://a.cn/x.jpg?$`$'"])
      expect(proxyImageUrl(url, { mode: 'all', target })).toBe(`https://w.dev/?${url}`);
  });
});
