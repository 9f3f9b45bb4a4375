import { titleUnigrams, tokenizeSearchText } from './search-tokens.js';

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

// CJK Unified Ideographs assigned since Unicode 11; NFKC leaves them alone.
const HAN_FIRST = 0x4e00;
const HAN_LAST = 0x9fef;
const HAN_SPAN = HAN_LAST - HAN_FIRST + 1;
// Past every bigram key; bigram and unigram keys together stay below 2^30, V8's small integers.
const UNIGRAM_BASE = HAN_SPAN * HAN_SPAN;

/*
 * Non-ASCII characters the fast path treats as separators: punctuation and symbols that NFKC leaves
 * alone and that are no letter, digit or mark (ideographic punctuation, curly quotes, dashes,
 * bullets, arrows, maths, box drawing, geometric shapes such as the △ of image captions, dingbats).
 * One of them anywhere used to send a whole post through the regular expression.
 * `index-tokens.test.ts` holds every BMP character against `tokenizeSearchText`.
 */
const SEPARATOR_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0xa1, 0xa7],
  [0xa9, 0xa9],
  [0xab, 0xae],
  [0xb0, 0xb1],
  [0xb6, 0xb7],
  [0xbb, 0xbb],
  [0xbf, 0xbf],
  [0xd7, 0xd7],
  [0xf7, 0xf7],
  [0x2010, 0x2010],
  [0x2012, 0x2016],
  [0x2018, 0x2023],
  [0x2026, 0x2026],
  [0x2030, 0x2030],
  [0x2032, 0x2032],
  [0x2035, 0x2035],
  [0x2038, 0x203b],
  [0x2190, 0x222b],
  [0x2231, 0x2328],
  [0x2500, 0x2775],
  [0x2794, 0x27bf],
  [0x3000, 0x3004],
  [0x3008, 0x3020],
  [0x3030, 0x3030],
  [0x303d, 0x303f],
];
const SEPARATOR_TABLE_END = 0x3040;
const SEPARATOR_TABLE = new Uint8Array(SEPARATOR_TABLE_END);
for (const [first, last] of SEPARATOR_RANGES) SEPARATOR_TABLE.fill(1, first, last + 1);

/** The class of a char code in text the fast path can take, or OTHER. */
function classOf(code: number): number {
  if (code < 0x80) {
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) return WORD;
    return code >= 0x30 && code <= 0x39 ? DIGIT : SEPARATOR;
  }
  if (code >= HAN_FIRST && code <= HAN_LAST) return HAN;
  // Fullwidth ASCII: NFKC maps it to ASCII, which the caller does before classifying.
  if (code >= 0xff01 && code <= 0xff5e) return classOf(code - 0xfee0);
  // U+3000 becomes a space under NFKC: a separator all the same.
  return code < SEPARATOR_TABLE_END && SEPARATOR_TABLE[code] === 1 ? SEPARATOR : OTHER;
}

/** The lowercase ASCII a fast-path word character stands for (fullwidth forms folded). */
function foldedWordCode(code: number): number {
  const ascii = code >= 0xff01 ? code - 0xfee0 : code;
  return ascii >= 0x41 && ascii <= 0x5a ? ascii + 0x20 : ascii;
}

/** The word `text` holds from `start` to `end`, lowercase and with fullwidth forms folded. */
function wordOf(text: string, start: number, end: number, needsFolding: boolean): string {
  if (!needsFolding) return text.slice(start, end);
  let word = '';
  for (let i = start; i < end; i++) word += String.fromCharCode(foldedWordCode(text.charCodeAt(i)));
  return word;
}

function isCommonHan(code: number): boolean {
  return code >= HAN_FIRST && code <= HAN_LAST;
}

/**
 * Receives the tokens of a text. A one- or two-character token of common CJK ideographs (nearly
 * every token of Chinese text) arrives as a small integer key, which spares the builder a string,
 * a heap number and string hashing per token; any other token arrives as its text.
 */
export interface IndexTokenSink {
  han(key: number): void;
  word(token: string): void;
}

/** The token a `han` key stands for. */
export function hanKeyText(key: number): string {
  if (key >= UNIGRAM_BASE) return String.fromCharCode(HAN_FIRST + key - UNIGRAM_BASE);
  return String.fromCharCode(HAN_FIRST + Math.floor(key / HAN_SPAN), HAN_FIRST + (key % HAN_SPAN));
}

