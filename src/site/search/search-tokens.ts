/*
 * These two functions run on both sides: the builder indexes with them and the search script
 * embeds their source text (Function.prototype.toString), so a query is always tokenized exactly
 * like the index. They must stay self-contained: no imports, no outer variables.
 */

/**
 * Splits text into search tokens: Han, kana and Hangul runs become overlapping bigrams (CJK has no
 * spaces, so whitespace splitting would make a whole sentence one token); a one-character CJK run
 * stays a unigram; other letters and digits form lowercase words, dropping single letters.
 */
export function tokenizeSearchText(text: string): string[] {
  const tokens: string[] = [];
  const runs =
    /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}\p{M}])+/gu;
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(runs)) {
    const run = match[0];
    if (/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(run)) {
      const characters = Array.from(run);
      if (characters.length === 1) tokens.push(run);
      for (let i = 0; i + 1 < characters.length; i++) tokens.push(characters[i] + '' + characters[i + 1]);
    } else if (run.length > 1 || /\d/.test(run)) {
      tokens.push(run);
    }
  }
  return tokens;
}

/** The shard (0 … count−1) a token's postings live in: FNV-1a over UTF-16 units. */
export function searchBucketOf(token: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    hash ^= token.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

/**
 * The token a post's top category is indexed under, so that a search within one category is one
 * more posting list to intersect. No query token starts with `#`: the tokenizer keeps letters and
 * digits only.
 */
export function categoryToken(top: string): string {
  return '#' + top.normalize('NFKC').toLowerCase();
}

/** Single CJK characters of a title, so that a one-character query still finds titles. */
export function titleUnigrams(title: string): string[] {
  return Array.from(
    title
      .normalize('NFKC')
      .matchAll(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu),
    (match) => match[0],
  );
}
