import { describe, expect, it } from 'vitest';
import { decodeXmlText } from './xml-entities.js';

describe('decodeXmlText', () => {
  it('decodes predefined, numeric and undeclared HTML references, and leaves bare "&" alone', () => {
    expect(decodeXmlText('&lt;p&gt; &amp; &quot;x&quot; &#x4e2d;&#25991; &nbsp;&mdash;')).toBe(
      '<p> & "x" 中文 \u00a0—',
    );
    expect(decodeXmlText('a=1&b=2; AT&T &unknown; &amp')).toBe('a=1&b=2; AT&T &unknown; &amp');
  });

  it('stays linear on a large body of bare "&" with no ";" after them', () => {
    // Searching the whole rest of the text for ";" after each "&" took seconds here.
    const raw = 'x=1&y=2 '.repeat(500_000);
    const started = performance.now();
    expect(decodeXmlText(raw)).toBe(raw);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
