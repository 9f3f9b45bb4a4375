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

describe('htmlToPlainText and text that is not shown', () => {
  it('drops the source of scripts and styles, not only their tags', () => {
    expect(htmlToPlainText('A<script>alert(1)</script>B')).toBe('AB');
    expect(htmlToPlainText('Desc<style type="text/css">p { color: red }</style> end')).toBe('Desc end');
    // Script text is raw: a tag inside a string literal does not end it.
    expect(htmlToPlainText('<SCRIPT>var a = "</b><p>";</SCRIPT >Title')).toBe('Title');
    // Without an end tag it is only a tag: "the <script> tag" in a title keeps its words.
    expect(htmlToPlainText('How to use the <script> tag')).toBe('How to use the tag');
  });

  it('drops plugin, frame and template fallbacks with their tags', () => {
    expect(htmlToPlainText('<applet code="foo.class" codebase="x"></applet>Hello')).toBe('Hello');
    expect(htmlToPlainText('A<object data="x"><param name="a"><object>inner</object>alt</object>B')).toBe(
      'AB',
    );
    expect(htmlToPlainText('A<iframe src="x">no frames</iframe>B<noscript>enable JS</noscript>C')).toBe(
      'ABC',
    );
    expect(
      htmlToPlainText('A<svg><title>icon</title><script>x()</script></svg>B<template>t</template>'),
    ).toBe('AB');
  });

  it('still keeps generics named like HTML elements when written in mixed case', () => {
    expect(htmlToPlainText('List<Object> and Option<Image>')).toBe('List<Object> and Option<Image>');
    expect(htmlToPlainText('Vec<T> <b>bold</b> <script>x()</script>')).toBe('Vec<T> bold');
  });

  it('stays linear when hidden elements are left open by the thousand', () => {
    const hostile = `${'<object><script>'.repeat(50_000)}text</object>`;
    const started = performance.now();
    // The one end tag closes the last object, which takes the text with it.
    expect(htmlToPlainText(`Title ${hostile}`)).toBe('Title');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
