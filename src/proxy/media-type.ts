/** Which kinds of media the proxy passes through. */
export interface MediaPolicy {
  video: boolean;
  audio: boolean;
  /** SVG can carry script; it is refused unless asked for (and then served under the sandbox CSP). */
  svg: boolean;
}

/** The bytes needed to recognize every format below. */
export const sniffLength = 64;

const ascii = (bytes: Uint8Array, start: number, end: number): string =>
  String.fromCharCode(...bytes.subarray(start, end));

const startsWith = (bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean =>
  prefix.every((byte, i) => bytes[offset + i] === byte);

// ISO BMFF brands (the `ftyp` box, ISO/IEC 14496-12 §4.3) mapped to the media type they announce.
const bmffBrands: Record<string, string> = {
  avif: 'image/avif',
  avis: 'image/avif',
  heic: 'image/heic',
  heix: 'image/heic',
  heim: 'image/heic',
  heis: 'image/heic',
  hevc: 'image/heic',
  mif1: 'image/heif',
  msf1: 'image/heif',
  'M4A ': 'audio/mp4',
  'M4B ': 'audio/mp4',
  'qt  ': 'video/quicktime',
  '3gp4': 'video/3gpp',
  '3gp5': 'video/3gpp',
  '3g2a': 'video/3gpp2',
};

/** Recognizes an image, video or audio format from its first bytes (magic numbers), or returns null. */
export function sniffMediaType(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  const head = ascii(bytes, 0, 12);
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'image/gif';
  if (head.startsWith('RIFF')) {
    const kind = head.slice(8, 12);
    if (kind === 'WEBP') return 'image/webp';
    if (kind === 'WAVE') return 'audio/wav';
    if (kind === 'AVI ') return 'video/x-msvideo';
    return null;
  }
  if (head.slice(4, 8) === 'ftyp') return bmffBrands[head.slice(8, 12)] ?? 'video/mp4';
  if (head.startsWith('BM') && bytes.length >= 14) return 'image/bmp';
  if (startsWith(bytes, [0, 0, 1, 0]) || startsWith(bytes, [0, 0, 2, 0])) return 'image/x-icon';
  if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return 'image/tiff';
  if (startsWith(bytes, [0xff, 0x0a]) || startsWith(bytes, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20])) {
    return 'image/jxl';
  }
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'video/webm';
  if (head.startsWith('OggS')) return 'audio/ogg';
  if (head.startsWith('fLaC')) return 'audio/flac';
  if (head.startsWith('ID3') || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) return 'audio/mpeg';
  if (looksLikeSvg(bytes)) return 'image/svg+xml';
  return null;
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  const text = new TextDecoder().decode(bytes.subarray(0, sniffLength)).replace(/^\uFEFF?\s*/, '');
  return /^<(\?xml|svg|!--|!DOCTYPE svg)/i.test(text);
}

/** The essence of a Content-Type header (`image/jpeg; q=1` → `image/jpeg`), lower case, with aliases folded. */
export function essenceOf(contentType: string | null): string {
  const essence = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (essence === 'image/jpg' || essence === 'image/pjpeg') return 'image/jpeg';
  if (essence === 'image/vnd.microsoft.icon' || essence === 'image/ico') return 'image/x-icon';
  return essence;
}

/** Why a declared Content-Type is not allowed under the policy, or null when it is. */
export function declaredTypeRefusal(essence: string, policy: MediaPolicy): string | null {
  if (essence === 'image/svg+xml') return policy.svg ? null : 'svg';
  if (essence.startsWith('image/')) return null;
  if (essence.startsWith('video/') && policy.video) return null;
  if (essence.startsWith('audio/') && policy.audio) return null;
  return 'content-type';
}

/**
 * Checks the first bytes against the declared type and returns the type to serve. A sniffed format
 * of the same top-level kind wins over the declared one, because CDNs routinely send WebP or AVIF
 * under `image/jpeg` after content negotiation; bytes of any other kind (HTML, script, SVG under a
 * raster type) are refused.
 */
export function confirmMediaType(declared: string, head: Uint8Array, policy: MediaPolicy): string | null {
  const sniffed = sniffMediaType(head);
  if (!sniffed) return null;
  if (sniffed === 'image/svg+xml') return declared === sniffed && policy.svg ? sniffed : null;
  if (declared === 'image/svg+xml') return null;
  // MPEG-4 containers carry audio or video alike; trust the declared kind between those two.
  if (sniffed === 'video/mp4' && declared.startsWith('audio/')) return declared;
  return sniffed.split('/')[0] === declared.split('/')[0] ? sniffed : null;
}
