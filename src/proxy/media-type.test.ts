import { describe, expect, it } from 'vitest';
import { confirmMediaType, declaredTypeRefusal, essenceOf, sniffMediaType } from './media-type.js';

const bytes = (...values: (number | string)[]) =>
  Uint8Array.from(
    values.flatMap((value) => (typeof value === 'string' ? [...Buffer.from(value, 'latin1')] : [value])),
  );
const images = { video: false, audio: false, svg: false };

describe('sniffMediaType', () => {
  it.each([
    [bytes(0xff, 0xd8, 0xff, 0xe0), 'image/jpeg'],
    [bytes(0x89, 'PNG\r\n', 0x1a, '\n'), 'image/png'],
    [bytes('GIF89a'), 'image/gif'],
    [bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '), 'image/webp'],
    [bytes(0, 0, 0, 0x1c, 'ftypavif'), 'image/avif'],
    [bytes(0, 0, 0, 0x18, 'ftypheic'), 'image/heic'],
    [bytes(0, 0, 0, 0x18, 'ftypisom'), 'video/mp4'],
    [bytes('BM', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 'image/bmp'],
    [bytes(0, 0, 1, 0, 1, 0), 'image/x-icon'],
    [bytes(0x1a, 0x45, 0xdf, 0xa3), 'video/webm'],
    [bytes('ID3'), 'audio/mpeg'],
    [bytes('  <svg xmlns="http://www.w3.org/2000/svg">'), 'image/svg+xml'],
    [bytes('<!doctype html><script>'), null],
    [bytes('{"json":1}'), null],
  ])('recognizes %#', (head, type) => {
    expect(sniffMediaType(head)).toBe(type);
  });
});

describe('declared and confirmed types', () => {
  it('allows images only by default and refuses SVG', () => {
    expect(declaredTypeRefusal('image/jpeg', images)).toBeNull();
    expect(declaredTypeRefusal('image/svg+xml', images)).toBe('svg');
    expect(declaredTypeRefusal('text/html', images)).toBe('content-type');
    expect(declaredTypeRefusal('video/mp4', images)).toBe('content-type');
    expect(declaredTypeRefusal('video/mp4', { ...images, video: true })).toBeNull();
    expect(declaredTypeRefusal('', images)).toBe('content-type');
    expect(essenceOf('Image/JPG; charset=binary')).toBe('image/jpeg');
  });

  it('serves the sniffed type within the declared kind, and refuses anything else', () => {
    expect(confirmMediaType('image/jpeg', bytes('RIFF', 0, 0, 0, 0, 'WEBP'), images)).toBe('image/webp');
    expect(confirmMediaType('image/jpeg', bytes('<html>'), images)).toBeNull();
    expect(confirmMediaType('image/png', bytes('<svg>'), { ...images, svg: true })).toBeNull();
    expect(confirmMediaType('image/svg+xml', bytes('<svg>'), { ...images, svg: true })).toBe('image/svg+xml');
    expect(confirmMediaType('image/png', bytes(0, 0, 0, 0x18, 'ftypisom'), images)).toBeNull();
    expect(confirmMediaType('audio/mp4', bytes(0, 0, 0, 0x18, 'ftypisom'), { ...images, audio: true })).toBe(
      'audio/mp4',
    );
  });
});
