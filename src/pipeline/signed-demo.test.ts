import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { verifyImageUrl } from '../proxy/url-signing.js';
import { copyDemo, listFiles } from '../test-support/demo-site.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { runAllSources } from './run-all.js';
import { storeFileOf } from '../test-support/store-file.js';

describe('the demo in signed-proxy mode', () => {
  it('points every plain-http image at the local proxy with a signature the proxy accepts', async () => {
    const dir = copyDemo(tempFolder('newsmill-signed-'));
    const secret = 'dev-secret';
    const config = loadConfig(path.join(dir, 'newsmill.signed.yaml'), { NEWSMILL_PROXY_SECRET: secret });
    const store = openTestStore(storeFileOf(config));
    await runAllSources({ config, store });
    const postsDir = path.join(dir, '.newsmill/signed/hexo/source/_posts');
    const html = listFiles(postsDir)
      .map((file) => readFileSync(path.join(postsDir, file), 'utf8'))
      .join('\n');
    const proxied = [
      ...html.matchAll(/src="http:\/\/127\.0\.0\.1:4000\/i\/([0-9a-f]{64})\/([A-Za-z0-9_-]+)"/g),
    ];
    expect(proxied.length).toBeGreaterThanOrEqual(5);
    for (const [, signature = '', encoded = ''] of proxied) {
      expect(verifyImageUrl(signature, encoded, secret)).toMatch(/^http:\/\/([a-z0-9-]+\.)+[a-z]+\//);
    }
    // No plain-http image escapes the proxy; https ones (36kr) stay direct, as http-only intends.
    expect(html).not.toMatch(/<img[^>]* src="http:\/\/(?!127\.0\.0\.1:4000\/i\/)/);
    expect(html).toMatch(/<img[^>]* src="https:\/\/img\.36krcdn\.com\//);
    expect(html).toMatch(/^headimg: 'http:\/\/127\.0\.0\.1:4000\/i\//m);
  });

  it('refuses to load without the secret, naming the variable', () => {
    const dir = copyDemo(tempFolder('newsmill-signed-'));
    expect(() => loadConfig(path.join(dir, 'newsmill.signed.yaml'), {})).toThrow(/NEWSMILL_PROXY_SECRET/);
  });
});
