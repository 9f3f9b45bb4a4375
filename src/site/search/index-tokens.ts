import { tokenizeSearchText } from './search-tokens.js';

/*
 * The index builder's tokenizer. It must give exactly the tokens of `tokenizeSearchText`, which the
 * browser runs on queries, but the builder runs over every post's text, where the regular
 * expression with its Unicode script classes, NFKC and the per-run arrays took most of a cold
 * build's index time. News text is nearly all common CJK ideographs, ASCII and a little
 * punctuation: for text made only of those this does the same in one pass over char codes, and
 * text holding anything else (kana, Hangul, accents, emoji, compatibility forms) goes through
 * `tokenizeSearchText` itself, so the two cannot disagree.
 */

const SEPARATOR = 0;
const WORD = 1;
const DIGIT = 2;
const HAN = 3;
const OTHER = 4;

/** The class of a char code in text the fast path can take, or OTHER. */
function classOf(code: number): number {
  if (code < 0x80) {
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) return WORD;
    return code >= 0x30 && code <= 0x39 ? DIGIT : SEPARATOR;
  }
  // CJK Unified Ideographs assigned since Unicode 11; NFKC leaves them alone.
  if (code >= 0x4e00 && code <= 0x9fef) return HAN;
  // Fullwidth ASCII: NFKC maps it to ASCII, which the caller does before classifying.
  if (code >= 0xff01 && code <= 0xff5e) return classOf(code - 0xfee0);
  // Ideographic punctuation, brackets, curly quotes, dashes, ellipsis and the middle dot: NFKC keeps
  // them punctuation (U+3000 becomes a space), none is a letter, digit or mark.
  if (
    (code >= 0x3000 && code <= 0x3003) ||
    (code >= 0x3008 && code <= 0x3011) ||
    (code >= 0x3014 && code <= 0x301b) ||
    (code >= 0x2013 && code <= 0x2014) ||
    (code >= 0x2018 && code <= 0x2019) ||
    (code >= 0x201c && code <= 0x201d) ||
    code === 0x2026 ||
    code === 0x00b7
  )
    return SEPARATOR;
  return OTHER;
}

/** The lowercase ASCII a fast-path word character stands for (fullwidth forms folded). */
function foldedWordCode(code: number): number {
  const ascii = code >= 0xff01 ? code - 0xfee0 : code;
  return ascii >= 0x41 && ascii <= 0x5a ? ascii + 0x20 : ascii;
}

/**
 * A token as the index builder keys it: a token of exactly two UTF-16 units (every CJK bigram) is
 * the number `first * 0x10000 + second`, anything else stays a string. Number keys spare the
 * builder a string allocation and hashing per bigram.
 */
export type IndexTokenKey = number | string;

/** The key of a token, by the rule above. */
export function indexTokenKey(token: string): IndexTokenKey {
  return token.length === 2 ? token.charCodeAt(0) * 0x10000 + token.charCodeAt(1) : token;
}

/** The token a key stands for. */
export function indexTokenText(key: IndexTokenKey): string {
  return typeof key === 'number' ? String.fromCharCode(Math.floor(key / 0x10000), key % 0x10000) : key;
}

/** Calls `emit` with the key of each token `tokenizeSearchText(text)` gives, in the same order. */
export function forEachIndexToken(text: string, emit: (key: IndexTokenKey) => void): void {
  for (let i = 0; i < text.length; i++) {
    if (classOf(text.charCodeAt(i)) === OTHER) {
      for (const token of tokenizeSearchText(text)) emit(indexTokenKey(token));
      return;
    }
  }
  let runStart = -1;
  let runClass = SEPARATOR;
  let runHasDigit = false;
  let word = '';
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 0x20;
    const kind = classOf(code);
    const runKind = kind === DIGIT ? WORD : kind;
    if (runClass !== SEPARATOR && runKind !== runClass) {
      if (runClass === HAN) {
        if (i - runStart === 1) emit(text[runStart] as string);
        for (let j = runStart; j + 1 < i; j++) emit(text.charCodeAt(j) * 0x10000 + text.charCodeAt(j + 1));
      } else if (word.length > 1 || runHasDigit) emit(indexTokenKey(word));
      runClass = SEPARATOR;
    }
    if (runKind === SEPARATOR) continue;
    if (runClass === SEPARATOR) {
      runClass = runKind;
      runStart = i;
      runHasDigit = false;
      word = '';
    }
    if (runKind === WORD) {
      word += String.fromCharCode(foldedWordCode(code));
      if (kind === DIGIT) runHasDigit = true;
    }
  }
}

/** The tokens `tokenizeSearchText(text)` gives, in the same order (for tests and tools). */
export function indexTokens(text: string): string[] {
  const tokens: string[] = [];
  forEachIndexToken(text, (key) => tokens.push(indexTokenText(key)));
  return tokens;
}
