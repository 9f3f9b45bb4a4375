import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { NewsmillError } from '../core/errors.js';

/** A body that could not be read within its size limit or decoded; the fetchers wrap it in a FetchError. */
export class BodyReadError extends NewsmillError {
  override readonly name = 'BodyReadError';
}

/** The Content-Encoding values we advertise in `Accept-Encoding` and can decode. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * Reads a body stream into memory, undoing its Content-Encoding on the fly and failing as soon as either the
 * bytes on the wire or the decoded bytes pass `maxBytes`, so a decompression bomb is never buffered.
 */
export async function readBody(
  source: Readable,
  contentEncoding: string | null,
  maxBytes: number,
): Promise<Uint8Array> {
  // RFC 9110 §8.4: codings are listed in the order they were applied, so they are undone in reverse.
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    // `none` is not a coding, but PHP sites send it to turn off compression: the body is as is.
    .filter((coding) => coding !== '' && coding !== 'identity' && coding !== 'none')
    .reverse();
  let decoders: Transform[];
  try {
    decoders = codings.map(createDecoder);
  } catch (error) {
    abandonBody(source);
    throw error;
  }
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  // Once one stream fails, pipeline destroys the others with the same error; the first report tells who failed.
  let firstFailure: { error: unknown; coding: string | null } | null = null;
  const record = (coding: string | null) => (error: unknown) => {
    firstFailure ??= { error, coding };
  };
  source.once('error', record(null));
  decoders.forEach((decoder, index) => decoder.once('error', record(codings[index]!)));
  const stages: Array<Readable | Writable> = [source, new ByteLimit(maxBytes, 'body')];
  if (decoders.length > 0) stages.push(...decoders, new ByteLimit(maxBytes, 'decoded body'));
  try {
    await pipeline([...stages, sink]);
  } catch (error) {
    if (error instanceof BodyReadError) throw error;
    const failure = firstFailure as { error: unknown; coding: string | null } | null;
    if (failure?.coding && failure.error === error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new BodyReadError(`cannot decode ${failure.coding} body: ${reason}`, { cause: error });
    }
    throw error;
  }
  const body = Buffer.concat(chunks);
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}

/**
 * Stops reading a body that will not be used. undici then fails the stream with an abort error,
 * which nobody else is listening for: without a listener it would crash the process, and every
 * other source with it.
 */
export function abandonBody(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

function createDecoder(coding: string): Transform {
  // Lenient flushing, as browsers and undici's fetch do: an empty body or one cut short after the last
  // complete block still yields what arrived instead of "unexpected end of file".
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'deflate':
      return new DeflateDecoder();
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    default:
      throw new BodyReadError(`unsupported Content-Encoding "${coding}"`);
  }
}

/** Passes chunks through until more than `limit` bytes have gone by, then fails the pipeline. */
class ByteLimit extends Transform {
  #seen = 0;

  constructor(
    private readonly limit: number,
    private readonly what: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#seen += chunk.length;
    if (this.#seen > this.limit)
      callback(new BodyReadError(`${this.what} exceeds the limit of ${this.limit} bytes`));
    else callback(null, chunk);
  }
}

/**
 * Inflates "deflate" bodies. RFC 9110 §8.4.1.2 means zlib-wrapped data, but some servers (old IIS among them)
 * send raw deflate, so the first byte picks the format: a zlib header has compression method 8 in its low nibble.
 */
class DeflateDecoder extends Transform {
  #inflater: zlib.Inflate | zlib.InflateRaw | null = null;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (chunk.length === 0) return callback();
    this.#inflater ??= this.#open(chunk);
    // The callback waits for the chunk to be inflated, which keeps the upstream from racing ahead.
    this.#inflater.write(chunk, () => callback());
  }

  override _flush(callback: TransformCallback): void {
    if (!this.#inflater) return callback();
    this.#inflater.once('end', () => callback());
    this.#inflater.end();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#inflater?.destroy();
    callback(error);
  }

  #open(first: Buffer): zlib.Inflate | zlib.InflateRaw {
    const options = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
    const inflater = (first[0]! & 0x0f) === 8 ? zlib.createInflate(options) : zlib.createInflateRaw(options);
    inflater.on('data', (data: Buffer) => this.push(data));
    inflater.once('error', (error) => this.destroy(error));
    return inflater;
  }
}
