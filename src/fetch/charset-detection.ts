import { analyse } from 'chardet';

// The detector's statistics settle within a few kilobytes of text; a 20 MB body need not be read whole.
const SAMPLE_BYTES = 64 * 1024;

// Multibyte charsets whose byte patterns the detector checks; a single-byte guess has no such proof.
const MULTIBYTE = new Set(['GB18030', 'Big5', 'Shift_JIS', 'EUC-JP', 'EUC-KR']);

/**
 * Guesses the charset of legacy (non-UTF-8) bytes that declare none, returning a label for
 * `resolveLabel`. The detector (chardet, a port of ICU's) decides when it is sure: a multibyte
 * charset more likely than GB18030, or a single-byte one on bytes that are not GBK. Where it is
 * unsure, GB18030 wins, because newsmill's legacy sources are overwhelmingly Chinese and short
 * Chinese text (a title or two) is read as ISO-8859-1, or as EUC-KR, which shares its byte ranges.
 */
export function detectLegacyCharset(bytes: Uint8Array, isUsable: (label: string) => boolean): string {
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  const matches = analyse(sample).filter(
    (match) => !/^(utf|ascii)/i.test(match.name) && isUsable(match.name),
  );
  const top = matches[0];
  const gb18030 = matches.find((match) => match.name === 'GB18030')?.confidence ?? 0;
  if (top === undefined) return 'gb18030';
  if (MULTIBYTE.has(top.name) && top.confidence > gb18030) return top.name;
  if (top.name === 'GB18030' || looksLikeGbk(sample)) return 'gb18030';
  return top.name;
}

/**
 * Whether the non-ASCII bytes read as GBK Chinese: nearly all valid GBK or GB18030 sequences,
 * and most of them in the GB2312 range (both bytes 0xA1–0xFE) where Chinese characters and
 * punctuation sit. Latin-1 accents stand alone between ASCII letters, and Cyrillic words of an odd
 * length leave a byte unpaired, so single-byte text fails.
 */
function looksLikeGbk(bytes: Uint8Array): boolean {
  let sequences = 0;
  let common = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const second = bytes[i + 1] ?? 0;
    if (lead >= 0x81 && lead <= 0xfe && second >= 0x30 && second <= 0x39) {
      // A four-byte GB18030 sequence: lead, digit, lead, digit.
      const third = bytes[i + 2] ?? 0;
      const fourth = bytes[i + 3] ?? 0;
      const valid = third >= 0x81 && third <= 0xfe && fourth >= 0x30 && fourth <= 0x39;
      if (valid) sequences += 1;
      else invalid += 1;
      i += valid ? 4 : 1;
    } else if (lead >= 0x81 && lead <= 0xfe && second >= 0x40 && second <= 0xfe && second !== 0x7f) {
      sequences += 1;
      if (lead >= 0xa1 && second >= 0xa1) common += 1;
      i += 2;
    } else {
      invalid += 1;
      i += 1;
    }
  }
  // A body cut short mid-character leaves a few broken sequences in real GBK.
  return sequences > 0 && invalid * 20 <= sequences && common * 5 >= sequences * 4;
}