/** Hands `token` to the sink, as a key when it is one or two common CJK ideographs. */
function sendToken(token: string, sink: IndexTokenSink): void {
  const first = token.charCodeAt(0);
  if (token.length === 1 && isCommonHan(first)) sink.han(UNIGRAM_BASE + first - HAN_FIRST);
  else if (token.length === 2 && isCommonHan(first) && isCommonHan(token.charCodeAt(1)))
    sink.han((first - HAN_FIRST) * HAN_SPAN + token.charCodeAt(1) - HAN_FIRST);
  else sink.word(token);
}

const hex = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;
// Any character `classOf` calls OTHER; a compiled character class scans text faster than a loop.
const OTHER_CHARACTER = new RegExp(
  `[^\\0-\\x7f\\u4e00-\\u9fef\\uff01-\\uff5e${SEPARATOR_RANGES.map(
    ([first, last]) => `${hex(first)}-${hex(last)}`,
  ).join('')}]`,
);

/** Whether every character of `text` is one the one-pass tokenizer handles. */
function isFastPathText(text: string): boolean {
  return !OTHER_CHARACTER.test(text);
}

/** Hands the sink each token `tokenizeSearchText(text)` gives, in the same order. */
export function forEachIndexToken(text: string, sink: IndexTokenSink): void {
  if (!isFastPathText(text)) {
    for (const token of tokenizeSearchText(text)) sendToken(token, sink);
    return;
  }
  let runStart = -1;
  let runClass = SEPARATOR;
  let runHasDigit = false;
  let runNeedsFolding = false;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 0x20;
    const kind = classOf(code);
    const runKind = kind === DIGIT ? WORD : kind;
    if (runClass !== SEPARATOR && runKind !== runClass) {
      if (runClass === HAN) {
        let previous = text.charCodeAt(runStart) - HAN_FIRST;
        if (i - runStart === 1) sink.han(UNIGRAM_BASE + previous);
        for (let j = runStart + 1; j < i; j++) {
          const next = text.charCodeAt(j) - HAN_FIRST;
          sink.han(previous * HAN_SPAN + next);
          previous = next;
        }
      } else if (i - runStart > 1 || runHasDigit) sink.word(wordOf(text, runStart, i, runNeedsFolding));
      runClass = SEPARATOR;
    }
    if (runKind === SEPARATOR) continue;
    if (runClass === SEPARATOR) {
      runClass = runKind;
      runStart = i;
      runHasDigit = false;
      runNeedsFolding = false;
    }
    if (kind === DIGIT) runHasDigit = true;
    // Uppercase or fullwidth.
    if (runKind === WORD && (code < 0x61 || code > 0x7a) && (code < 0x30 || code > 0x39))
      runNeedsFolding = true;
  }
}

/** Hands the sink each token `titleUnigrams(title)` gives, in the same order. */
export function forEachTitleUnigram(title: string, sink: IndexTokenSink): void {
  if (!isFastPathText(title)) {
    for (const token of titleUnigrams(title)) sendToken(token, sink);
    return;
  }
  // NFKC leaves common ideographs alone and maps nothing else of the fast path to a CJK script.
  for (let i = 0; i < title.length; i++) {
    const code = title.charCodeAt(i);
    if (isCommonHan(code)) sink.han(UNIGRAM_BASE + code - HAN_FIRST);
  }
}

/** A sink that collects token texts (for tests and tools). */
function collectingSink(tokens: string[]): IndexTokenSink {
  return { han: (key) => tokens.push(hanKeyText(key)), word: (token) => tokens.push(token) };
}

/** The tokens `tokenizeSearchText(text)` gives, in the same order. */
export function indexTokens(text: string): string[] {
  const tokens: string[] = [];
  forEachIndexToken(text, collectingSink(tokens));
  return tokens;
}

/** The tokens `titleUnigrams(title)` gives, in the same order. */
export function indexTitleUnigrams(title: string): string[] {
  const tokens: string[] = [];
  forEachTitleUnigram(title, collectingSink(tokens));
  return tokens;
}
