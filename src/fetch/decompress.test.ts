import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BodyReadError, readBody } from './decompress.js';

const TEXT = '<rss><channel><title>news</title></channel></rss>'.repeat(50);

function chunked(bytes: Buffer, size = 1000): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += size)
    chunks.push(bytes.subarray(offset, offset + size));
  return Readable.from(chunks);
}

async function text(source: Readable, encoding: string | null, maxBytes = 1 << 20): Promise<string> {
  return Buffer.from(await readBody(source, encoding, maxBytes)).toString();
}

describe('readBody', () => {
  it('passes identity bodies through', async () => {
    expect(await text(chunked(Buffer.from(TEXT)), null)).toBe(TEXT);
    expect(await text(chunked(Buffer.from(TEXT)), 'identity')).toBe(TEXT);
  });

  it.each([
    ['gzip', zlib.gzipSync],
    ['x-gzip', zlib.gzipSync],
    ['br', zlib.brotliCompressSync],
    ['deflate', zlib.deflateSync],
    ['deflate', zlib.deflateRawSync],
  ])('decodes %s across chunk boundaries', async (encoding, compress) => {
    expect(await text(chunked(compress(Buffer.from(TEXT)), 7), encoding)).toBe(TEXT);
  });

  it('undoes stacked codings in reverse order', async () => {
    const body = zlib.gzipSync(zlib.deflateSync(Buffer.from(TEXT)));
    expect(await text(chunked(body), 'deflate, gzip')).toBe(TEXT);
  });

  it('accepts an empty compressed body', async () => {
    expect(await text(Readable.from([]), 'gzip')).toBe('');
    expect(await text(Readable.from([]), 'deflate')).toBe('');
  });

  it.each([
    ['gzip', zlib.gzipSync],
    ['deflate', zlib.deflateRawSync],
    [
      'br',
      (bytes: Buffer) =>
        zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } }),
    ],
  ])('stops a %s bomb at the decoded limit', async (encoding, compress) => {
    const bomb = compress(Buffer.alloc(64 * 1024 * 1024));
    const error = await readBody(chunked(bomb, 16 * 1024), encoding, 100_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyReadError);
    expect((error as Error).message).toBe('decoded body exceeds the limit of 100000 bytes');
  });

  it('stops a raw body at the limit', async () => {
    const error = await readBody(chunked(Buffer.alloc(5000)), null, 4096).catch((e: unknown) => e);
    expect((error as Error).message).toBe('body exceeds the limit of 4096 bytes');
  });

  it('reports corrupt data and unsupported codings', async () => {
    const corrupt = await readBody(chunked(Buffer.from('not gzip at all')), 'gzip', 1000).catch(
      (e: unknown) => e,
    );
    expect(corrupt).toBeInstanceOf(BodyReadError);
    expect((corrupt as Error).message).toBe('cannot decode gzip body: incorrect header check');
    const source = chunked(Buffer.from(TEXT));
    const unsupported = await readBody(source, 'zstd', 1000).catch((e: unknown) => e);
    expect((unsupported as Error).message).toBe('unsupported Content-Encoding "zstd"');
    expect(source.destroyed).toBe(true);
  });

  it('passes a failure of the source through unchanged', async () => {
    const broken = new Readable({ read() {} });
    const reason = new Error('socket hang up');
    setTimeout(() => broken.destroy(reason), 10);
    await expect(readBody(broken, 'gzip', 1000)).rejects.toBe(reason);
  });
});
