import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { detectLegacyCharset } from './charset-detection.js';

/** A feed body decoded to text, with the lower-case charset label that was used. */
export interface DecodedText {
  text: string;
  charset: string;
}

type IconvEncoding = Parameters<typeof iconv.decode>[1];

// Encoding declarations must sit at the very start of a document (XML 1.0 §4.3.1; HTML asks for the first 1024 bytes).
const SNIFF_BYTES = 1024;

// Longest first: the UTF-32LE mark starts with the UTF-16LE one.
const BYTE_ORDER_MARKS: ReadonlyArray<readonly [charset: string, bom: readonly number[]]> = [
  ['utf-8', [0xef, 0xbb, 0xbf]],
  ['utf-32le', [0xff, 0xfe, 0x00, 0x00]],
  ['utf-32be', [0x00, 0x00, 0xfe, 0xff]],
  ['utf-16le', [0xff, 0xfe]],
  ['utf-16be', [0xfe, 0xff]],
];

// Keys are labels in iconv-lite's canonical form (lower case, alphanumerics only). Following the WHATWG
// Encoding Standard, subset labels decode with the superset browsers use: feeds labelled GB2312 or GBK
// routinely contain GB18030-only characters, and "ISO-8859-1" text routinely contains windows-1252 quotes.
const LABEL_ALIASES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    ['gb2312', 'gbk', 'xgbk', 'csgb2312', 'gb231280', 'chinese', 'isoir58', 'cp936', 'windows936', 'ms936']
      .concat(['936', 'euccn', 'xeuccn'])
      .map((label) => [label, 'gb18030']),
  ),
  ...Object.fromEntries(
    ['iso88591', 'iso885911987', 'latin1', 'l1', 'cp819', 'ibm819', 'csisolatin1', 'ascii', 'usascii'].map(
      (label) => [label, 'windows-1252'],
    ),
  ),
  utf8: 'utf-8',
  unicode11utf8: 'utf-8',
  xunicode20utf8: 'utf-8',
  // WHATWG labels that iconv-lite does not know by these names.
  xeucjp: 'euc-jp',
  xcp1250: 'windows-1250',
  xcp1251: 'windows-1251',
  xmacroman: 'macintosh',
  tis620: 'windows-874',
  iso885911: 'windows-874',
};

