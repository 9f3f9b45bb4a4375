import { describe, expect, it } from 'vitest';
import { escapeHexoBody } from './hexo-body.js';

describe('escapeHexoBody', () => {
  it('writes braces, backticks and tildes as entities and leaves everything else alone', () => {
    expect(escapeHexoBody('<pre><code>```js\n{{ a }}\n~~~\n</code></pre><p>50% off</p>')).toBe(
      '<pre><code>&#96;&#96;&#96;js\n&#123;&#123; a &#125;&#125;\n&#126;&#126;&#126;\n</code></pre><p>50% off</p>',
    );
  });
});
