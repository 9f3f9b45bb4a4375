import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { plainOrQuoted, singleQuoted } from './yaml-scalar.js';

const HARD_VALUES = [
  `It's "quoted": both`,
  '外媒："中国\'新基建\'按下快进键" 引热议',
  '- starts like a list item',
  '#hashtag at the start',
  'a # comment-looking part',
  'key: value',
  'ends with colon:',
  '? question',
  '[bracketed]',
  '{braced}',
  '&anchor *alias !tag',
  '| literal > folded',
  '%directive @at `tick`',
  'true',
  'No',
  'null',
  '~',
  '123',
  '0x1F',
  '1e5',
  '12:30',
  '36kr',
  '2021-12-16',
  '<<',
  'IT 之家',
  '新媒体',
  "''",
  ' padded ',
];

describe('YAML scalars', () => {
  it.each(HARD_VALUES)('single-quoted %j loads back unchanged', (value) => {
    expect(parse(`v: ${singleQuoted(value)}`)).toEqual({ v: value.trim() });
  });

  it.each(HARD_VALUES)('plain-or-quoted %j loads back unchanged as a string', (value) => {
    expect(parse(`v: ${plainOrQuoted(value)}`)).toEqual({ v: value.trim() });
  });

  it('keeps safe values plain, like the seed', () => {
    expect(plainOrQuoted('新媒体')).toBe('新媒体');
    expect(plainOrQuoted('ZAKER')).toBe('ZAKER');
    expect(plainOrQuoted('IT 之家')).toBe('IT 之家');
    expect(plainOrQuoted('yes')).toBe("'yes'");
  });

  it('folds newlines and drops characters YAML cannot hold', () => {
    expect(singleQuoted('a\nb\tc\u0007d')).toBe("'a b cd'");
    expect(singleQuoted('emoji 🚀 stays, lone \uD800 goes')).toBe("'emoji 🚀 stays, lone goes'");
  });
});
