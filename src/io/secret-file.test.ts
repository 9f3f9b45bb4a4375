import { chmodSync, chownSync, lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '../test-support/temp-folder.js';
import { readSecret } from './secret-file.js';

const HEX = /^[0-9a-f]{64}$/;

describe('readSecret', () => {
  it('creates a random secret in a file only its owner reads, and reads the same one back', () => {
    const file = path.join(tempFolder('newsmill-secret-'), 'store.db.seal');
    expect(readSecret({ secret: null, file }, false)).toBeNull();
    const secret = readSecret({ secret: null, file }, true);
    expect(secret).toMatch(HEX);
    expect(lstatSync(file).mode & 0o777).toBe(0o600);
    // A new source object, as another process would have: the file's secret.
    expect(readSecret({ secret: null, file }, true)).toBe(secret);
    expect(readSecret({ secret: null, file }, false)).toBe(secret);
    expect(readSecret({ secret: 'from-the-environment', file }, true)).toBe('from-the-environment');
    expect(readSecret({ secret: null, file: null }, true)).toBeNull();
  });

  it('uses no file others may read or that is not a secret, and replaces it only when creating', () => {
    const dir = tempFolder('newsmill-secret-');
    const file = path.join(dir, 'store.db.seal');
    writeFileSync(file, `${'ab'.repeat(32)}\n`, { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(readSecret({ secret: null, file }, false)).toBeNull();
    writeFileSync(file, 'half-writ');
    chmodSync(file, 0o600);
    expect(readSecret({ secret: null, file }, false)).toBeNull();
    const created = readSecret({ secret: null, file }, true);
    expect(created).toMatch(HEX);
    expect(readFileSync(file, 'utf8')).toBe(`${created}\n`);
  });

  it.runIf(process.getuid?.() === 0)('uses no file of another user’s', () => {
    const file = path.join(tempFolder('newsmill-secret-'), 'store.db.seal');
    writeFileSync(file, `${'ef'.repeat(32)}\n`, { mode: 0o600 });
    expect(readSecret({ secret: null, file }, false)).toBe('ef'.repeat(32));
    chownSync(file, 65534, 65534);
    expect(readSecret({ secret: null, file }, false)).toBeNull();
  });

  it('replaces a symlink in its place, never writing through it', () => {
    const dir = tempFolder('newsmill-secret-');
    const outside = path.join(dir, 'outside.txt');
    writeFileSync(outside, `${'cd'.repeat(32)}\n`, { mode: 0o600 });
    const file = path.join(dir, 'store.db.seal');
    symlinkSync(outside, file);
    expect(readSecret({ secret: null, file }, false)).toBeNull();
    const created = readSecret({ secret: null, file }, true);
    expect(created).toMatch(HEX);
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    expect(readFileSync(outside, 'utf8')).toBe(`${'cd'.repeat(32)}\n`);
  });

  it('gives null, not an error, where no secret can be kept', () => {
    const file = path.join(tempFolder('newsmill-secret-'), 'missing-folder', 'store.db.seal');
    expect(readSecret({ secret: null, file }, true)).toBeNull();
  });
});
