import { describe, expect, it } from 'vitest';
import { htmlToPlainText } from './plain-text.js';

describe('htmlToPlainText', () => {
  it('strips HTML tags and comments, spacing out block elements only', () => {
    expect(htmlToPlainText('<b>粗体</b>标题<!-- x --><br/>第二行')).toBe('粗体标题 第二行');
    expect(htmlToPlainText('<p>One</p><p>Two</p> <span class="x">3</span>')).toBe('One Two 3');
    expect(htmlToPlainText('<A HREF="https://a.example/">Link</A>')).toBe('Link');
  });

  it('keeps text that only looks like a tag: generics, comparisons, placeholders', () => {
    expect(htmlToPlainText('Vec&lt;T&gt; in Rust')).toBe('Vec<T> in Rust');
    expect(htmlToPlainText('Java List<String> 详解')).toBe('Java List<String> 详解');
    expect(htmlToPlainText('if a < b and c > d')).toBe('if a < b and c > d');
    expect(htmlToPlainText('Map<K, V> and <b>bold</b>')).toBe('Map<K, V> and bold');
  });

  it('decodes the entities left after XML decoding, as double-escaped feeds need', () => {
    expect(htmlToPlainText('AT&amp;T &lt;b&gt;')).toBe('AT&T <b>');
  });
});
