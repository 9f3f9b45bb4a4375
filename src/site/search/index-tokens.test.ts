import { describe, expect, it } from 'vitest';
import { indexTitleUnigrams, indexTokens } from './index-tokens.js';
import { titleUnigrams, tokenizeSearchText } from './search-tokens.js';

describe('indexTokens', () => {
  it('gives tokenizeSearchText’s tokens and titleUnigrams’ characters around every BMP character', () => {
    const mismatches: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const c = String.fromCharCode(code);
      for (const text of [`a${c}b`, `${c}${c}`, `国${c}家`, `1${c}`, `${c}Ｘ9`, c]) {
        if (JSON.stringify(indexTokens(text)) !== JSON.stringify(tokenizeSearchText(text)))
          mismatches.push(`U+${code.toString(16)} in ${JSON.stringify(text)}`);
        if (JSON.stringify(indexTitleUnigrams(text)) !== JSON.stringify(titleUnigrams(text)))
          mismatches.push(`unigrams of U+${code.toString(16)} in ${JSON.stringify(text)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('gives the same tokens for random mixes of news text, punctuation and other scripts', () => {
    const alphabet = [
      ...'abcXYZ019 ,.-_!?\'"()[]:;/\n\t国家统计局经济运行平稳，。、：；！？“”‘’（）【】《》「」…—–·ＡＢｃ０１２＃＆\u3000',
      ...[
        '△',
        '▲',
        '●',
        '→',
        '×',
        '°',
        '※',
        '—',
        'ひら',
        'カタ',
        '한국',
        'é',
        'ü',
        '😀',
        '\u0301',
        'ﬁ',
        '①',
        'Ⅳ',
        '\u{20000}',
      ],
    ];
    let state = 1;
    const random = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (let n = 0; n < 20_000; n++) {
      // Mostly fast-path text; one time in four anything.
      const pool = random() < 0.75 ? alphabet.length - 11 : alphabet.length;
      let text = '';
      for (let i = Math.floor(random() * 16); i > 0; i--) text += alphabet[Math.floor(random() * pool)];
      expect(indexTokens(text), JSON.stringify(text)).toEqual(tokenizeSearchText(text));
      expect(indexTitleUnigrams(text), JSON.stringify(text)).toEqual(titleUnigrams(text));
    }
  });

  it('splits Chinese into bigrams and keeps words with digits', () => {
    expect(indexTokens('Kubernetes 集群，Ｇ５ 与 a 到 v2')).toEqual([
      'kubernetes',
      '集群',
      'g5',
      '与',
      '到',
      'v2',
    ]);
  });
});
