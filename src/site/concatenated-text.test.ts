import { describe, expect, it } from 'vitest';
import { concatenated } from './concatenated-text.js';

describe('concatenated', () => {
  it('gives what join gives, for no part, one, and many around any separator', () => {
    const cases: Array<[string[], string]> = [
      [[], '\n'],
      [['only'], '\n'],
      [['<entry>一</entry>', '', '<entry>二</entry>'], '\n'],
      [Array.from({ length: 500 }, (_, index) => `part ${index} 汉字`.repeat(index % 7)), ',\n'],
      [['a', 'b'], ''],
    ];
    for (const [parts, separator] of cases)
      expect(concatenated(parts, separator)).toBe(parts.join(separator));
  });
});
