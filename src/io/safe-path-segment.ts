import { MAX_NAME_BYTES, truncateUtf8 } from '../core/name-length.js';

// ASCII other than letters, digits, `.`, `_` and `-` is unsafe on some filesystem or awkward in a
// URL (Hexo derives permalinks from file names); CJK text and its punctuation stay readable.
const UNSAFE_NAME_CHARACTERS = /[^\p{L}\p{N}\p{M}._\-\u{80}-\u{10FFFF}]+/gu;
// C1 controls, line and paragraph separators, and the bidi embeddings, overrides and isolates that
// make `evil\u202Etxt.exe` show as `evilexe.txt` (CVE-2021-42574); marks such as RLM are kept.
const DISGUISING_CHARACTERS = /[\u{80}-\u{9f}\u{2028}\u{2029}\u{202a}-\u{202e}\u{2066}-\u{2069}]+/gu;
// Win32 device names, which Windows refuses as a file or folder name in any case and with any
// extension (`nul.txt` is NUL too): Microsoft's "Naming Files, Paths, and Namespaces".
const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?=\.|$)/iu;

/** Makes one path segment safe on every common filesystem while keeping CJK text readable. */
export function safePathSegment(value: string, fallback: string): string {
  const cleaned = value
    .normalize('NFC')
    .replace(UNSAFE_NAME_CHARACTERS, '-')
    .replace(DISGUISING_CHARACTERS, '-')
    .replace(/\s+/g, '-')
    .replace(/-{2,}/g, '-')
    // Hexo skips any path part starting with `.` or `_` as hidden; a trailing dot or space breaks Windows.
    .replace(/^[-._]+|[-.\s]+$/g, '')
    // `CON` → `CON_`: still readable, and an ordinary name to Windows.
    .replace(WINDOWS_DEVICE_NAME, '$1_');
  // A cut can leave a dot at the end, which Windows refuses, or a dangling dash.
  return truncateUtf8(cleaned, MAX_NAME_BYTES).replace(/[-.]+$/, '') || fallback;
}
