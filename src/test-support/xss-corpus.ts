import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One attack vector of the test corpus, with where it came from. */
export interface XssVector {
  file: string;
  line: number;
  html: string;
}

const CONTROL_SYMBOLS: Record<string, string> = { '␤': '\n', '␍': '\r', '␉': '\t', '␌': '\f', '␀': '\0' };

/** Reads `src/content/testdata/xss/*.txt`: one vector per line, control characters written as ␤ ␍ ␉ ␌ ␀. */
export function loadXssCorpus(): XssVector[] {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../content/testdata/xss');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .flatMap((file) =>
      readFileSync(path.join(dir, file), 'utf8')
        .split('\n')
        .map((text, index) => ({ file, line: index + 1, text }))
        .filter(({ text }) => text.trim() !== '' && !text.startsWith('#'))
        .map(({ line, text }) => ({
          file,
          line,
          html: text.replace(/[␤␍␉␌␀]/g, (c) => CONTROL_SYMBOLS[c] ?? c),
        })),
    );
}
