import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasControlCharacter, stripControlCharacters, toTerminalLine } from './control-characters.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

describe('control characters', () => {
  it('removes whole escape sequences, C0 and C1 controls and bidi overrides', () => {
    expect(stripControlCharacters('\u001b[31mred\u001b[0m \u001b]0;owned\u0007title')).toBe('red title');
    expect(stripControlCharacters('a\u001b]8;;https://x\u001b\\link\u001b]8;;\u001b\\b')).toBe('alinkb');
    expect(stripControlCharacters('\u009b2Jclear \u001bcreset \u001b(Bcharset')).toBe('clear reset charset');
    expect(stripControlCharacters('bell\u0007 back\bspace cr\r del\u007f nul\u0000 c1\u0085')).toBe(
      'bell backspace cr del nul c1',
    );
    expect(stripControlCharacters('abc\u202Egnp.exe \u2066x\u2069 \u202Ay\u202C')).toBe('abcgnp.exe x y');
    expect(stripControlCharacters('tab\there\nline 新闻 عربي\u200F')).toBe('tab\there\nline 新闻 عربي\u200F');
  });

  it('finds any C0 or C1 control in a URL or path, tab and line feed included', () => {
    for (const text of ['a\tb', 'a\nb', '\u0000', 'x\u001b[2J', 'del\u007f', 'c1\u0085', '\u009f'])
      expect(hasControlCharacter(text)).toBe(true);
    for (const text of ['https://a.example/新闻?q=1', 'a/b c.md', 'عربي\u200F', ' \u00a0'])
      expect(hasControlCharacter(text)).toBe(false);
  });

  it('makes one line of terminal output: tabs and line breaks become spaces', () => {
    expect(toTerminalLine('ok a:\nfailed b: fake\tline\u2028x\u001b[2K')).toBe('ok a: failed b: fake line x');
  });

  it('leaves no control character whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(toTerminalLine(text)).not.toMatch(CONTROL);
      }),
    );
  });
});
