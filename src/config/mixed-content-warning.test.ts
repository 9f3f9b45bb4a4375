import { describe, expect, it } from 'vitest';
import { parseConfigText } from './load-config.js';
import { mixedContentWarnings } from './mixed-content-warning.js';

const FIX =
  'site.url is https but proxy has no base or template: plain-http images will be blocked as mixed content; ' +
  'set proxy.base and run `newsmill proxy` (secret in NEWSMILL_PROXY_SECRET), or set proxy.template';

function warningsFor(yaml: string, env: Record<string, string> = {}): string[] {
  return mixedContentWarnings(parseConfigText(yaml, '/site/newsmill.yaml', env));
}

describe('mixedContentWarnings', () => {
  it('warns once for an https site whose http-only or all images have nowhere to go', () => {
    expect(warningsFor('site: { url: https://news.example/ }\n')).toEqual([FIX]);
    expect(warningsFor('site: { url: HTTPS://news.example/ }\nproxy: { mode: all }\n')).toEqual([FIX]);
    // One source asking for the proxy is enough, and many sources still give one warning.
    const sources =
      'sources:\n' +
      '  - { url: a.xml, categories: [a, b, c], proxy: none }\n' +
      '  - { url: b.xml, categories: [a, b, d], proxy: http-only }\n' +
      '  - { url: c.xml, categories: [a, b, e] }\n';
    expect(warningsFor(`site: { url: https://news.example/ }\nproxy: { mode: none }\n${sources}`)).toEqual([
      FIX,
    ]);
  });

  it('is quiet for http sites, with a base or a template, and when nothing asks for the proxy', () => {
    expect(warningsFor('site: { url: http://news.example/ }\n')).toEqual([]);
    expect(warningsFor('{}\n')).toEqual([]);
    expect(
      warningsFor('site: { url: https://news.example/ }\nproxy: { template: "https://p.example/?{url}" }\n'),
    ).toEqual([]);
    expect(
      warningsFor('site: { url: https://news.example/ }\nproxy: { base: https://img.example/ }\n', {
        NEWSMILL_PROXY_SECRET: 'secret',
      }),
    ).toEqual([]);
    // The user chose to show images as they are: that is not silent.
    expect(warningsFor('site: { url: https://news.example/ }\nproxy: { mode: none }\n')).toEqual([]);
    expect(
      warningsFor(
        'site: { url: https://news.example/ }\nsources:\n  - { url: a.xml, categories: [a, b, c], proxy: none }\n',
      ),
    ).toEqual([]);
  });

  it('warns when the proxy itself is plain http on an https site, unless it is on this machine', () => {
    expect(
      warningsFor('site: { url: https://news.example/ }\nproxy: { template: "http://p.example/?{url}" }\n'),
    ).toEqual([
      'site.url is https but proxy.template is plain http: proxied images will be blocked as mixed content; use an https proxy URL',
    ]);
    expect(
      warningsFor('site: { url: https://news.example/ }\nproxy: { base: http://img.example/ }\n', {
        NEWSMILL_PROXY_SECRET: 'secret',
      }),
    ).toEqual([
      'site.url is https but proxy.base is plain http: proxied images will be blocked as mixed content; use an https proxy URL',
    ]);
    // Browsers treat loopback as potentially trustworthy (W3C Secure Contexts), so a local preview works.
    expect(
      warningsFor('site: { url: https://news.example/ }\nproxy: { base: http://127.0.0.1:8787/ }\n', {
        NEWSMILL_PROXY_SECRET: 'secret',
      }),
    ).toEqual([]);
    expect(
      warningsFor('site: { url: http://news.example/ }\nproxy: { template: "http://p.example/?{url}" }\n'),
    ).toEqual([]);
  });
});
