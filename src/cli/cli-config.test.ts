import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadCliConfig } from './cli-config.js';

afterEach(() => vi.restoreAllMocks());

describe('loadCliConfig', () => {
  it('prints config warnings without the terminal control characters of catalogue docs', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-cli-config-'));
    writeFileSync(path.join(dir, 'api.json'), JSON.stringify({ 'x\u001b]0;owned\u0007\u202Eevil': {} }));
    writeFileSync(path.join(dir, 'newsmill.yaml'), 'catalogue: { docs: api.json }\n');
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    await loadCliConfig(path.join(dir, 'newsmill.yaml'));
    vi.restoreAllMocks();
    expect(stderr).toBe(`warning: ${path.join(dir, 'api.json')}: namespace "xevil" has no routes; skipped\n`);
  });
});