const XML_DECLARATION = /^\s*<\?xml\s[^>]*?\?>/;
const XML_ENCODING = /\bencoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)\s*["']/;
const META_CHARSET = /<meta\s[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i;
const CONTENT_TYPE_CHARSET = /;\s*charset\s*=\s*["']?\s*([^"';\s]+)/i;

/**
 * Decodes a feed body, choosing the charset by byte order mark, then the Content-Type charset, then the
 * document's own declaration, then detection; valid UTF-8 with non-ASCII bytes wins over any other label.
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType: string | null): DecodedText {
  const bom = BYTE_ORDER_MARKS.find(([, mark]) => mark.every((byte, index) => bytes[index] === byte));
  if (bom) {
    const [charset, mark] = bom;
    return { text: decodeAs(bytes.subarray(mark.length), charset), charset };
  }
  const charset = chooseCharset(bytes, contentType);
  const text = decodeAs(bytes, charset);
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, charset };
}

function chooseCharset(bytes: Uint8Array, contentType: string | null): string {
  const validUtf8 = isUtf8(bytes);
  const labels = [CONTENT_TYPE_CHARSET.exec(contentType ?? '')?.[1], sniffDeclaredLabel(bytes)];
  for (const label of labels) {
    const charset = label === undefined ? null : resolveLabel(label);
    if (charset === null || !isPlausible(charset, bytes, validUtf8)) continue;
    // Multibyte sequences that validate as UTF-8 are vanishingly rare in legacy-charset text, while
    // UTF-8 mislabelled by a stale server default or CMS template ("charset=GBK") is common, and so
    // is such a feed with a summary cut mid-character.
    if (validUtf8) return isAscii(bytes) ? charset : 'utf-8';
    return charset !== 'utf-8' && isMostlyUtf8(bytes) ? 'utf-8' : charset;
  }
  // Unlabelled: a few broken sequences (a summary cut mid-character) should not turn a UTF-8 feed into
  // mojibake. Other bytes go to the detector, which keeps GB18030 (newsmill's legacy sources are
  // overwhelmingly Chinese sites serving GBK or GB2312) wherever it is unsure.
  if (validUtf8 || isMostlyUtf8(bytes)) return 'utf-8';
  const detected = detectLegacyCharset(bytes, (label) => resolveLabel(label) !== null);
  return resolveLabel(detected) ?? 'gb18030';
}

function resolveLabel(label: string): string | null {
  const name = label.trim().toLowerCase();
  const charset = LABEL_ALIASES[name.replace(/[^a-z0-9]/g, '')] ?? name;
  return iconv.encodingExists(charset) ? charset : null;
}

function isPlausible(charset: string, bytes: Uint8Array, validUtf8: boolean): boolean {
  // A UTF-8 label on bytes that are not UTF-8 is a server default, not a statement about this document.
  if (charset === 'utf-8') return validUtf8;
  // Markup or JSON in UTF-16/32 always has NUL bytes; without them the label describes ASCII-compatible bytes.
  if (/^(utf-?(16|32)|ucs-?[24])/.test(charset)) return bytes.subarray(0, SNIFF_BYTES).includes(0);
  return true;
}

function sniffDeclaredLabel(bytes: Uint8Array): string | undefined {
  // XML 1.0 Appendix F and RFC 4627 §3: a BOM-less UTF-16/32 document starts with an ASCII
  // character ("<", "{") padded with NULs, and where the NULs sit names the encoding.
  const wide = wideEncoding(bytes);
  if (wide !== null) return wide;
  // Latin-1 maps every byte to one character, so ASCII declarations read correctly whatever the charset.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, SNIFF_BYTES));
  const text = head.toString('latin1');
  const declaration = XML_DECLARATION.exec(text);
  // An XML declaration is authoritative; <meta> inside a feed would belong to embedded item HTML.
  if (declaration) return XML_ENCODING.exec(declaration[0])?.[1];
  return META_CHARSET.exec(text)?.[1];
}

function wideEncoding(bytes: Uint8Array): string | null {
  if (bytes.length < 4) return null;
  const zero = [0, 1, 2, 3].map((index) => bytes[index] === 0);
  if (zero[0] && zero[1] && zero[2] && !zero[3]) return 'utf-32be';
  if (!zero[0] && zero[1] && zero[2] && zero[3]) return 'utf-32le';
  if (zero[0] && !zero[1] && zero[2] && !zero[3]) return 'utf-16be';
  if (!zero[0] && zero[1] && !zero[2] && zero[3]) return 'utf-16le';
  return null;
}

function isMostlyUtf8(bytes: Uint8Array): boolean {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const length = lead < 0xc2 ? 0 : lead <= 0xdf ? 2 : lead <= 0xef ? 3 : lead <= 0xf4 ? 4 : 0;
    let ok = length > 0 && i + length <= bytes.length;
    for (let k = 1; ok && k < length; k += 1) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) {
      valid += 1;
      i += length;
    } else {
      invalid += 1;
      i += 1;
      // Legacy text (which now reaches here whenever it is labelled) fails fast: even if every
      // remaining pair of bytes were valid UTF-8, the damage would already be too much.
      if (invalid * 20 > valid + (bytes.length - i) / 2) return false;
    }
  }
  // GBK text fails on most of its double-byte pairs; UTF-8 with damage fails on a handful of them.
  return valid > 0 && invalid * 20 <= valid;
}

function decodeAs(bytes: Uint8Array, charset: string): string {
  if (charset === 'utf-8')
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return iconv.decode(bytes, charset as IconvEncoding);
}
