import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deadLoopbackPort, startLoopbackServer } from '../test-support/loopback-server.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { loadCliConfig } from './cli-config.js';

const namespaceApi = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../config/testdata/catalogue/namespace.json',
);

afterEach(() => vi.restoreAllMocks());

describe('loadCliConfig', () => {
  it('prints config warnings without the terminal control characters of catalogue docs', async () => {
    const dir = tempFolder('newsmill-cli-config-');
    writeFileSync(path.join(dir, 'api.json'), JSON.stringify({ 'x\u001b]0;owned\u0007\u202Eevil': {} }));
    writeFileSync(path.join(dir, 'newsmill.yaml'), 'catalogue: { docs: api.json }\n');
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    await loadCliConfig(path.join(dir, 'newsmill.yaml'));
    vi.restoreAllMocks();
    expect(stderr).toBe(`warning: ${path.join(dir, 'api.json')}: namespace "xevil" has no routes; skipped\n`);
  });

  it('gives the process the site’s time zone unless TZ names one', async () => {
    const dir = tempFolder('newsmill-cli-config-');
    writeFileSync(path.join(dir, 'newsmill.yaml'), 'timezone: Europe/Berlin\n');
    const saved = process.env.TZ;
    try {
      delete process.env.TZ;
      await loadCliConfig(path.join(dir, 'newsmill.yaml'));
      expect(process.env.TZ).toBe('Europe/Berlin');
      expect(new Date('2021-03-28T01:00:00.000Z').getHours()).toBe(3);
      process.env.TZ = 'America/New_York';
      await loadCliConfig(path.join(dir, 'newsmill.yaml'));
      expect(process.env.TZ).toBe('America/New_York');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it("fetches an instance's namespace API over HTTP, and names the config and the URL when that fails", async () => {
    const api = readFileSync(namespaceApi);
    const server = await startLoopbackServer((request, response) => {
      response.writeHead(request.url === '/api/namespace' ? 200 : 404, {
        'content-type': 'application/json',
      });
      response.end(request.url === '/api/namespace' ? api : '{}');
    });
    try {
      const dir = tempFolder('newsmill-api-');
      const yaml = `site: { language: en }\nrsshub: ${server.url}\ncatalogue: { docs: "${server.url}", select: [New Media/少数派/*] }\n`;
      writeFileSync(path.join(dir, 'newsmill.yaml'), yaml);
      const config = await loadCliConfig(path.join(dir, 'newsmill.yaml'));
      expect(config.sources.map((s) => [s.location, s.categories.join('/')])).toEqual([
        [`${server.url}/sspai/index`, 'New Media/少数派/首页'],
        [`${server.url}/sspai/column/104`, 'New Media/少数派/专栏'],
      ]);
      const dead = `http://127.0.0.1:${await deadLoopbackPort()}/`;
      writeFileSync(
        path.join(dir, 'newsmill.yaml'),
        yaml.replace(`docs: "${server.url}"`, `docs: "${dead}"`),
      );
      await expect(loadCliConfig(path.join(dir, 'newsmill.yaml'))).rejects.toThrow(
        /newsmill\.yaml: catalogue http:\/\/127\.0\.0\.1:\d+\/: GET/,
      );
    } finally {
      await server.close();
    }
  });
});
