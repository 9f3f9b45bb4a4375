/*
 * How long a name may be where it becomes a file or folder name. ext4, NTFS and APFS allow 255
 * bytes (UTF-16 units on NTFS) per name. Hexo makes a folder of every front-matter category from a
 * slug of it, and `hexo generate` aborts the whole site with ENAMETOOLONG on the first name over
 * the limit, so newsmill cuts names well below it: a post file's `-<digest>.md` tail and Hexo's own
 * slugging (which can spell one character as two) still fit.
 */

/** The longest category name and path segment newsmill writes, in UTF-8 bytes. */
export const MAX_NAME_BYTES = 120;

let graphemes: Intl.Segmenter | null = null;

/**
 * Cuts `value` to at most `maxBytes` of UTF-8 without splitting a character, nor a sequence that
 * reads as one (an emoji with modifiers, a letter with its accents, a flag).
 */
export function truncateUtf8(value: string, maxBytes: number): string {
  if (Buffer.byteLength(value) <= maxBytes) return value;
  graphemes ??= new Intl.Segmenter('und', { granularity: 'grapheme' });
  const whole = takeWhole(graphemes.segment(value), (part) => part.segment, maxBytes);
  // One cluster longer than the limit (a letter under a thousand accents) is cut between characters.
  return whole !== '' ? whole : takeWhole(value, (character) => character, maxBytes);
}

function takeWhole<T>(parts: Iterable<T>, text: (part: T) => string, maxBytes: number): string {
  let result = '';
  let bytes = 0;
  for (const part of parts) {
    const piece = text(part);
    bytes += Buffer.byteLength(piece);
    if (bytes > maxBytes) break;
    result += piece;
  }
  return result;
}

/** A category name cut to {@link MAX_NAME_BYTES}, without the spaces a cut can leave at its end. */
export function limitCategoryName(name: string): string {
  return Buffer.byteLength(name) <= MAX_NAME_BYTES ? name : truncateUtf8(name, MAX_NAME_BYTES).trimEnd();
}
